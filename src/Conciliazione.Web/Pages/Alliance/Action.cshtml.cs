using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>
/// Public: one action of a project of the alliance (the current one unless <c>?project=</c> names
/// another): what, how, for whom, with which targets.
/// </summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class ActionModel(AppDbContext db, CurrentAlliance current, TimeProvider clock) : PageModel
{
    public ProjectAction Action { get; private set; } = default!;
    public string ProjectTitle { get; private set; } = "";
    public string ProjectHref { get; private set; } = "/Alliance/Project";

    public async Task<IActionResult> OnGetAsync(string code, [FromQuery] Guid? project, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        var projects = await PublicProjects.ListAsync(db, alliance.Id, PublicProjects.Today(clock), ct);
        var projectId = project is null ? projects.Select(p => (Guid?)p.Id).FirstOrDefault() : projects.Where(p => p.Id == project).Select(p => (Guid?)p.Id).FirstOrDefault();
        if (projectId is null)
        {
            return NotFound();
        }

        if (project is not null)
        {
            ProjectHref = "/Alliance/Project/" + projectId;
        }

        var normalized = (code ?? "").ToUpperInvariant();
        var action = await db.ProjectActions.AsNoTracking().Include(a => a.Indicators)
            .FirstOrDefaultAsync(a => a.ProjectId == projectId && a.Code == normalized, ct);
        if (action is null)
        {
            return NotFound();
        }

        Action = action;
        ProjectTitle = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Title).FirstAsync(ct);
        return Page();
    }
}
