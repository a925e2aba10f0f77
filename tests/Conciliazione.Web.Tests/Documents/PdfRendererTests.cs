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

public sealed class ReceiptDocumentTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Receipt_RendersEverythingDeclared_IntoARealPdf()
    {
        var model = new ReceiptDocument(
            "Alleanza locale di Castellanza",
            "B-2026-01",
            "Voucher per servizi all'infanzia",
            "2026/000042",
            "25/11/2026 11:30",
            [("Nome e cognome", "Maria Rossi"), ("Codice fiscale", "RSSMRA85T50F205Z")],
            [("Figlio", "Luca Rossi, nato il 03/02/2024")],
            [("Servizio", "Micronido"), ("Spesa mensile prevista", "450,00 €")],
            [],
            ["Di essere residente in un comune dell'alleanza.", "Che entrambi i genitori lavorano."],
            ["isee.pdf (PDF, 12 KB)"]);
        await using var scope = Factory.Services.CreateAsyncScope();
        var html = await scope.ServiceProvider.GetRequiredService<RazorDocumentRenderer>().RenderAsync("~/Documents/Views/ApplicationReceipt.cshtml", model);

        var bytes = await Factory.Services.GetRequiredService<IPdfRenderer>().RenderAsync(html, new PdfMetadata("Ricevuta 2026/000042", "Domanda"), TestContext.Current.CancellationToken);

        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(' ', pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("2026/000042", text, StringComparison.Ordinal);
        Assert.Contains("Luca Rossi", text, StringComparison.Ordinal);
        Assert.Contains("Micronido", text, StringComparison.Ordinal);
        Assert.Contains("entrambi i genitori lavorano", text, StringComparison.Ordinal);
        Assert.Contains("art. 76 del DPR 445/2000", text, StringComparison.Ordinal);
    }
}
