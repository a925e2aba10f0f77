using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Conciliazione.Domain;
using Conciliazione.Web.Infrastructure;

namespace Conciliazione.Web.Notifications;

/// <summary>A rendered notification: subject, plain text and HTML.</summary>
public sealed record RenderedMail(string Subject, string TextBody, string HtmlBody);

/// <summary>What a template says: paragraphs, an optional bulleted list and the page to act on.</summary>
public sealed record MailContent(string Subject, IReadOnlyList<string> Paragraphs, string ActionLabel, string ActionPath)
{
    public IReadOnlyList<string> Items { get; init; } = [];
}

/// <summary>A template was given a model with a missing value: the message is not sent half-empty.</summary>
public sealed class MissingTemplateValueException(string kind, string field)
    : InvalidOperationException($"Template '{kind}': the value '{field}' is missing");

/// <summary>
/// The frame every notification shares (greeting, body, link to the page to act on, footer), in
/// plain text and HTML, and the formatting of values for people in Italian or English.
/// </summary>
/// <remarks>
/// Links are built from Portal:PublicOrigin only, never from the request that caused the mail
/// (jobs have no request, and a Host header must not choose where families are sent).
/// </remarks>
public sealed class MailLayout(string language, string publicOrigin, string kind)
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public bool IsEnglish => language == "en";

    public string Link(string path) => publicOrigin.TrimEnd('/') + path;

    public string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new MissingTemplateValueException(kind, field) : value.Trim();

    public Guid Required(Guid value, string field) =>
        value == Guid.Empty ? throw new MissingTemplateValueException(kind, field) : value;

    public IReadOnlyList<string> Required(IReadOnlyList<string>? values, string field) =>
        values is null || values.Count == 0 || values.Any(string.IsNullOrWhiteSpace)
            ? throw new MissingTemplateValueException(kind, field)
            : values;

    public string Money(decimal amount, string field) => amount <= 0
        ? throw new MissingTemplateValueException(kind, field)
        : IsEnglish ? "EUR " + amount.ToString("N2", English) : Conciliazione.Domain.Money.Format(amount);

    public string Date(DateOnly date) => IsEnglish ? date.ToString("d MMMM yyyy", English) : date.ToString("dd/MM/yyyy", Italian);

    public string DateTime(DateTimeOffset at, string field) => at == default
        ? throw new MissingTemplateValueException(kind, field)
        : IsEnglish
            ? RomeTime.ToRome(at).ToString("d MMMM yyyy, HH:mm", English) + " (Italian time)"
            : RomeTime.Format(at);

    public RenderedMail Render(MailContent content)
    {
        var greeting = IsEnglish ? "Good morning," : "Buongiorno,";
        var footer = IsEnglish
            ? "This message was sent automatically by the Conciliazione portal: please do not reply. You can see all the messages sent to you and choose their language in your profile."
            : "Questo messaggio è inviato automaticamente dal portale Conciliazione: non rispondere. Trovi tutti i messaggi inviati e puoi sceglierne la lingua nel tuo profilo.";
        var url = Link(content.ActionPath);

        var text = new StringBuilder().Append(greeting).Append("\r\n\r\n");
        foreach (var p in content.Paragraphs)
        {
            text.Append(p).Append("\r\n\r\n");
        }

        foreach (var item in content.Items)
        {
            text.Append("- ").Append(item).Append("\r\n");
        }

        if (content.Items.Count > 0)
        {
            text.Append("\r\n");
        }

        text.Append(content.ActionLabel).Append(": ").Append(url).Append("\r\n\r\n-- \r\n").Append(footer).Append("\r\n");

        var h = HtmlEncoder.Default;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(IsEnglish ? "en" : "it").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(h.Encode(content.Subject)).Append("</title></head><body style=\"font-family:sans-serif;line-height:1.5\">")
            .Append("<p>").Append(h.Encode(greeting)).Append("</p>");
        foreach (var p in content.Paragraphs)
        {
            html.Append("<p>").Append(h.Encode(p)).Append("</p>");
        }

        if (content.Items.Count > 0)
        {
            html.Append("<ul>");
            foreach (var item in content.Items)
            {
                html.Append("<li>").Append(h.Encode(item)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p><a href=\"").Append(h.Encode(url)).Append("\">").Append(h.Encode(content.ActionLabel)).Append("</a></p>")
            .Append("<hr><p style=\"font-size:small\">").Append(h.Encode(footer)).Append("</p></body></html>");
        return new RenderedMail(content.Subject, text.ToString(), html.ToString());
    }
}
