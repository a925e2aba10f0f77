using Conciliazione.Domain.Reporting;

namespace Conciliazione.Web.Pages.Staff.Project.Reports;

/// <summary>How a report version's status reads on the pages (Italian keys; the views localize them).</summary>
public static class ReportStatusLabels
{
    public static string Of(ReportStatus status) => status switch
    {
        ReportStatus.Queued => "In coda",
        ReportStatus.Generating => "In preparazione",
        ReportStatus.Ready => "Pronto",
        _ => "Non riuscito",
    };

    /// <summary>The first 12 characters of a SHA-256, for tables (the full value is in the title and on the version's page).</summary>
    public static string Short(string? sha256) => sha256 is { Length: > 12 } s ? s[..12] + "…" : sha256 ?? "-";
}
