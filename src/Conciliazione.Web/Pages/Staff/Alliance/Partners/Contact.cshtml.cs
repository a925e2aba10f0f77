using Conciliazione.Domain;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

/// <summary>Corrects one contact of a partner of the staff user's alliance, in place.</summary>
public sealed class ContactModel(AppDbContext db, AuditLog audit, IValidator<EditModel.ContactModel> validator) : PageModel
{
    [BindProperty]
    public EditModel.ContactModel Contact { get; set; } = new();

    public Guid Id { get; private set; }
    public string PartnerName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid contactId, CancellationToken ct)
    {
        var partner = await FindAsync(id, ct);
        var contact = partner?.Contacts.FirstOrDefault(c => c.Id == contactId);
        if (contact is null)
        {
            return NotFound();
        }

        Contact = new EditModel.ContactModel { FullName = contact.FullName, Role = contact.Role, Email = contact.Email, Phone = contact.Phone };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid contactId, CancellationToken ct)
    {
        var partner = await FindAsync(id, ct);
        if (partner is null || partner.Contacts.All(c => c.Id != contactId))
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(Contact, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Contact));
            return Page();
        }

        try
        {
            partner.ReviseContact(contactId, Contact.FullName, Contact.Role, Contact.Email, Contact.Phone);
            audit.Add(AuditActions.PartnerContactUpdated, nameof(Partner), partner.Id.ToString(), contactId.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Contact", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Contact", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Referente aggiornato.";
        return RedirectToPage("./Details", new { id });
    }

    private async Task<Partner?> FindAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var partner = await db.Partners.Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == id && p.AllianceId == allianceId, ct);
        if (partner is not null)
        {
            Id = partner.Id;
            PartnerName = partner.Name;
        }

        return partner;
    }
}
