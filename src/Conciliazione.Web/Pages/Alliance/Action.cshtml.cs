using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>Public: one action of the current project: what, how, for whom, with which targets.</summary>
public sealed class ActionModel(AppDbContext db, CurrentAlliance current) : PageModel
{
    public ProjectAction Action { get; private set; } = default!;
    public string ProjectTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        var projectId = await PublicProjects.CurrentIdAsync(db, alliance.Id, ct);
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
