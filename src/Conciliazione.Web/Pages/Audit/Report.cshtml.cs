using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Audit;

/// <summary>
/// One report version submitted to the ATS, for the auditor: its dates and SHA-256, and the downloads
/// (the PDF, its data as CSV files in a ZIP and as XLSX), each the stored bytes and each audited.
/// </summary>
/// <remarks>
/// A version not submitted, of another alliance, or unknown is a 404 for every handler, never a 403
/// that would tell an auditor of another ATS the report exists (<see cref="SubmittedReports"/>).
/// The downloads are the archived bytes, so their SHA-256 is the one shown (and the verifier's).
/// </remarks>
public sealed class ReportModel(AppDbContext db, AuditLog audit) : PageModel
{
    public Guid Id { get; private set; }
    public string ProjectTitle { get; private set; } = "";
    public string PeriodLabel { get; private set; } = "";
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset GeneratedAt { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public string Sha256 { get; private set; } = "";
    public long PdfSizeBytes { get; private set; }
    public int? Replaces { get; private set; }
    public int? ReplacedBy { get; private set; }
    public bool HasXlsx { get; private set; }
    public string PdfName => ReportFiles.FileName(PeriodKey, Version, ReportFileKind.Pdf);
    public string ZipName => ReportFiles.FileName(PeriodKey, Version, ReportFileKind.Zip);
    public string XlsxName => ReportFiles.FileName(PeriodKey, Version, ReportFileKind.Xlsx);
    private string PeriodKey { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var report = await SubmittedReports.For(db, User.AllianceId())
            .Where(r => r.Id == id)
            .Select(r => new
            {
                r.ProjectId,
                ProjectTitle = db.Projects.Where(p => p.Id == r.ProjectId).Select(p => p.Title).First(),
                r.PeriodKey,
                r.PeriodStart,
                r.PeriodEnd,
                r.Version,
                GeneratedAt = r.GeneratedAt!.Value,
                SubmittedAt = r.SubmittedAt!.Value,
                Sha256 = r.Sha256!,
                PdfSizeBytes = r.PdfSizeBytes ?? 0,
                HasXlsx = db.MonitoringReportFiles.Any(f => f.ReportId == r.Id && f.DataXlsx.Length > 0),
            })
            .SingleOrDefaultAsync(ct);
        if (report is null)
        {
            return NotFound();
        }

        var siblings = await SubmittedReports.For(db, User.AllianceId())
            .Where(r => r.ProjectId == report.ProjectId && r.PeriodKey == report.PeriodKey)
            .Select(r => r.Version)
            .ToListAsync(ct);
        (Id, ProjectTitle, PeriodKey, PeriodStart, PeriodEnd, Version) = (id, report.ProjectTitle, report.PeriodKey, report.PeriodStart, report.PeriodEnd, report.Version);
        (GeneratedAt, SubmittedAt, Sha256, PdfSizeBytes, HasXlsx) = (report.GeneratedAt, report.SubmittedAt, report.Sha256, report.PdfSizeBytes, report.HasXlsx);
        PeriodLabel = ReportPeriod.TryParse(report.PeriodKey, out var period) ? period.Label : report.PeriodKey;
        Replaces = SubmittedReports.Replaces(siblings, report.Version);
        ReplacedBy = siblings.Where(v => v > report.Version).Select(v => (int?)v).Min();
        return Page();
    }

    /// <summary>The archived PDF, as an attachment named by period and version.</summary>
    public Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct) => DownloadAsync(id, ReportFileKind.Pdf, ct);

    /// <summary>Every table of the report as an Italian CSV file, in one ZIP.</summary>
    public Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct) => DownloadAsync(id, ReportFileKind.Zip, ct);

    /// <summary>Every table of the report as a sheet of one XLSX workbook.</summary>
    public Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct) => DownloadAsync(id, ReportFileKind.Xlsx, ct);

    private Task<IActionResult> DownloadAsync(Guid id, ReportFileKind kind, CancellationToken ct) =>
        ReportFiles.DownloadAsync(db, audit, SubmittedReports.For(db, User.AllianceId()), id, kind, ct);
}
