using Conciliazione.Domain;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance;

/// <summary>
/// The account voucher reimbursements are paid from: the debtor of the SEPA payout files (name,
/// IBAN, BIC, the initiator id the bank assigned, e.g. the CUC). Staff see it; only administrators
/// change it.
/// </summary>
/// <remarks>
/// Changing where payouts are debited is rare and consequential (every batch file from then on
/// names this account), so it is an administrator's act, audited; operators who prepare batches
/// see what the files will carry.
/// </remarks>
public sealed class PaymentsModel(AppDbContext db, AuditLog audit, IValidator<PaymentsModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public string? DebtorName { get; set; }
        public string? Iban { get; set; }
        public string? Bic { get; set; }
        public string? InitiatorId { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            // The account's own checks are the domain's (PaymentAccount.Create); these only bound what is stored.
            RuleFor(x => x.DebtorName).MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.Iban).MaximumLength(50).WithMessage("Al massimo 50 caratteri.");
            RuleFor(x => x.Bic).MaximumLength(20).WithMessage("Al massimo 20 caratteri.");
            RuleFor(x => x.InitiatorId).MaximumLength(50).WithMessage("Al massimo 50 caratteri.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public PaymentAccount? Current { get; private set; }
    public bool CanEdit => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var alliance = await FindAsync(ct);
        if (alliance is null)
        {
            return NotFound();
        }

        Current = alliance.Payments;
        Input = Current is { } p
            ? new InputModel { DebtorName = p.DebtorName, Iban = Iban.Format(p.Iban), Bic = p.Bic, InitiatorId = p.InitiatorId }
            : new InputModel { DebtorName = alliance.LeadPartnerName };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var alliance = await FindAsync(ct);
        if (alliance is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        Current = alliance.Payments;
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        try
        {
            alliance.Payments = PaymentAccount.Create(Input.DebtorName, Input.Iban, Input.Bic, Input.InitiatorId);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, nameof(Input), nameof(Input));
            return Page();
        }

        audit.Add(AuditActions.AlliancePaymentAccountUpdated, nameof(Domain.Alliances.Alliance), alliance.Id.ToString());
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Conto dei pagamenti salvato: le prossime distinte useranno questi dati.";
        return RedirectToPage();
    }

    private Task<Domain.Alliances.Alliance?> FindAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        return db.Alliances.FirstOrDefaultAsync(a => a.Id == allianceId, ct);
    }
}
