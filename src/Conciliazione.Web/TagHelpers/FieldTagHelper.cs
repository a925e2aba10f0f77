using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Conciliazione.Web.TagHelpers;

/// <summary>
/// A Bootstrap Italia form field: label, input keeping what the user typed, and its Italian error
/// linked by aria-describedby. <c>&lt;field for="Input.Email" label="E-mail" type="email" /&gt;</c>
/// </summary>
[HtmlTargetElement("field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    public string Label { get; set; } = "";

    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public string? Hint { get; set; }

    public bool Required { get; set; }

    public string? Inputmode { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // Inside a partial rendered with for="...", the prefix comes from the view data.
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).Where(m => !string.IsNullOrEmpty(m)).ToList() ?? [];
        var value = Type == "password"
            ? ""
            : state?.AttemptedValue ?? FormatModel(For.Model);

        var enc = HtmlEncoder.Default;
        var describedBy = new List<string>();
        if (Hint is not null)
        {
            describedBy.Add(id + "-hint");
        }

        if (errors.Count > 0)
        {
            describedBy.Add(id + "-error");
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "form-group");
        var html = new System.Text.StringBuilder();
        html.Append("<label for=\"").Append(id).Append("\" class=\"active\">").Append(enc.Encode(Label));
        if (Required)
        {
            html.Append(" <span aria-hidden=\"true\">*</span>");
        }

        html.Append("</label>");
        html.Append("<input class=\"form-control").Append(errors.Count > 0 ? " is-invalid" : "").Append("\" type=\"").Append(enc.Encode(Type))
            .Append("\" id=\"").Append(id).Append("\" name=\"").Append(enc.Encode(name)).Append("\" value=\"").Append(enc.Encode(value ?? "")).Append('"');
        if (Autocomplete is not null)
        {
            html.Append(" autocomplete=\"").Append(enc.Encode(Autocomplete)).Append('"');
        }

        if (Inputmode is not null)
        {
            html.Append(" inputmode=\"").Append(enc.Encode(Inputmode)).Append('"');
        }

        if (Required)
        {
            html.Append(" aria-required=\"true\"");
        }

        if (errors.Count > 0)
        {
            html.Append(" aria-invalid=\"true\"");
        }

        if (describedBy.Count > 0)
        {
            html.Append(" aria-describedby=\"").Append(string.Join(' ', describedBy)).Append('"');
        }

        html.Append(" />");
        if (Hint is not null)
        {
            html.Append("<small id=\"").Append(id).Append("-hint\" class=\"form-text\">").Append(enc.Encode(Hint)).Append("</small>");
        }

        if (errors.Count > 0)
        {
            html.Append("<div id=\"").Append(id).Append("-error\" class=\"invalid-feedback d-block\">")
                .Append(enc.Encode(string.Join(" ", errors))).Append("</div>");
        }

        output.Content.SetHtmlContent(html.ToString());
    }

    private static string? FormatModel(object? model) => model switch
    {
        null => null,
        decimal d => Conciliazione.Domain.Money.ToInput(d),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
