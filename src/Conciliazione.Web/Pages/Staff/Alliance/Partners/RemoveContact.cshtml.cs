using Conciliazione.Domain;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

/// <summary>Asks before removing a partner's contact; the POST removes it.</summary>
public sealed class RemoveContactModel(AppDbContext db, AuditLog audit) : PageModel
{
    public Guid Id { get; private set; }
    public string PartnerName { get; private set; } = "";
    public EditModel.ContactRow Contact { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid contactId, CancellationToken ct) =>
        await FindAsync(id, contactId, ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid contactId, CancellationToken ct)
    {
        var partner = await FindAsync(id, contactId, ct);
        if (partner is null)
        {
            return NotFound();
        }

        try
        {
            partner.RemoveContact(contactId);
            audit.Add(AuditActions.PartnerContactRemoved, nameof(Partner), partner.Id.ToString(), contactId.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DomainException or DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, ex is DomainException ? ex.Message : Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Referente rimosso.";
        return RedirectToPage("./Details", new { id });
    }

    private async Task<Partner?> FindAsync(Guid id, Guid contactId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var partner = await db.Partners.Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == id && p.AllianceId == allianceId, ct);
        var contact = partner?.Contacts.FirstOrDefault(c => c.Id == contactId);
        if (partner is null || contact is null)
        {
            return null;
        }

        Id = partner.Id;
        PartnerName = partner.Name;
        Contact = new EditModel.ContactRow(contact.Id, contact.FullName, contact.Role, contact.Email, contact.Phone);
        return partner;
    }
}
