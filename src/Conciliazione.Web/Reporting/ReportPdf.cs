using System.Net;
using Conciliazione.Web.Documents;
using UglyToad.PdfPig;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Prints a report: Razor view -> Chromium, with the alliance's header and "Pagina X di Y" on every page,
/// and a table of contents with page numbers found by a first pass (ADR 0111): the view is loaded once, a quick
/// untagged draft is printed, each section's heading is looked for in its text (PdfPig), the numbers are put in
/// the contents and the tagged PDF is printed.
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
        // One load, two prints (ADR 0111): an untagged draft gives each section's page, the contents
        // is filled in, and the tagged PDF is printed. A heading not found leaves its number out.
        var html = await documents.RenderAsync(ViewPath, content);
        return await pdf.RenderWithFilledInAsync(html, metadata, layout, draft => ContentsNumbers(draft, content), ct);
    }

    /// <summary>The id of the element printing a section's page in the contents (empty in the HTML).</summary>
    public static string ContentsPageId(ReportSection section) => $"indice-pag-{section.Id}";

    /// <summary>"pag. N" for each section found in the draft, by the id of its place in the contents.</summary>
    public static IReadOnlyDictionary<string, string> ContentsNumbers(byte[] draft, ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var pages = SectionPages(draft, content);
        return pages is null
            ? new Dictionary<string, string>()
            : content.Sections.ToDictionary(ContentsPageId, s => "pag. " + pages[s.Id].ToString(System.Globalization.CultureInfo.InvariantCulture));
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
