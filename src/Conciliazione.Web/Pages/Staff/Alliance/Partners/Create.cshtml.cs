using Conciliazione.Domain;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

public sealed class CreateModel(AppDbContext db, AuditLog audit, IValidator<PartnerForm> validator) : PageModel
{
    [BindProperty]
    public PartnerForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.AllianceId() is not { } allianceId)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (await PartnerForm.IsDuplicateAsync(db, allianceId, Input.Name, null, ct))
        {
            ModelState.AddModelError("Input.Name", PartnerForm.DuplicateMessage);
            return Page();
        }

        Partner partner;
        try
        {
            partner = Partner.Create(Guid.NewGuid(), allianceId, Input.Name, Input.Type!.Value);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input", ex.Message);
            return Page();
        }

        db.Partners.Add(partner);
        audit.Add(AuditActions.PartnerCreated, nameof(Partner), partner.Id.ToString());
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Ente partner aggiunto.";
        return RedirectToPage("./Details", new { id = partner.Id });
    }
}
