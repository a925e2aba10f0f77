using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Reporting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Audit;

/// <summary>
/// The ATS auditor's area (issue 16): the monitoring reports staff submitted to the ATS for the
/// auditor's alliance, by project and period, each version with its dates and SHA-256, the latest
/// first. Read-only: every POST by an auditor is refused (<see cref="Authorization.AuditorReadOnlyMiddleware"/>).
/// </summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record VersionRow(Guid Id, int Version, DateTimeOffset GeneratedAt, DateTimeOffset SubmittedAt, string Sha256, int? Replaces);

    public sealed record PeriodGroup(string Key, string Label, DateOnly Start, DateOnly End, IReadOnlyList<VersionRow> Versions);

    public sealed record ProjectGroup(Guid Id, string Title, IReadOnlyList<PeriodGroup> Periods);

    public IReadOnlyList<ProjectGroup> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from r in SubmittedReports.For(db, User.AllianceId())
                          join p in db.Projects.AsNoTracking() on r.ProjectId equals p.Id
                          select new
                          {
                              r.Id,
                              r.ProjectId,
                              ProjectTitle = p.Title,
                              ProjectStart = p.StartDate,
                              r.PeriodKind,
                              r.PeriodKey,
                              r.PeriodStart,
                              r.PeriodEnd,
                              r.Version,
                              GeneratedAt = r.GeneratedAt!.Value,
                              SubmittedAt = r.SubmittedAt!.Value,
                              Sha256 = r.Sha256!,
                          }).ToListAsync(ct);

        Projects = [.. rows
            .GroupBy(r => (r.ProjectId, r.ProjectTitle, r.ProjectStart))
            .OrderByDescending(g => g.Key.ProjectStart).ThenBy(g => g.Key.ProjectTitle, StringComparer.CurrentCulture)
            .Select(project => new ProjectGroup(project.Key.ProjectId, project.Key.ProjectTitle, [.. project
                .GroupBy(r => r.PeriodKey)
                .OrderByDescending(g => g.First().PeriodEnd).ThenBy(g => g.First().PeriodKind).ThenByDescending(g => g.First().PeriodStart)
                .Select(period =>
                {
                    var first = period.First();
                    var submitted = period.Select(r => r.Version).ToList();
                    return new PeriodGroup(period.Key, LabelOf(first.PeriodKey), first.PeriodStart, first.PeriodEnd, [.. period
                        .OrderByDescending(r => r.Version)
                        .Select(r => new VersionRow(r.Id, r.Version, r.GeneratedAt, r.SubmittedAt, r.Sha256, SubmittedReports.Replaces(submitted, r.Version)))]);
                })]))];
    }

    private static string LabelOf(string key) =>
        Domain.Reporting.ReportPeriod.TryParse(key, out var period) ? period.Label : key;
}
