using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Vouchers;

/// <summary>
/// Staff decisions on a receipt (giustificativo): validate it with the eligible amount, or reject it
/// with a reason. The decision, its audit row and the family's notification are saved together.
/// </summary>
/// <remarks>
/// The form carries the receipt's <c>xmin</c>. A decision posted on a page older than the receipt
/// (another operator decided first, or the same form was posted twice) changes nothing and says what
/// happened; two posts racing lose at the UPDATE, which matches on <c>xmin</c>, so a receipt is decided
/// once and the family gets one notification.
/// </remarks>
public sealed class ReceiptReview(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string RevokedVoucher = "Il voucher è revocato: il giustificativo non può essere convalidato. Respingerlo indicando il motivo.";

    /// <summary>The receipt if it belongs to <paramref name="allianceId"/> (tracked, for a decision).</summary>
    public Task<Receipt?> LoadAsync(Guid id, Guid? allianceId, CancellationToken ct) =>
        db.Receipts.FirstOrDefaultAsync(r => r.Id == id && r.AllianceId == allianceId, ct);

    /// <summary>Validates the receipt; null when saved, else why nothing was saved. Field errors come as <see cref="DomainException"/>.</summary>
    public async Task<string?> ValidateAsync(Receipt receipt, uint version, decimal? eligible, Guid by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (Stale(receipt, version) is { } stale)
        {
            return stale;
        }

        var voucher = await VoucherOfAsync(receipt, ct);
        if (voucher.Status == VoucherStatus.Revoked)
        {
            return RevokedVoucher;
        }

        var now = clock.GetUtcNow();
        receipt.Validate(eligible, by, now);
        var family = await FamilyOfAsync(receipt, ct);
        await Outbox.AddAsync(db, family, new ReceiptValidatedModel(receipt.Id, receipt.ApplicationId, voucher.Code, receipt.Number, receipt.EligibleAmount!.Value), now, ct);
        audit.Add(AuditActions.ReceiptValidated, nameof(Receipt), receipt.Id.ToString(), Money.ToInput(receipt.EligibleAmount!.Value));
        return await SaveAsync(receipt, version, ct);
    }

    /// <summary>Rejects the receipt with <paramref name="reason"/> (required: the family reads it to correct the receipt).</summary>
    public async Task<string?> RejectAsync(Receipt receipt, uint version, string? reason, Guid by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (Stale(receipt, version) is { } stale)
        {
            return stale;
        }

        var voucher = await VoucherOfAsync(receipt, ct);
        var now = clock.GetUtcNow();
        receipt.Reject(reason, by, now);
        var family = await FamilyOfAsync(receipt, ct);
        await Outbox.AddAsync(db, family, new ReceiptRejectedModel(receipt.Id, receipt.ApplicationId, voucher.Code, receipt.Number, receipt.RejectionReason!), now, ct);
        audit.Add(AuditActions.ReceiptRejected, nameof(Receipt), receipt.Id.ToString());
        return await SaveAsync(receipt, version, ct);
    }

    /// <summary>Why a decision taken on <paramref name="version"/> of the receipt can no longer be saved; null when it can.</summary>
    private static string? Stale(Receipt receipt, uint version) => receipt.Status switch
    {
        ReceiptStatus.Validated => AlreadyDecided(receipt),
        ReceiptStatus.Rejected => AlreadyDecided(receipt),
        _ when receipt.Version != version => Concurrency.Message,
        _ => null,
    };

    public static string AlreadyDecided(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var when = receipt.ReviewedAt is { } at ? " il " + RomeTime.Format(at) : "";
        return receipt.Status == ReceiptStatus.Validated
            ? $"Il giustificativo è già stato convalidato{when}: la decisione non si ripete."
            : $"Il giustificativo è già stato respinto{when}: la decisione non si ripete. La famiglia può caricarne uno corretto.";
    }

    private async Task<string?> SaveAsync(Receipt receipt, uint version, CancellationToken ct)
    {
        try
        {
            db.ExpectVersion(receipt, version);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another decision won the race: say which, from the row as it is now.
            db.ChangeTracker.Clear();
            var now = await db.Receipts.AsNoTracking().FirstAsync(r => r.Id == receipt.Id, ct);
            return now.Status == ReceiptStatus.Submitted ? Concurrency.Message : AlreadyDecided(now);
        }
    }

    private Task<Voucher> VoucherOfAsync(Receipt receipt, CancellationToken ct) =>
        db.Vouchers.AsNoTracking().FirstAsync(v => v.Id == receipt.VoucherId, ct);

    private Task<Guid> FamilyOfAsync(Receipt receipt, CancellationToken ct) =>
        db.Applications.AsNoTracking().Where(a => a.Id == receipt.ApplicationId).Select(a => a.FamilyUserId).FirstAsync(ct);
}
