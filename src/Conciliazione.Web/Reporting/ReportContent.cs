using Conciliazione.Web.Charts;
using Conciliazione.Web.Exports;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Everything an ATS monitoring report says, gathered once by <see cref="ReportBuilder"/>: the PDF
/// renders it (Documents/Views/MonitoringReport.cshtml), its tables are the data downloads (CSV and
/// XLSX), and it is stored as the report's JSON snapshot. A figure in the PDF is always a cell of
/// one of <see cref="Tables"/> (or a total over one), so it can be checked against the downloads.
/// </summary>
public sealed record ReportContent(
    string AllianceName,
    string LeadPartnerName,
    string ProjectTitle,
    string PeriodKey,
    string PeriodLabel,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int Version,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportSection> Sections)
{
    /// <summary>Every table of the report, in order: what the data downloads hold.</summary>
    public IReadOnlyList<ExportTable> Tables => [.. Sections.SelectMany(s => s.Tables)];

    /// <summary>True when the period has no activity at all: the report says so honestly rather than failing.</summary>
    public bool IsEmpty { get; init; }
}

/// <summary>A chapter of the report (alliance, actions and indicators, calls, spending, meetings...).</summary>
/// <param name="Id">An anchor id for the table of contents ("partenariato").</param>
/// <param name="Charts">Charts of the section; each chart's data is also one of <paramref name="Tables"/>.</param>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<ExportTable> Tables, IReadOnlyList<Chart> Charts);
