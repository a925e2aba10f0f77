using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Vouchers;

/// <summary>A child of the application a receipt may be about.</summary>
public sealed record ReceiptChild(string FiscalCode, string Name);

/// <summary>What the receipt form offers and checks against: the family's voucher, the application's children, the call's payment rule.</summary>
public sealed record ReceiptSetting(Voucher Voucher, string ParentName, IReadOnlyList<ReceiptChild> Children, bool CashAllowed, bool OtherProviderAllowed)
{
    public ReceiptContext Context(DateOnly today) =>
        new(Voucher, ParentName, Children.Select(c => c.FiscalCode.ToUpperInvariant()).ToList(), CashAllowed, OtherProviderAllowed, today);
}

/// <summary>
/// The family's receipts (giustificativi) as a unit of work: upload one for a voucher, or a
/// corrected one for a rejected receipt. The entity checks every field (<see cref="Receipt.Submit"/>);
/// here the duplicates are refused against the whole alliance (the same file, or the same number
/// from the same provider, while the first stands), the voucher is marked in use, and the change and
/// its audit row are saved together.
/// </summary>
/// <remarks>
/// Duplicates are checked first so the family gets a message on the right field; two uploads of the
/// same receipt at the same moment both pass that check, and then the partial unique indexes
/// <c>ux_receipts_same_file</c> and <c>ux_receipts_same_number</c> refuse the second insert
/// (23505), which is turned into the same message (ADR 0076).
/// </remarks>
public sealed class ReceiptWork(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string SameFileMessage = "Questo file è già stato caricato come giustificativo: la stessa ricevuta non può essere presentata due volte. Se un giustificativo è stato respinto, usa \"Correggi\" accanto a quello.";

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Today on the wall clock in Rome: receipt periods and deadlines are days there.</summary>
    public DateOnly Today => DateOnly.FromDateTime(RomeTime.ToRome(Now).DateTime);

    public static string SameNumberMessage(string number, string provider) =>
        $"Un giustificativo numero {number} di {provider} è già stato caricato: la stessa ricevuta non può essere rimborsata due volte.";

    /// <summary>The signed-in family's voucher with what its receipt form needs; null when the voucher is not theirs.</summary>
    public async Task<ReceiptSetting?> SettingAsync(Guid voucherId, Guid? familyUserId, CancellationToken ct)
    {
        var row = await (from v in db.Vouchers.AsNoTracking()
                         join a in db.Applications.AsNoTracking() on v.ApplicationId equals a.Id
                         join c in db.Calls.AsNoTracking() on v.CallId equals c.Id
                         where v.Id == voucherId && familyUserId != null && a.FamilyUserId == familyUserId
                         select new { v.CallId, a.Applicant.GivenName, a.Applicant.FamilyName, a.Household.Children, c.AllowsOtherProvider, c.CurrentVersionNumber })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        // Tracked: an upload marks it in use.
        var voucher = await db.Vouchers.SingleAsync(v => v.Id == voucherId, ct);

        // Which payments count is the call's current rule (as the voucher's payee was when it was issued).
        var rules = await db.CallVersions.AsNoTracking()
            .Where(v => v.CallId == row.CallId && v.Number == row.CurrentVersionNumber)
            .Select(v => v.Rules).FirstOrDefaultAsync(ct);
        var payment = rules?.Payment ?? new Domain.Calls.PaymentRule();
        var children = row.Children.Where(c => !string.IsNullOrWhiteSpace(c.FiscalCode))
            .Select(c => new ReceiptChild(c.FiscalCode.Trim().ToUpperInvariant(), $"{c.GivenName} {c.FamilyName}".Trim()))
            .ToList();
        return new ReceiptSetting(voucher, $"{row.GivenName} {row.FamilyName}".Trim(), children, payment.CashAllowed, row.AllowsOtherProvider);
    }

    /// <summary>The family's rejected receipt <paramref name="receiptId"/> of the voucher (what a correction starts from); null when there is none.</summary>
    public Task<Receipt?> RejectedAsync(Guid voucherId, Guid receiptId, CancellationToken ct) =>
        db.Receipts.SingleOrDefaultAsync(r => r.Id == receiptId && r.VoucherId == voucherId && r.Status == ReceiptStatus.Rejected, ct);

    /// <summary>
    /// Uploads a receipt for the family's voucher (a correction when <paramref name="corrects"/> is given).
    /// Throws <see cref="DomainException"/> with the Italian messages by field; nothing is saved then.
    /// </summary>
    public async Task<Receipt> SubmitAsync(ReceiptSetting setting, ReceiptDetails details, UploadedFile? document, UploadedFile? proof, Receipt? corrects, Guid familyUserId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var receipt = Receipt.Submit(setting.Context(Today), details, document, proof, familyUserId, Now, corrects);
        var voucher = setting.Voucher;
        var errors = new List<DomainError>();
        if (await db.Receipts.AnyAsync(r => r.AllianceId == voucher.AllianceId && r.DocumentSha256 == receipt.DocumentSha256 && r.Status != ReceiptStatus.Rejected, ct))
        {
            errors.Add(new DomainError("Document", SameFileMessage));
        }

        if (await db.Receipts.AnyAsync(r => r.AllianceId == voucher.AllianceId && r.ProviderKey == receipt.ProviderKey && r.Number == receipt.Number && r.Status != ReceiptStatus.Rejected, ct))
        {
            errors.Add(new DomainError("Number", SameNumberMessage(receipt.Number, receipt.ProviderName)));
        }

        if (corrects is not null && await db.Receipts.AnyAsync(r => r.CorrectsId == corrects.Id, ct))
        {
            errors.Add(new DomainError("", "Questo giustificativo respinto è già stato corretto: trovi la correzione nell'elenco dei giustificativi del voucher."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        voucher.MarkInUse();
        db.Receipts.Add(receipt);
        var details2 = string.Create(CultureInfo.InvariantCulture, $"voucher={voucher.Id}; amount={receipt.Amount}") + (corrects is null ? "" : "; corrects=" + corrects.Id);
        audit.Add(corrects is null ? AuditActions.ReceiptSubmitted : AuditActions.ReceiptCorrected, nameof(Receipt), receipt.Id.ToString(), details2, familyUserId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
            && unique.ConstraintName is "ux_receipts_same_file" or "ux_receipts_same_number")
        {
            // The same receipt uploaded at the same moment: the unique index refused the second.
            Forget();
            throw new DomainException([unique.ConstraintName == "ux_receipts_same_file"
                ? new DomainError("Document", SameFileMessage)
                : new DomainError("Number", SameNumberMessage(receipt.Number, receipt.ProviderName))]);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The voucher changed meanwhile (revoked, or its first receipt uploaded in another tab).
            Forget();
            throw new DomainException("Il voucher è stato aggiornato nel frattempo: ricarica la pagina e riprova.");
        }

        return receipt;
    }

    /// <summary>Drops what the refused save added (the receipt, its files, the audit row), so nothing of it is saved later in the request.</summary>
    private void Forget()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
