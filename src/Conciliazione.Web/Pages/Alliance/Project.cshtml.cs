using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>
/// Public: the project in plain words: period (with any proroga), aims, actions, and the budget
/// in summary (where the money comes from and what it pays for); earlier projects below.
/// </summary>
public sealed class ProjectModel(AppDbContext db, CurrentAlliance current) : PageModel
{
    public sealed record ActionRow(string Code, string Title, string? Targets);

    public sealed record PastRow(string Title, DateOnly Start, DateOnly End, DateOnly? ClosedOn, string? Outcome);

    public Domain.Projects.Project? Project { get; private set; }
    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];
    public IReadOnlyList<PastRow> Past { get; private set; } = [];
    public bool Reconciles { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        var id = await PublicProjects.CurrentIdAsync(db, alliance.Id, ct);
        Project = await db.Projects.AsNoTracking().Include(p => p.BudgetLines).Include(p => p.Cofinancings).Include(p => p.Extensions)
            .Include(p => p.Actions).ThenInclude(a => a.Indicators).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (Project is not null)
        {
            Actions = Project.Actions.OrderBy(a => a.SortOrder)
                .Select(a => new ActionRow(a.Code, a.Title, string.Join("; ", a.Indicators.Where(i => i.TargetInWords != null).OrderBy(i => i.SortOrder).Select(i => i.TargetInWords + " " + i.Unit))))
                .ToList();
            Reconciles = Project.Reconcile(await db.CommitmentsAsync(Project.Id, ct)).Count == 0;
        }

        Past = await db.Projects.AsNoTracking().Where(p => p.AllianceId == alliance.Id && p.Id != id && p.Status == ProjectStatus.Closed)
            .OrderByDescending(p => p.StartDate)
            .Select(p => new PastRow(p.Title, p.StartDate, p.EndDate, p.ClosedOn, p.Outcome)).ToListAsync(ct);
        return Page();
    }
}
