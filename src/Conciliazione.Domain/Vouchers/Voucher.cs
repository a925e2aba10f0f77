using System.Security.Cryptography;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Vouchers;

public enum VoucherStatus
{
    /// <summary>Issued with the grant; nothing spent yet.</summary>
    Issued,

    /// <summary>At least one receipt uploaded or something paid.</summary>
    InUse,

    /// <summary>Everything the voucher is worth has been paid.</summary>
    UsedUp,

    /// <summary>The receipt deadline after the service period has passed with money left.</summary>
    Expired,

    /// <summary>The grant was renounced or revoked.</summary>
    Revoked,
}

/// <summary>
/// The voucher a grant becomes: a code that cannot be guessed (80 random bits), the cap (the granted
/// amount), the service and provider the family chose, the validity (the call's service period) and
/// what is left. Issued in the transaction that makes the grant (<c>Web/Grants/Funding</c>, one per
/// grant: UNIQUE grant_id); revoked in the one that releases it.
/// </summary>
public class Voucher
{
    private Voucher()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid GrantId { get; private set; }

    /// <summary>"CNZ-7K3M-Q9TX-W2HD": 16 Crockford base-32 characters after the prefix (80 random bits).</summary>
    public string Code { get; private set; } = "";

    /// <summary>The granted amount: the most this voucher pays.</summary>
    public decimal Cap { get; private set; }

    public string ServiceType { get; private set; } = "";
    public Guid? ProviderId { get; private set; }
    public string ProviderName { get; private set; } = "";
    public DateOnly ValidFrom { get; private set; }
    public DateOnly ValidTo { get; private set; }

    /// <summary>Last day a receipt can be uploaded (<see cref="ValidTo"/> plus the call's deadline days).</summary>
    public DateOnly ReceiptsUntil { get; private set; }

    public PayeeKind Payee { get; private set; }
    public VoucherStatus Status { get; private set; }

    /// <summary>In payout batches produced so far, paid or not (never more than <see cref="Cap"/>).</summary>
    public decimal Claimed { get; private set; }

    /// <summary>In batches the bank has paid.</summary>
    public decimal Paid { get; private set; }

    /// <summary>The applicant's IBAN for a family payee (normalized), with the holder's name as declared.</summary>
    public string? PayeeIban { get; private set; }
    public string? PayeeHolder { get; private set; }
    public DateTimeOffset? PayeeDeclaredAt { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public decimal Left => Cap - Claimed;

    /// <summary>The status as of <paramref name="today"/> (Rome): an issued or in-use voucher past its receipt deadline has expired.</summary>
    public VoucherStatus StatusOn(DateOnly today) =>
        Status is VoucherStatus.Issued or VoucherStatus.InUse && today > ReceiptsUntil ? VoucherStatus.Expired : Status;

    public static string Italian(VoucherStatus status) => status switch
    {
        VoucherStatus.Issued => "Emesso",
        VoucherStatus.InUse => "In uso",
        VoucherStatus.UsedUp => "Esaurito",
        VoucherStatus.Expired => "Scaduto",
        _ => "Revocato",
    };

    /// <summary>A voucher for a grant (the SQL funding path inserts the same columns; this is for tests and seeds).</summary>
    public static Voucher Issue(Guid allianceId, Guid callId, Guid applicationId, Guid grantId, decimal cap, string serviceType, Guid? providerId, string providerName, DateOnly validFrom, DateOnly validTo, PaymentRule payment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return new Voucher
        {
            Id = Guid.CreateVersion7(),
            AllianceId = allianceId,
            CallId = callId,
            ApplicationId = applicationId,
            GrantId = grantId,
            Code = VoucherCodes.New(),
            Cap = Money.Ensure(cap, "Importo del voucher"),
            ServiceType = serviceType,
            ProviderId = providerId,
            ProviderName = providerName,
            ValidFrom = validFrom,
            ValidTo = validTo,
            ReceiptsUntil = validTo.AddDays(payment.ReceiptDeadlineDays),
            Payee = payment.Payee,
            Status = VoucherStatus.Issued,
            IssuedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>
    /// Records the applicant's bank account: a valid IBAN whose holder is the applicant (a joint
    /// account naming the applicant is declared with the applicant's name).
    /// </summary>
    public void DeclarePayee(string? iban, string? holder, string applicantGivenName, string applicantFamilyName, DateTimeOffset now)
    {
        var errors = new List<DomainError>();
        if (Payee != PayeeKind.Family)
        {
            throw new DomainException("Per questo bando il rimborso è versato all'ente erogatore: non serve indicare un IBAN.");
        }

        if (Status == VoucherStatus.Revoked)
        {
            throw new DomainException("Il voucher è revocato.");
        }

        if (Iban.Check(iban) is { } ibanProblem)
        {
            errors.Add(new DomainError("Iban", ibanProblem));
        }

        if (string.IsNullOrWhiteSpace(holder))
        {
            errors.Add(new DomainError("Holder", "Indicare l'intestatario del conto."));
        }
        else if (!HolderNames.SamePerson(holder, applicantGivenName, applicantFamilyName))
        {
            errors.Add(new DomainError("Holder", $"Il conto deve essere intestato al richiedente ({applicantGivenName} {applicantFamilyName}): il rimborso non può essere versato a un'altra persona."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        PayeeIban = Iban.Normalize(iban);
        PayeeHolder = holder!.Trim();
        PayeeDeclaredAt = now.ToUniversalTime();
    }

    /// <summary>A receipt was uploaded: an issued voucher is now in use.</summary>
    public void MarkInUse()
    {
        if (Status == VoucherStatus.Issued)
        {
            Status = VoucherStatus.InUse;
        }
    }
}

/// <summary>Voucher codes: random, unambiguous (Crockford base 32: no I, L, O, U), checked on look-up.</summary>
public static class VoucherCodes
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[16];
        for (var i = 0; i < 16; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        var s = new string(chars);
        return $"CNZ-{s[..4]}-{s[4..8]}-{s[8..12]}-{s[12..]}";
    }

    /// <summary>What a person typed, made comparable to a stored code (case, spaces, dashes, O/0 and I/L/1 mix-ups).</summary>
    public static string Normalize(string? typed)
    {
        var s = new string((typed ?? "").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }).ToArray());
        if (s.StartsWith("CNZ", StringComparison.Ordinal))
        {
            s = s[3..];
        }

        return s.Length == 16 ? $"CNZ-{s[..4]}-{s[4..8]}-{s[8..12]}-{s[12..]}" : s;
    }
}
