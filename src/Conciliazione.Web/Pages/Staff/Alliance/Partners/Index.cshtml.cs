using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Name, PartnerType Type, bool IsLeadPartner, int Contacts);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Rows = await db.Partners.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderByDescending(p => p.IsLeadPartner).ThenBy(p => p.Name)
            .Select(p => new Row(p.Id, p.Name, p.Type, p.IsLeadPartner, p.Contacts.Count))
            .ToListAsync(ct);
    }
}
