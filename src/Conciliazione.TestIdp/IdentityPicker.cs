using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;

namespace Conciliazione.TestIdp;

/// <summary>The page that lists the fictional identities, in Italian, with no script and no inline style.</summary>
public static class IdentityPicker
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static string Render(
        OpenIddictRequest request,
        IEnumerable<KeyValuePair<string, string>> parameters,
        AntiforgeryTokenSet tokens,
        TestIdpOptions idp)
    {
        var e = HtmlEncoder.Default;
        var level = request.GetAcrValues().FirstOrDefault() ?? idp.DefaultAcr;
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="it">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Scegli un'identità di prova - Provider di identità di prova</title>
            <link rel="stylesheet" href="/idp.css">
            </head>
            <body>
            <header class="idp-header"><p>Provider di identità di prova <span>(simula il gateway SPID/CIE)</span></p></header>
            <main>
            <h1>Scegli un'identità di prova</h1>
            """);
        html.Append("<p>Questo provider serve solo per lo sviluppo e i test: le persone sono inventate e i loro codici fiscali non appartengono a nessuno.</p>");
        html.Append("<p>Servizio che chiede l'accesso: <strong>").Append(e.Encode(request.ClientId ?? "")).Append("</strong>. ")
            .Append("Livello richiesto: <strong>").Append(e.Encode(level)).Append("</strong>.</p>");
        html.Append("<form method=\"post\" action=\"").Append(IdpEndpoints.Authorize).Append("\">");
        html.Append("<input type=\"hidden\" name=\"").Append(e.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(e.Encode(tokens.RequestToken ?? "")).Append("\">");
        foreach (var (name, value) in parameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(e.Encode(name)).Append("\" value=\"").Append(e.Encode(value)).Append("\">");
        }

        html.Append("<ul class=\"identities\">");
        foreach (var person in TestIdentities.All)
        {
            html.Append("<li><button type=\"submit\" name=\"identity\" value=\"").Append(e.Encode(person.Key)).Append("\" class=\"identity\">")
                .Append("<span class=\"name\">").Append(e.Encode(person.GivenName + " " + person.FamilyName)).Append("</span>")
                .Append("<span class=\"detail\">").Append(person.Female ? "Nata il " : "Nato il ").Append(person.BirthDate.ToString("dd/MM/yyyy", Italian))
                .Append(" · ").Append(e.Encode(person.FiscalNumber ?? "nessun codice fiscale")).Append("</span>")
                .Append("<span class=\"detail\">").Append(e.Encode(person.Note)).Append("</span>")
                .Append("</button></li>");
        }

        html.Append("</ul>");
        html.Append("<button type=\"submit\" name=\"cancel\" value=\"1\" class=\"cancel\">Annulla e torna al servizio</button>");
        html.Append("</form></main></body></html>");
        return html.ToString();
    }

    public const string Css = """
        body { margin: 0; font-family: "Titillium Web", system-ui, sans-serif; color: #1a1a1a; background: #f5f5f5; }
        .idp-header { background: #0066cc; color: #fff; padding: 0.75rem 1.5rem; font-weight: 600; }
        .idp-header span { font-weight: 400; }
        main { max-width: 42rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.75rem; }
        .identities { list-style: none; padding: 0; }
        .identities li { margin-bottom: 0.75rem; }
        .identity { display: block; width: 100%; text-align: left; padding: 0.75rem 1rem; border: 2px solid #0066cc;
            border-radius: 4px; background: #fff; color: #1a1a1a; font: inherit; cursor: pointer; }
        .identity:hover, .identity:focus { background: #e6f0fa; }
        .identity:focus-visible, .cancel:focus-visible { outline: 3px solid #ff9900; outline-offset: 2px; }
        .identity .name { display: block; font-size: 1.25rem; font-weight: 600; color: #004d99; }
        .identity .detail { display: block; }
        .cancel { padding: 0.5rem 1rem; border: 2px solid #5c6f82; border-radius: 4px; background: #fff; color: #1a1a1a; font: inherit; cursor: pointer; }
        """;
}
