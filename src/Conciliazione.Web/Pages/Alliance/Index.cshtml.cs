using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>Public: who the alliance is, in a few lines, with links to partners, municipalities and every project (the current one first).</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class IndexModel(AppDbContext db, CurrentAlliance current, TimeProvider clock) : PageModel
{
    public AllianceHeader Alliance { get; private set; } = default!;
    public string? Description { get; private set; }
    public int Partners { get; private set; }
    public int Municipalities { get; private set; }
    public IReadOnlyList<string> Districts { get; private set; } = [];
    public string? ProjectTitle { get; private set; }
    public IReadOnlyList<PublicProjects.Row> Projects { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        Alliance = alliance;
        Description = await db.Alliances.AsNoTracking().Where(a => a.Id == alliance.Id).Select(a => a.Description).FirstOrDefaultAsync(ct);
        Partners = await db.Partners.CountAsync(p => p.AllianceId == alliance.Id, ct);
        Municipalities = await db.Municipalities.CountAsync(m => m.AllianceId == alliance.Id, ct);
        Districts = await db.Districts.AsNoTracking().Where(d => d.AllianceId == alliance.Id).OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
        Today = PublicProjects.Today(clock);
        Projects = await PublicProjects.ListAsync(db, alliance.Id, Today, ct);
        ProjectTitle = Projects.Select(p => p.Title).FirstOrDefault();
        return Page();
    }
}
