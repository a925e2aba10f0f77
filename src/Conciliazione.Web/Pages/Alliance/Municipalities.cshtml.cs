using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>Public: the municipalities where residents can use the alliance's services, by ambito.</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class MunicipalitiesModel(AppDbContext db, CurrentAlliance current) : PageModel
{
    public sealed record DistrictGroup(string Name, IReadOnlyList<string> Municipalities);

    public IReadOnlyList<DistrictGroup> Districts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } alliance)
        {
            return NotFound();
        }

        var rows = await db.Municipalities.AsNoTracking().Where(m => m.AllianceId == alliance.Id)
            .OrderBy(m => m.District!.Name).ThenBy(m => m.Name)
            .Select(m => new { District = m.District!.Name, m.Name }).ToListAsync(ct);
        Districts = rows.GroupBy(r => r.District).Select(g => new DistrictGroup(g.Key, g.Select(r => r.Name).ToList())).ToList();
        return Page();
    }
}
