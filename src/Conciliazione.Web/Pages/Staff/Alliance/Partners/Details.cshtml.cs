using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

/// <summary>A partner of the staff user's alliance; any other alliance's partner answers 404.</summary>
public sealed class DetailsModel(AppDbContext db) : PageModel
{
    public sealed record ContactRow(string FullName, string Role, string? Email, string? Phone);

    public sealed record CofinancingRow(Guid ProjectId, string Project, decimal Cash, decimal InKind);

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public PartnerType Type { get; private set; }
    public bool IsLeadPartner { get; private set; }
    public IReadOnlyList<ContactRow> Contacts { get; private set; } = [];
    public IReadOnlyList<CofinancingRow> Cofinancing { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == id && p.AllianceId == allianceId)
            .Select(p => new { p.Id, p.Name, p.Type, p.IsLeadPartner }).FirstOrDefaultAsync(ct);
        if (partner is null)
        {
            return NotFound();
        }

        (Id, Name, Type, IsLeadPartner) = (partner.Id, partner.Name, partner.Type, partner.IsLeadPartner);
        Contacts = await db.PartnerContacts.AsNoTracking().Where(c => c.PartnerId == id).OrderBy(c => c.FullName)
            .Select(c => new ContactRow(c.FullName, c.Role, c.Email, c.Phone)).ToListAsync(ct);
        Cofinancing = await (
            from c in db.PartnerCofinancings.AsNoTracking()
            join p in db.Projects on c.ProjectId equals p.Id
            where c.PartnerId == id && p.AllianceId == allianceId
            orderby p.StartDate descending
            select new CofinancingRow(p.Id, p.Title, c.Cash, c.InKind)).ToListAsync(ct);
        return Page();
    }
}
