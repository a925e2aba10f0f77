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

/// <summary>A provider's details and its agreements (convenzioni, accreditamenti).</summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<ProviderForm> validator, IValidator<AgreementForm> agreementValidator) : PageModel
{
    public sealed record AgreementRow(Guid Id, AgreementKind Kind, string Number, DateOnly SignedOn, DateOnly ValidFrom, DateOnly? ValidUntil, AgreementStatus StatusToday, string Actions, int Documents);

    [BindProperty]
    public ProviderForm Input { get; set; } = new();

    [BindProperty]
    public AgreementForm Agreement { get; set; } = new();

    public Guid Id { get; private set; }
    public string CurrentName { get; private set; } = "";
    public IReadOnlyList<AgreementRow> Agreements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var provider = await FindAsync(id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        Input = ProviderForm.From(provider);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var provider = await FindAsync(id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (Input.PartnerId is { } partnerId && !await db.Partners.AnyAsync(p => p.Id == partnerId && p.AllianceId == provider.AllianceId, ct))
        {
            ModelState.AddModelError("Input.PartnerId", "Scegliere un partner dell'alleanza.");
            return Page();
        }

        if (await ProviderForm.IsDuplicateAsync(db, provider.AllianceId, Input.TaxCode, provider.Id, ct))
        {
            ModelState.AddModelError("Input.TaxCode", ProviderForm.DuplicateMessage);
            return Page();
        }

        try
        {
            db.ExpectVersion(provider, Input.Version);
            var bankAccountChanged = Input.ChangesBankAccount(provider);
            provider.Revise(Input.ToDetails());
            provider.SetBankAccount(Input.Iban, Input.IbanHolder);
            audit.Add(AuditActions.ProviderUpdated, nameof(Provider), provider.Id.ToString());
            if (bankAccountChanged)
            {
                // Who changed where direct payments go, and when: the account a payout is sent to.
                audit.Add(AuditActions.ProviderBankAccountUpdated, nameof(Provider), provider.Id.ToString());
            }

            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, "Input", "Input");
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Ente erogatore aggiornato.";
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostAddAgreementAsync(Guid id, CancellationToken ct)
    {
        var provider = await FindAsync(id, ct);
        if (provider is null)
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        Input = ProviderForm.From(provider);
        var validation = await agreementValidator.ValidateAsync(Agreement, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Agreement));
            return Page();
        }

        var actions = (IReadOnlyList<AgreementForm.ActionOption>)ViewData["Actions"]!;
        if (Agreement.ActionIds.Any(a => actions.All(o => o.Id != a)))
        {
            ModelState.AddModelError("Agreement.ActionIds", "Scegliere azioni dei progetti dell'alleanza.");
            return Page();
        }

        try
        {
            var agreement = provider.AddAgreement(Agreement.ToDetails());
            audit.Add(AuditActions.AgreementAdded, nameof(Domain.Providers.Agreement), agreement.Id.ToString(), provider.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Agreement", ex.Message);
            return Page();
        }

        TempData["Message"] = "Accordo registrato. Puoi allegarne il documento.";
        return RedirectToPage(new { id });
    }

    private async Task<Provider?> FindAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var provider = await db.Providers.Include(p => p.Agreements).FirstOrDefaultAsync(p => p.Id == id && p.AllianceId == allianceId, ct);
        ViewData["Partners"] = await ProviderForm.PartnerOptionsAsync(db, allianceId, ct);
        var actions = await AgreementForm.ActionOptionsAsync(db, allianceId, ct);
        ViewData["Actions"] = actions;
        if (provider is not null)
        {
            Id = provider.Id;
            CurrentName = provider.LegalName;
            var today = clock.TodayInRome();
            var agreementIds = provider.Agreements.Select(a => a.Id).ToList();
            var documents = await db.AgreementDocuments.Where(d => agreementIds.Contains(d.AgreementId)).GroupBy(d => d.AgreementId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            Agreements = provider.Agreements.OrderByDescending(a => a.SignedOn).Select(a => new AgreementRow(a.Id, a.Kind, a.Number, a.SignedOn, a.ValidFrom, a.ValidUntil, a.StatusOn(today),
                string.Join("; ", actions.Where(o => a.ActionIds.Contains(o.Id)).Select(o => o.Label)), documents.GetValueOrDefault(a.Id))).ToList();
        }

        return provider;
    }
}
