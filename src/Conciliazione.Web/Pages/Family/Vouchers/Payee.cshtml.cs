using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Vouchers;

/// <summary>
/// The family declares the bank account its reimbursement is paid to: an IBAN of the SEPA area
/// (mod-97, the country's length, the Italian CIN) whose holder is the applicant
/// (<see cref="Voucher.DeclarePayee"/>). Only for a call that pays the family; another family's
/// voucher is a 404. What was typed stays in the form after an error.
/// </summary>
public sealed class PayeeModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public string? Iban { get; set; }
        public string? Holder { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Code { get; private set; } = "";
    public string ApplicantName { get; private set; } = "";
    public string? CurrentIbanMasked { get; private set; }

    private string GivenName { get; set; } = "";
    private string FamilyName { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (voucher, instead) = await LoadAsync(id, ct);
        if (voucher is null)
        {
            return instead!;
        }

        Input = new InputModel { Holder = voucher.PayeeHolder ?? ApplicantName };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (voucher, instead) = await LoadAsync(id, ct);
        if (voucher is null)
        {
            return instead!;
        }

        ModelState.Clear();
        try
        {
            voucher.DeclarePayee(Input.Iban, Input.Holder, GivenName, FamilyName, clock.GetUtcNow());
            audit.Add(AuditActions.VoucherPayeeDeclared, nameof(Voucher), voucher.Id.ToString(), "iban=" + Iban.Mask(voucher.PayeeIban!));
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, string.Empty, nameof(Input));
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "Il voucher è stato aggiornato nel frattempo: ricarica la pagina e riprova.");
            return Page();
        }

        TempData["Message"] = "Conto registrato: il rimborso sarà versato su questo IBAN.";
        return RedirectToPage("./Details", new { id });
    }

    /// <summary>The family's voucher (tracked), or the answer instead: 404 when not theirs, back to the voucher when the call pays the provider or it is revoked.</summary>
    private async Task<(Voucher? Voucher, IActionResult? Instead)> LoadAsync(Guid id, CancellationToken ct)
    {
        var familyUserId = User.UserId();
        var applicant = await (from v in db.Vouchers.AsNoTracking()
                               join a in db.Applications.AsNoTracking() on v.ApplicationId equals a.Id
                               where v.Id == id && familyUserId != null && a.FamilyUserId == familyUserId
                               select new { a.Applicant.GivenName, a.Applicant.FamilyName })
            .SingleOrDefaultAsync(ct);
        if (applicant is null)
        {
            return (null, NotFound());
        }

        var voucher = await db.Vouchers.SingleAsync(v => v.Id == id, ct);
        if (voucher.Payee != PayeeKind.Family || voucher.Status == VoucherStatus.Revoked)
        {
            return (null, RedirectToPage("./Details", new { id }));
        }

        (GivenName, FamilyName) = (applicant.GivenName, applicant.FamilyName);
        (Code, ApplicantName, CurrentIbanMasked) = (voucher.Code, $"{applicant.GivenName} {applicant.FamilyName}".Trim(), voucher.PayeeIban is { } iban ? Iban.Mask(iban) : null);
        return (voucher, null);
    }
}
