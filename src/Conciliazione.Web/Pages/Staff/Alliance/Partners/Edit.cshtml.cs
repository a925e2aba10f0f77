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

/// <summary>Name, tipologia and contacts of a partner of the staff user's alliance.</summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, IValidator<PartnerForm> validator, IValidator<EditModel.ContactModel> contactValidator) : PageModel
{
    public sealed class ContactModel
    {
        public string FullName { get; set; } = "";
        public string Role { get; set; } = "";
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }

    public sealed class ContactValidator : AbstractValidator<ContactModel>
    {
        public ContactValidator()
        {
            RuleFor(x => x.FullName).NotEmpty().WithMessage("Inserire nome e cognome del referente.").MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.Role).NotEmpty().WithMessage("Inserire il ruolo del referente.").MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.Email).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.Email)).WithMessage("L'indirizzo e-mail non è valido.")
                .MaximumLength(256).WithMessage("Al massimo 256 caratteri.");
            RuleFor(x => x.Phone).MaximumLength(40).WithMessage("Al massimo 40 caratteri.");
        }
    }

    public sealed record ContactRow(Guid Id, string FullName, string Role, string? Email, string? Phone);

    [BindProperty]
    public PartnerForm Input { get; set; } = new();

    [BindProperty]
    public ContactModel Contact { get; set; } = new();

    public Guid Id { get; private set; }
    public string CurrentName { get; private set; } = "";
    public IReadOnlyList<ContactRow> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var partner = await FindAsync(id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Input = new PartnerForm { Name = partner.Name, Type = partner.Type, Version = partner.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var partner = await FindAsync(id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (await PartnerForm.IsDuplicateAsync(db, partner.AllianceId, Input.Name, partner.Id, ct))
        {
            ModelState.AddModelError("Input.Name", PartnerForm.DuplicateMessage);
            return Page();
        }

        try
        {
            db.ExpectVersion(partner, Input.Version);
            partner.Revise(Input.Name, Input.Type!.Value);
            audit.Add(AuditActions.PartnerUpdated, nameof(Partner), partner.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Ente partner aggiornato.";
        return RedirectToPage("./Details", new { id });
    }

    public async Task<IActionResult> OnPostAddContactAsync(Guid id, CancellationToken ct)
    {
        var partner = await FindAsync(id, ct);
        if (partner is null)
        {
            return NotFound();
        }

        Input = new PartnerForm { Name = partner.Name, Type = partner.Type, Version = partner.Version };
        ModelState.Clear();
        var validation = await contactValidator.ValidateAsync(Contact, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Contact));
            return Page();
        }

        try
        {
            var contact = partner.AddContact(Contact.FullName, Contact.Role, Contact.Email, Contact.Phone);
            audit.Add(AuditActions.PartnerContactAdded, nameof(Partner), partner.Id.ToString(), contact.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Contact", ex.Message);
            return Page();
        }

        TempData["Message"] = "Referente aggiunto.";
        return RedirectToPage("./Details", new { id });
    }

    private async Task<Partner?> FindAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var partner = await db.Partners.Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == id && p.AllianceId == allianceId, ct);
        if (partner is not null)
        {
            Id = partner.Id;
            CurrentName = partner.Name;
            Contacts = partner.Contacts.OrderBy(c => c.FullName).Select(c => new ContactRow(c.Id, c.FullName, c.Role, c.Email, c.Phone)).ToList();
        }

        return partner;
    }
}
