using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Vouchers;

/// <summary>
/// One voucher: its facts, who is paid (IBAN masked: staff see enough to recognise the account, the
/// full number goes only into the bank file) and its receipts with their decisions.
/// </summary>
public sealed class DetailsModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record ReceiptRow(Guid Id, string Number, DateOnly PeriodFrom, DateOnly PeriodTo, decimal Amount, decimal? Eligible, ReceiptStatus Status, DateTimeOffset SubmittedAt, bool Counted);

    public Voucher Voucher { get; private set; } = default!;
    public VoucherStatus StatusToday { get; private set; }
    public string? Protocol { get; private set; }
    public string Applicant { get; private set; } = "";
    public string CallLabel { get; private set; } = "";
    public string Service { get; private set; } = "";

    /// <summary>The payee's account, masked: the applicant's declared IBAN or the provider's.</summary>
    public string? PayeeIbanMasked { get; private set; }
    public string? PayeeHolder { get; private set; }
    public IReadOnlyList<ReceiptRow> Receipts { get; private set; } = [];
    public decimal Validated => Receipts.Where(r => r.Status == ReceiptStatus.Validated).Sum(r => r.Eligible ?? 0m);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.AllianceId == allianceId, ct);
        if (voucher is null)
        {
            return NotFound();
        }

        Voucher = voucher;
        StatusToday = voucher.StatusOn(clock.TodayInRome());
        var about = await (from a in db.Applications.AsNoTracking()
                           join c in db.Calls on a.CallId equals c.Id
                           where a.Id == voucher.ApplicationId
                           select new { a.ProtocolNumber, a.Applicant.GivenName, a.Applicant.FamilyName, c.ReferenceNumber, c.Title }).SingleAsync(ct);
        Protocol = about.ProtocolNumber;
        Applicant = about.GivenName + " " + about.FamilyName;
        CallLabel = about.ReferenceNumber + " - " + about.Title;
        Service = Enum.TryParse<ServiceType>(voucher.ServiceType, out var type) ? ServiceTypes.Italian(type) : voucher.ServiceType;
        if (voucher.Payee == PayeeKind.Family)
        {
            (PayeeIbanMasked, PayeeHolder) = (voucher.PayeeIban is { } iban ? Iban.Mask(iban) : null, voucher.PayeeHolder);
        }
        else if (voucher.ProviderId is { } providerId)
        {
            var provider = await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => new { p.Iban, p.IbanHolder }).FirstOrDefaultAsync(ct);
            (PayeeIbanMasked, PayeeHolder) = (provider?.Iban is { } iban ? Iban.Mask(iban) : null, provider?.IbanHolder);
        }

        Receipts = await db.Receipts.AsNoTracking().Where(r => r.VoucherId == id).OrderBy(r => r.SubmittedAt)
            .Select(r => new ReceiptRow(r.Id, r.Number, r.PeriodFrom, r.PeriodTo, r.Amount, r.EligibleAmount, r.Status, r.SubmittedAt, r.PayoutLineId != null))
            .ToListAsync(ct);
        return Page();
    }
}
