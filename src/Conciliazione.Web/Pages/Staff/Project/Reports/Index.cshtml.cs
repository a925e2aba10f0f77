using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Reports;

/// <summary>
/// A project's monitoring reports for the ATS: every period it can be reported on with the versions
/// generated so far (status, who and when, SHA-256, submission), and the form that asks for a new
/// version (the job generates it; <see cref="ReportModel"/> shows its progress).
/// </summary>
public sealed class IndexModel(AppDbContext db, ReportRequests requests, AuditLog audit) : PageModel
{
    public sealed record VersionRow(Guid Id, int Version, ReportStatus Status, int Percent, string? Step, DateTimeOffset RequestedAt, string RequestedBy,
        DateTimeOffset? GeneratedAt, string? Sha256, DateTimeOffset? SubmittedAt, string? SubmittedBy);

    public sealed record PeriodRow(ReportPeriod Period, IReadOnlyList<VersionRow> Versions);

    public Domain.Projects.Project Project { get; private set; } = default!;
    public IReadOnlyList<PeriodRow> Periods { get; private set; } = [];

    /// <summary>The period chosen in the form ("" when none): kept when the request is refused.</summary>
    public string SelectedKey { get; private set; } = "";

    [BindProperty]
    public string? Period { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid projectId, string? period, CancellationToken ct)
    {
        Period = period;
        return await LoadAsync(projectId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, CancellationToken ct)
    {
        if (!await LoadAsync(projectId, ct))
        {
            return NotFound();
        }

        if (!ReportPeriod.TryParse(Period, out var period) || Periods.All(p => p.Period != period))
        {
            ModelState.AddModelError(nameof(Period), "Scegliere il periodo del rapporto.");
            return Page();
        }

        try
        {
            var report = await requests.RequestAsync(Project.AllianceId, Project.Id, period, User.UserId() ?? Guid.Empty, ct);
            await audit.WriteAsync(AuditActions.ReportRequested, nameof(MonitoringReport), report.Id.ToString(), $"{period.Key} v{report.Version}", ct: ct);
            return RedirectToPage("./Report", new { id = report.Id });
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(Period), e.Message);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid projectId, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return false;
        }

        Project = project;
        var versions = await db.MonitoringReports.AsNoTracking()
            .Where(r => r.ProjectId == project.Id)
            .OrderByDescending(r => r.Version)
            .Select(r => new
            {
                r.PeriodKey,
                Row = new VersionRow(r.Id, r.Version, r.Status, r.ProgressPercent, r.ProgressStep, r.RequestedAt,
                    db.Users.Where(u => u.Id == r.RequestedBy).Select(u => u.DisplayName).FirstOrDefault() ?? "-",
                    r.GeneratedAt, r.Sha256, r.SubmittedAt,
                    db.Users.Where(u => u.Id == r.SubmittedBy).Select(u => u.DisplayName).FirstOrDefault()),
            })
            .ToListAsync(ct);
        var periods = ReportPeriod.Of(project);
        Periods = periods.Select(p => new PeriodRow(p, versions.Where(v => v.PeriodKey == p.Key).Select(v => v.Row).ToList())).ToList();
        SelectedKey = ReportPeriod.TryParse(Period, out var s) && periods.Contains(s) ? s.Key : "";
        return true;
    }
}
