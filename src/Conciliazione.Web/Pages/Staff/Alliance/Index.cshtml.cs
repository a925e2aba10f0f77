using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance;

/// <summary>The staff user's own alliance at a glance: lead partner, districts, partners, projects.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record DistrictRow(string Name, int Municipalities);

    public sealed record ProjectRow(Guid Id, string Title, DateOnly Start, DateOnly End, ProjectStatus Status);

    public string Name { get; private set; } = "";
    public string LeadPartnerName { get; private set; } = "";
    public string? Description { get; private set; }
    public IReadOnlyList<DistrictRow> Districts { get; private set; } = [];
    public int PartnerCount { get; private set; }
    public IReadOnlyList<ProjectRow> Projects { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var alliance = await db.Alliances.AsNoTracking().Where(a => a.Id == allianceId)
            .Select(a => new { a.Name, a.LeadPartnerName, a.Description }).FirstOrDefaultAsync(ct);
        if (alliance is null)
        {
            return NotFound();
        }

        (Name, LeadPartnerName, Description) = (alliance.Name, alliance.LeadPartnerName, alliance.Description);
        Districts = await db.Districts.AsNoTracking().Where(d => d.AllianceId == allianceId).OrderBy(d => d.Name)
            .Select(d => new DistrictRow(d.Name, d.Municipalities.Count)).ToListAsync(ct);
        PartnerCount = await db.Partners.CountAsync(p => p.AllianceId == allianceId, ct);
        Projects = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId).OrderByDescending(p => p.StartDate)
            .Select(p => new ProjectRow(p.Id, p.Title, p.StartDate, p.EndDate, p.Status)).ToListAsync(ct);
        return Page();
    }
}
