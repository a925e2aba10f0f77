using Conciliazione.Web.Documents;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Conciliazione.Web.Tests.Documents;

/// <summary>The PDF engine prints real PDFs with the system Chromium (ADR 0002); checked by extracting their text.</summary>
public sealed class PdfRendererTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Render_ProducesAPdfWithTheTextAndTheDocumentInformation()
    {
        var renderer = Factory.Services.GetRequiredService<IPdfRenderer>();
        const string html = """
            <!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>x</title>
            <style>body { font-family: sans-serif; font-variant-ligatures: none; }</style></head>
            <body><h1>Ricevuta della domanda</h1><p>Protocollo 2026/000123 - importo 1.234,50 €</p></body></html>
            """;

        var bytes = await renderer.RenderAsync(html, new PdfMetadata("Ricevuta 2026/000123", "Domanda di voucher"), TestContext.Current.CancellationToken);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(bytes);
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
        Assert.Contains("Ricevuta", words);
        Assert.Contains("2026/000123", words);
        Assert.Contains("1.234,50", words);
        Assert.Equal("Ricevuta 2026/000123", pdf.Information.Title);
        Assert.Equal("Domanda di voucher", pdf.Information.Subject);
    }
}
