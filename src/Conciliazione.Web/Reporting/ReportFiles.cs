using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Reporting;

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
/// One rule for staff and ATS auditors; what each may download is the query they pass.
/// </summary>
public static class ReportFiles
{
    /// <summary>"rapporto-monitoraggio-2018-S1-v2.pdf", "rapporto-monitoraggio-finale-v1-dati-csv.zip", "...-dati.xlsx".</summary>
    public static string FileName(string periodKey, int version, ReportFileKind kind)
    {
        ArgumentNullException.ThrowIfNull(periodKey);
        var safe = new string([.. periodKey.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);
        return string.Create(CultureInfo.InvariantCulture, $"rapporto-monitoraggio-{safe}-v{version}") + kind switch
        {
            ReportFileKind.Pdf => ".pdf",
            ReportFileKind.Zip => "-dati-csv.zip",
            _ => "-dati.xlsx",
        };
    }

    public static string ContentType(ReportFileKind kind) => kind switch
    {
        ReportFileKind.Pdf => "application/pdf",
        ReportFileKind.Zip => "application/zip",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>A file's size as pages show it, in kB rounded up ("2.940"), in the reader's culture.</summary>
    public static string Kilobytes(long bytes) => Math.Max(1, (bytes + 1023) / 1024).ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>What the audit row says was downloaded.</summary>
    public static string Describe(ReportFileKind kind) => "rapporto di monitoraggio, " + kind switch
    {
        ReportFileKind.Pdf => "PDF",
        ReportFileKind.Zip => "dati CSV (ZIP)",
        _ => "dati XLSX",
    };

    /// <summary>Ready versions of the alliance's reports: what staff may download.</summary>
    public static IQueryable<MonitoringReport> ReadyOf(AppDbContext db, Guid? allianceId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.MonitoringReports.AsNoTracking().Where(r => r.AllianceId == allianceId && r.Status == ReportStatus.Ready);
    }

    /// <summary>
    /// The file of a version among <paramref name="visible"/>, as an attachment, with an audit row; anything
    /// else (not visible to the caller, not ready, unknown, a file never written) is a 404, never a 403 that
    /// would tell that the report exists.
    /// </summary>
    public static async Task<IActionResult> DownloadAsync(AppDbContext db, AuditLog audit, IQueryable<MonitoringReport> visible, Guid reportId, ReportFileKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var report = await visible.Where(r => r.Id == reportId && r.Status == ReportStatus.Ready)
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

        await audit.WriteAsync(AuditActions.ReportDownloaded, nameof(MonitoringReport), reportId.ToString(), Describe(kind), ct: ct);
        return new FileContentResult(bytes, ContentType(kind)) { FileDownloadName = FileName(report.PeriodKey, report.Version, kind) };
    }
}
