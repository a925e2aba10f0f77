using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Conciliazione.Web.Pages.Staff.Project.Reports;

/// <summary>
/// One version of a monitoring report: its progress while the job works (polled as JSON by
/// wwwroot/js/report-progress.js; without script the page offers a reload link), the reason of a
/// failure, or, once ready, the downloads, the SHA-256 and the submission to the ATS.
/// Another alliance's version is not found (404).
/// </summary>
public sealed class ReportModel(AppDbContext db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string AlreadySubmittedMessage = "Questa versione del rapporto è già stata inviata ad ATS.";

    public sealed record Details(Guid Id, Guid ProjectId, string ProjectTitle, string PeriodKey, int Version, ReportStatus Status, int Percent, string? Step,
        DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset? GeneratedAt, string? Sha256, long? PdfSizeBytes, string? FailureReason,
        DateTimeOffset? SubmittedAt, string? SubmittedBy, bool HasXlsx)
    {
        public ReportPeriod Period => ReportPeriod.TryParse(PeriodKey, out var p) ? p : ReportPeriod.Final;

        public bool InProgress => Status is ReportStatus.Queued or ReportStatus.Generating;
    }

    public Details Report { get; private set; } = default!;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var report = await FindAsync(id, ct);
        if (report is null)
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }

    /// <summary>The progress the page's script shows without reloading.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken ct)
    {
        var r = await db.MonitoringReports.AsNoTracking()
            .Where(x => x.Id == id && x.AllianceId == User.AllianceId())
            .Select(x => new { x.Status, x.ProgressPercent, x.ProgressStep }).FirstOrDefaultAsync(ct);
        if (r is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new
        {
            status = r.Status.ToString(),
            label = l[ReportStatusLabels.Of(r.Status)].Value,
            percent = r.ProgressPercent,
            step = r.ProgressStep is null ? null : l[r.ProgressStep].Value,
            finished = r.Status is ReportStatus.Ready or ReportStatus.Failed,
        });
    }

    public Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct) => ReportFiles.DownloadAsync(db, audit, ReportFiles.ReadyOf(db, User.AllianceId()), id, ReportFileKind.Pdf, ct);

    public Task<IActionResult> OnGetZipAsync(Guid id, CancellationToken ct) => ReportFiles.DownloadAsync(db, audit, ReportFiles.ReadyOf(db, User.AllianceId()), id, ReportFileKind.Zip, ct);

    public Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct) => ReportFiles.DownloadAsync(db, audit, ReportFiles.ReadyOf(db, User.AllianceId()), id, ReportFileKind.Xlsx, ct);

    /// <summary>Sends a ready version to the ATS, once: a second click (or a colleague's) gets a clear message, not an error page.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct)
    {
        var report = await db.MonitoringReports.FirstOrDefaultAsync(r => r.Id == id && r.AllianceId == User.AllianceId(), ct);
        if (report is null)
        {
            return NotFound();
        }

        try
        {
            report.Submit(clock.GetUtcNow(), User.UserId() ?? Guid.Empty);
            audit.Add(AuditActions.ReportSubmitted, nameof(MonitoringReport), report.Id.ToString(), $"{report.PeriodKey} v{report.Version}, SHA-256 {report.Sha256}");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            return await RefusedAsync(id, e.Message, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A colleague submitted it between our read and our save (xmin).
            return await RefusedAsync(id, AlreadySubmittedMessage, ct);
        }

        Message = "Rapporto inviato ad ATS.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> RefusedAsync(Guid id, string message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Report = (await FindAsync(id, ct))!;
        ModelState.AddModelError(string.Empty, message);
        return Page();
    }

    private Task<Details?> FindAsync(Guid id, CancellationToken ct) =>
        db.MonitoringReports.AsNoTracking()
            .Where(r => r.Id == id && r.AllianceId == User.AllianceId())
            .Select(r => new Details(r.Id, r.ProjectId, db.Projects.Where(p => p.Id == r.ProjectId).Select(p => p.Title).First(), r.PeriodKey, r.Version, r.Status,
                r.ProgressPercent, r.ProgressStep, r.RequestedAt, db.Users.Where(u => u.Id == r.RequestedBy).Select(u => u.DisplayName).FirstOrDefault() ?? "-",
                r.GeneratedAt, r.Sha256, r.PdfSizeBytes, r.FailureReason, r.SubmittedAt,
                db.Users.Where(u => u.Id == r.SubmittedBy).Select(u => u.DisplayName).FirstOrDefault(),
                db.MonitoringReportFiles.Any(f => f.ReportId == r.Id && f.DataXlsx.Length > 0)))
            .FirstOrDefaultAsync(ct);
}
