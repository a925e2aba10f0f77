using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>
/// Public: one project of the alliance in plain words: period (with any proroga), status, aims,
/// actions with their targets, and the budget in summary. Without an id, the current project; every
/// other project of the alliance is listed and linked below, so earlier plans stay reachable.
/// </summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class ProjectModel(AppDbContext db, CurrentAlliance current, TimeProvider clock) : PageModel
{
    public sealed record ActionRow(string Code, string Title, string? Targets);

    public Domain.Projects.Project? Project { get; private set; }
    public bool IsCurrent { get; private set; }
    public string StatusLabel { get; private set; } = "";
    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];
    public IReadOnlyList<PublicProjects.Row> Others { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool Reconciles { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        Today = PublicProjects.Today(clock);
        var all = await PublicProjects.ListAsync(db, alliance.Id, Today, ct);
        var shown = id is null ? all.FirstOrDefault() : all.FirstOrDefault(p => p.Id == id);
        if (shown is null)
        {
            // An id of another alliance's project, or of none, is not found; an alliance with no
            // project yet says so.
            return id is null ? Page() : NotFound();
        }

        IsCurrent = shown.Id == all[0].Id;
        Project = await db.Projects.AsNoTracking().Include(p => p.BudgetLines).Include(p => p.Cofinancings).Include(p => p.Extensions)
            .Include(p => p.Actions).ThenInclude(a => a.Indicators).AsSplitQuery()
            .FirstAsync(p => p.Id == shown.Id, ct);
        StatusLabel = PublicProjects.StatusLabel(shown, Today);
        Actions = Project.Actions.OrderBy(a => a.SortOrder)
            .Select(a => new ActionRow(a.Code, a.Title, string.Join("; ", a.Indicators.Where(i => i.TargetInWords != null).OrderBy(i => i.SortOrder).Select(i => i.TargetInWords + " " + i.Unit))))
            .ToList();
        Reconciles = Project.Reconcile(await db.CommitmentsAsync(Project.Id, ct)).Count == 0;
        Others = all.Where(p => p.Id != shown.Id).ToList();
        return Page();
    }

    /// <summary>The address of an action of the shown project: the current project's actions keep their short address.</summary>
    public string ActionHref(string code) => IsCurrent ? $"/Alliance/Actions/{code}" : $"/Alliance/Actions/{code}?project={Project!.Id}";
}
