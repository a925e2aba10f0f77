using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Conciliazione.Web.TagHelpers;

/// <summary>
/// A labelled textarea keeping what was typed, with its Italian error:
/// <c>&lt;textarea-field for="Input.Modality" label="Modalità" rows="4" /&gt;</c>
/// </summary>
[HtmlTargetElement("textarea-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TextAreaFieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    public int Rows { get; set; } = 4;

    public bool Required { get; set; }

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
        var value = state?.AttemptedValue ?? For.Model?.ToString() ?? "";
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
        var html = new StringBuilder();
        html.Append("<label for=\"").Append(id).Append("\" class=\"active\">").Append(enc.Encode(Label));
        if (Required)
        {
            html.Append(" <span class=\"visually-hidden\">(obbligatorio)</span><span aria-hidden=\"true\">*</span>");
        }

        html.Append("</label><textarea class=\"form-control").Append(errors.Count > 0 ? " is-invalid" : "")
            .Append("\" id=\"").Append(id).Append("\" name=\"").Append(enc.Encode(name)).Append("\" rows=\"").Append(Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('"');
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

        html.Append('>').Append(enc.Encode(value)).Append("</textarea>");
        if (Hint is not null)
        {
            html.Append("<small id=\"").Append(id).Append("-hint\" class=\"form-text\">").Append(enc.Encode(Hint)).Append("</small>");
        }

        if (errors.Count > 0)
        {
            html.Append("<div id=\"").Append(id).Append("-error\" class=\"invalid-feedback d-block\">").Append(enc.Encode(string.Join(" ", errors))).Append("</div>");
        }

        output.Content.SetHtmlContent(html.ToString());
    }
}

/// <summary>
/// A labelled select keeping the chosen option, with its Italian error:
/// <c>&lt;select-field for="Input.Type" label="Tipologia" items="Model.Types" /&gt;</c>
/// </summary>
[HtmlTargetElement("select-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class SelectFieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    public string Label { get; set; } = "";

    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public bool Required { get; set; }

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
        var value = state?.AttemptedValue ?? For.Model?.ToString() ?? "";
        var enc = HtmlEncoder.Default;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "select-wrapper mb-4");
        var html = new StringBuilder();
        html.Append("<label for=\"").Append(id).Append("\">").Append(enc.Encode(Label));
        if (Required)
        {
            html.Append(" <span class=\"visually-hidden\">(obbligatorio)</span><span aria-hidden=\"true\">*</span>");
        }

        html.Append("</label><select class=\"form-select").Append(errors.Count > 0 ? " is-invalid" : "").Append("\" id=\"").Append(id)
            .Append("\" name=\"").Append(enc.Encode(name)).Append('"');
        if (errors.Count > 0)
        {
            html.Append(" aria-invalid=\"true\" aria-describedby=\"").Append(id).Append("-error\"");
        }

        html.Append('>');
        foreach (var item in Items)
        {
            html.Append("<option value=\"").Append(enc.Encode(item.Value)).Append('"');
            if (string.Equals(item.Value, value, StringComparison.Ordinal))
            {
                html.Append(" selected");
            }

            html.Append('>').Append(enc.Encode(item.Text)).Append("</option>");
        }

        html.Append("</select>");
        if (errors.Count > 0)
        {
            html.Append("<div id=\"").Append(id).Append("-error\" class=\"invalid-feedback d-block\">").Append(enc.Encode(string.Join(" ", errors))).Append("</div>");
        }

        output.Content.SetHtmlContent(html.ToString());
    }
}
