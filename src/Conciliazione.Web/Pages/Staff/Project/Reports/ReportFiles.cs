using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Reports;

/// <summary>The three downloads of a ready report version: the PDF and its data (CSV files in a ZIP, XLSX).</summary>
public enum ReportFileKind
{
    Pdf,
    Zip,
    Xlsx,
}

/// <summary>
/// Serving the stored bytes of a report version, exactly as archived (the PDF's SHA-256 is the one
/// the verifier knows), under a name made of the period and the version only: no personal data.
/// </summary>
public static class ReportFiles
{
    /// <summary>"rapporto-monitoraggio-2018-S1-v2.pdf", "rapporto-monitoraggio-finale-v1-dati.zip".</summary>
    public static string FileName(string periodKey, int version, ReportFileKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"rapporto-monitoraggio-{periodKey}-v{version}") + kind switch
        {
            ReportFileKind.Pdf => ".pdf",
            ReportFileKind.Zip => "-dati.zip",
            _ => "-dati.xlsx",
        };

    public static string ContentType(ReportFileKind kind) => kind switch
    {
        ReportFileKind.Pdf => "application/pdf",
        ReportFileKind.Zip => "application/zip",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>
    /// The file of a ready version of the alliance's reports, as an attachment, with an audit row;
    /// anything else (another alliance's, not ready, unknown) is a 404.
    /// </summary>
    public static async Task<IActionResult> DownloadAsync(AppDbContext db, AuditLog audit, Guid? allianceId, Guid reportId, ReportFileKind kind, CancellationToken ct)
    {
        var report = await db.MonitoringReports.AsNoTracking()
            .Where(r => r.Id == reportId && r.AllianceId == allianceId && r.Status == ReportStatus.Ready)
            .Select(r => new { r.PeriodKey, r.Version }).FirstOrDefaultAsync(ct);
        if (report is null)
        {
            return new NotFoundResult();
        }

        var files = db.MonitoringReportFiles.AsNoTracking().Where(f => f.ReportId == reportId);
        var bytes = kind switch
        {
            ReportFileKind.Pdf => await files.Select(f => f.Pdf).FirstOrDefaultAsync(ct),
            ReportFileKind.Zip => await files.Select(f => f.DataZip).FirstOrDefaultAsync(ct),
            _ => await files.Select(f => f.DataXlsx).FirstOrDefaultAsync(ct),
        };
        if (bytes is null || bytes.Length == 0)
        {
            return new NotFoundResult();
        }

        var name = FileName(report.PeriodKey, report.Version, kind);
        await audit.WriteAsync(AuditActions.ReportDownloaded, nameof(MonitoringReport), reportId.ToString(), name, ct: ct);
        return new FileContentResult(bytes, ContentType(kind)) { FileDownloadName = name };
    }
}
