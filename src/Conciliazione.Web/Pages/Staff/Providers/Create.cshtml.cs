using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Providers;

/// <summary>A new provider; its agreements are added on its page.</summary>
public sealed class CreateModel(AppDbContext db, AuditLog audit, IValidator<ProviderForm> validator) : PageModel
{
    [BindProperty]
    public ProviderForm Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => ViewData["Partners"] = await ProviderForm.PartnerOptionsAsync(db, User.AllianceId(), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        ViewData["Partners"] = await ProviderForm.PartnerOptionsAsync(db, allianceId, ct);
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid || allianceId is not { } alliance)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (Input.PartnerId is { } partnerId && !await db.Partners.AnyAsync(p => p.Id == partnerId && p.AllianceId == alliance, ct))
        {
            ModelState.AddModelError("Input.PartnerId", "Scegliere un partner dell'alleanza.");
            return Page();
        }

        if (await ProviderForm.IsDuplicateAsync(db, alliance, Input.TaxCode, null, ct))
        {
            ModelState.AddModelError("Input.TaxCode", ProviderForm.DuplicateMessage);
            return Page();
        }

        try
        {
            var provider = Provider.Create(alliance, Input.ToDetails());
            provider.SetBankAccount(Input.Iban, Input.IbanHolder);
            db.Providers.Add(provider);
            audit.Add(AuditActions.ProviderCreated, nameof(Provider), provider.Id.ToString());
            if (provider.Iban is not null)
            {
                audit.Add(AuditActions.ProviderBankAccountUpdated, nameof(Provider), provider.Id.ToString());
            }

            await db.SaveChangesAsync(ct);
            TempData["Message"] = "Ente erogatore aggiunto. Ora registra la convenzione o l'accreditamento.";
            return RedirectToPage("./Edit", new { id = provider.Id });
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, "Input", "Input");
            return Page();
        }
    }
}
