using Conciliazione.Web.Exports;
using Conciliazione.Web.Reporting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>
/// The report's PDF on its own (ADR 0111): sections of several pages, so the contents' numbers are only
/// right if the draft print that finds them breaks the pages exactly as the tagged print does.
/// </summary>
public sealed class ReportPdfTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Contents_GivesThePageEachSectionStartsOn_InTheTaggedPdf_WhenSectionsSpanSeveralPages()
    {
        // Rows per section: a short one, a long one, a short one, a longer one.
        int[] rows = [4, 120, 2, 190];
        var sections = rows.Select((count, s) => new ReportSection($"sezione-{s + 1}", $"Sezione di prova {s + 1}", [$"Sezione con {count} righe."],
            [new ExportTable($"t{s + 1}", $"Tabella {s + 1}", [new ExportColumn("Voce"), new ExportColumn("Comune"), new ExportColumn("Importo (euro)", ExportKind.Euros)],
                [.. Enumerable.Range(1, count).Select(r => (IReadOnlyList<object?>)[$"Voce {s + 1}.{r}", $"Comune di prova {r % 16 + 1}", 1_000m + r])])], [])).ToList();
        var content = new ReportContent("Alleanza di prova", "Ente capofila di prova", "Progetto di prova", "finale", "Rapporto finale",
            new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31), 1, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), sections);

        await using var scope = Factory.Services.CreateAsyncScope();
        var bytes = await scope.ServiceProvider.GetRequiredService<ReportPdf>().RenderAsync(content, TestContext.Current.CancellationToken);

        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
        var starts = new List<int>();
        foreach (var section in sections)
        {
            var heading = content.Heading(section);
            var printed = pages.FindIndex(1, p => p.Contains(heading, StringComparison.Ordinal)) + 1;
            Assert.True(printed > 1, $"{heading} not found after the contents");
            Assert.Contains($"{heading} pag. {printed}", pages[0], StringComparison.Ordinal);
            starts.Add(printed);
        }

        // The long sections really took several pages, so a wrong count would show.
        Assert.True(starts[2] - starts[1] >= 3, $"section 2 took {starts[2] - starts[1]} pages");
        Assert.True(pages.Count - starts[3] + 1 >= 4, $"section 4 took {pages.Count - starts[3] + 1} pages");
        Assert.Contains($"Pagina {pages.Count} di {pages.Count}", pages[^1], StringComparison.Ordinal);

        // Tagged for assistive technology: a structure tree, marked content.
        var catalog = pdf.Structure.Catalog.CatalogDictionary;
        Assert.True(catalog.ContainsKey(NameToken.Create("StructTreeRoot")), "the PDF has no structure tree");
        Assert.True(catalog.ContainsKey(NameToken.Create("MarkInfo")), "the PDF is not marked as tagged");
        Assert.Equal("Rapporto di monitoraggio - Rapporto finale", pdf.Information.Title);
    }
}
