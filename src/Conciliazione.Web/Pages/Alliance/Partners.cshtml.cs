using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>Public: the partners and their type. Contacts of people are not published.</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class PartnersModel(AppDbContext db, CurrentAlliance current, TimeProvider clock) : PageModel
{
    public sealed record Row(string Name, PartnerType Type, bool IsLeadPartner, decimal Cash, decimal InKind);

    public string AllianceName { get; private set; } = "";
    public string? ProjectTitle { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        AllianceName = alliance.Name;
        var projectId = await PublicProjects.CurrentIdAsync(db, alliance.Id, PublicProjects.Today(clock), ct);
        ProjectTitle = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Title).FirstOrDefaultAsync(ct);
        Rows = await (
            from p in db.Partners.AsNoTracking()
            where p.AllianceId == alliance.Id
            let c = db.PartnerCofinancings.FirstOrDefault(c => c.PartnerId == p.Id && c.ProjectId == projectId)
            orderby p.IsLeadPartner descending, p.Name
            select new Row(p.Name, p.Type, p.IsLeadPartner, c == null ? 0m : c.Cash, c == null ? 0m : c.InKind))
            .ToListAsync(ct);
        return Page();
    }
}
