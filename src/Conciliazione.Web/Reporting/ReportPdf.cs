using System.Net;
using Conciliazione.Web.Documents;
using UglyToad.PdfPig;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Prints a report: Razor view -> Chromium, with the alliance's header and "Pagina X di Y" on every page,
/// and a table of contents with page numbers found by a first pass (ADR 0111): the PDF is rendered once,
/// each section's heading is looked for in its text (PdfPig), and the view is rendered again with the numbers.
/// The cover and the contents share the first page and every section starts a new page, so the numbers
/// cannot move the sections between the passes.
/// </summary>
public sealed class ReportPdf(RazorDocumentRenderer documents, IPdfRenderer pdf)
{
    public const string ViewPath = "~/Documents/Views/MonitoringReport.cshtml";

    public async Task<byte[]> RenderAsync(ReportContent content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var metadata = new PdfMetadata($"Rapporto di monitoraggio - {content.PeriodLabel}", $"{content.ProjectTitle} - versione {content.Version}", content.LeadPartnerName);
        var layout = Layout(content);
        var draft = await pdf.RenderAsync(await documents.RenderAsync(ViewPath, content), metadata, layout, ct);
        var pages = SectionPages(draft, content);
        return pages is null
            ? draft
            : await pdf.RenderAsync(await documents.RenderAsync(ViewPath, content with { SectionPages = pages }), metadata, layout, ct);
    }

    /// <summary>The page each section's heading is on, in order from page 2 (after the cover); null if one is not found.</summary>
    public static IReadOnlyDictionary<string, int>? SectionPages(byte[] pdfBytes, ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = PdfDocument.Open(pdfBytes);
        var texts = document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var from = 1; // page index 1 = page 2
        foreach (var section in content.Sections)
        {
            var heading = string.Join(' ', content.Heading(section).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var index = texts.FindIndex(from, t => t.Contains(heading, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            found[section.Id] = index + 1;
            from = index;
        }

        return found;
    }

    /// <summary>The alliance and the report on top of every page, "Pagina X di Y" at the bottom.</summary>
    public static PdfLayout Layout(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        const string style = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 7.5pt; color: #333; width: 100%; margin: 0 16mm;";
        var header = $"<div style=\"{style} display: flex; justify-content: space-between;\"><span>{WebUtility.HtmlEncode(content.AllianceName)}</span><span>Rapporto di monitoraggio - {WebUtility.HtmlEncode(content.PeriodLabel)} - versione {content.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}</span></div>";
        var footer = $"<div style=\"{style} text-align: center;\">Pagina <span class=\"pageNumber\"></span> di <span class=\"totalPages\"></span></div>";
        return new PdfLayout(header, footer);
    }
}
