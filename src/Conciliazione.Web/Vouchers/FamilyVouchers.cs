using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Vouchers;

/// <summary>Everything the family's voucher page and its PDF state about a voucher.</summary>
public sealed record VoucherFacts(
    Guid Id,
    Guid ApplicationId,
    Guid CallId,
    string Code,
    decimal Cap,
    string Service,
    string ProviderName,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    DateOnly ReceiptsUntil,
    VoucherStatus Status,
    decimal Claimed,
    decimal Paid,
    PayeeKind Payee,
    string? PayeeIbanMasked,
    string? PayeeHolder,
    string ProtocolNumber,
    string ApplicantName,
    string CallReference,
    string CallTitle,
    string AllianceName,
    string LeadPartnerName)
{
    /// <summary>What the voucher can still reimburse (the cap less what batches already claimed).</summary>
    public decimal Left => Cap - Claimed;

    /// <summary>Receipts can be uploaded while the voucher is neither revoked, used up nor past its deadline.</summary>
    public bool TakesReceipts => Status is VoucherStatus.Issued or VoucherStatus.InUse;

    /// <summary>The family declares its IBAN only when the call pays the family, and only on a live voucher.</summary>
    public bool AsksPayee => Payee == PayeeKind.Family && Status is not VoucherStatus.Revoked;
}

/// <summary>A reimbursement that reached a payout batch: "In liquidazione" until the bank pays, then "Pagato" with the value date.</summary>
public sealed record VoucherPayment(Guid LineId, string BatchNumber, decimal Gross, decimal Netted, decimal Transferred, DateOnly PeriodFrom, DateOnly PeriodTo, bool Paid, DateOnly? ValueDate);

public sealed record ReceiptFileLink(Guid Id, ReceiptFileKind Kind, string FileName);

/// <summary>One of the voucher's receipts as its family sees it.</summary>
public sealed record FamilyReceipt(
    Guid Id,
    string Number,
    DateOnly IssuedOn,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    string ChildFiscalCode,
    string ProviderName,
    decimal Amount,
    PaymentMethod Method,
    DateOnly PaidOn,
    ReceiptStatus Status,
    decimal? Eligible,
    string? RejectionReason,
    DateTimeOffset SubmittedAt,
    Guid? CorrectsId,
    bool HasCorrection,
    IReadOnlyList<ReceiptFileLink> Files,
    VoucherPayment? Payment)
{
    /// <summary>A rejected receipt not corrected yet: the family may upload a corrected one.</summary>
    public bool CanCorrect => Status == ReceiptStatus.Rejected && !HasCorrection;
}

/// <summary>
/// The only way family pages reach vouchers and receipts: through the family's own applications,
/// so a voucher, a receipt or a file that is not theirs does not exist for them (404,
/// SECURITY-CHECKS #11-#12).
/// </summary>
public static class FamilyVouchers
{
    public static IQueryable<Voucher> VouchersOf(this AppDbContext db, Guid? familyUserId) =>
        from v in db.Vouchers
        join a in db.Applications on v.ApplicationId equals a.Id
        where familyUserId != null && a.FamilyUserId == familyUserId
        select v;

    /// <summary>The family's voucher <paramref name="voucherId"/> with everything its page shows; null when it is not theirs.</summary>
    public static async Task<VoucherFacts?> FactsAsync(this AppDbContext db, Guid voucherId, Guid? familyUserId, DateOnly today, CancellationToken ct)
    {
        var row = await (from x in db.Vouchers.AsNoTracking()
                         join a in db.Applications.AsNoTracking() on x.ApplicationId equals a.Id
                         join c in db.Calls.AsNoTracking() on x.CallId equals c.Id
                         join al in db.Alliances.AsNoTracking() on x.AllianceId equals al.Id
                         where x.Id == voucherId && familyUserId != null && a.FamilyUserId == familyUserId
                         select new { Voucher = x, a.ProtocolNumber, a.Applicant.GivenName, a.Applicant.FamilyName, c.ReferenceNumber, c.Title, al.Name, al.LeadPartnerName })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var v = row.Voucher;
        return new VoucherFacts(
            v.Id, v.ApplicationId, v.CallId, v.Code, v.Cap, ServiceLabel(v.ServiceType), v.ProviderName, v.ValidFrom, v.ValidTo, v.ReceiptsUntil,
            v.StatusOn(today), v.Claimed, v.Paid, v.Payee, v.PayeeIban is { } iban ? Iban.Mask(iban) : null, v.PayeeHolder,
            row.ProtocolNumber ?? "-", $"{row.GivenName} {row.FamilyName}".Trim(), row.ReferenceNumber, row.Title, row.Name, row.LeadPartnerName);
    }

    /// <summary>The voucher's reimbursements in payout batches, oldest first.</summary>
    public static async Task<IReadOnlyList<VoucherPayment>> PaymentsAsync(this AppDbContext db, Guid voucherId, CancellationToken ct) =>
        await (from l in db.PayoutLines.AsNoTracking()
               join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
               where l.VoucherId == voucherId
               orderby b.ProducedAt
               select new VoucherPayment(l.Id, b.Number, l.Gross, l.Netted, l.Amount, l.PeriodFrom, l.PeriodTo, b.Status == PayoutBatchStatus.Paid, b.ValueDate))
            .ToListAsync(ct);

    /// <summary>The voucher's receipts, newest first, each with its files and the payment that counted it.</summary>
    public static async Task<IReadOnlyList<FamilyReceipt>> ReceiptsAsync(this AppDbContext db, Guid voucherId, IReadOnlyList<VoucherPayment> payments, CancellationToken ct)
    {
        var receipts = await db.Receipts.AsNoTracking()
            .Where(r => r.VoucherId == voucherId)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new
            {
                r.Id,
                r.Number,
                r.IssuedOn,
                r.PeriodFrom,
                r.PeriodTo,
                r.ChildFiscalCode,
                r.ProviderName,
                r.Amount,
                r.Method,
                r.PaidOn,
                r.Status,
                r.EligibleAmount,
                r.RejectionReason,
                r.SubmittedAt,
                r.CorrectsId,
                r.PayoutLineId,
                Files = r.Files.OrderBy(f => f.Kind == ReceiptFileKind.Receipt ? 0 : 1).Select(f => new ReceiptFileLink(f.Id, f.Kind, f.FileName)).ToList(),
            })
            .ToListAsync(ct);
        var corrected = receipts.Where(r => r.CorrectsId != null).Select(r => r.CorrectsId!.Value).ToHashSet();
        return receipts.Select(r => new FamilyReceipt(
                r.Id, r.Number, r.IssuedOn, r.PeriodFrom, r.PeriodTo, r.ChildFiscalCode, r.ProviderName, r.Amount, r.Method, r.PaidOn, r.Status,
                r.EligibleAmount, r.RejectionReason, r.SubmittedAt, r.CorrectsId, corrected.Contains(r.Id), r.Files,
                payments.FirstOrDefault(p => p.LineId == r.PayoutLineId)))
            .ToList();
    }

    public static string ServiceLabel(string serviceType) =>
        Enum.TryParse<ServiceType>(serviceType, out var type) ? ServiceTypes.Italian(type) : serviceType;
}
