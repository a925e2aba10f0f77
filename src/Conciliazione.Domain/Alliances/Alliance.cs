namespace Conciliazione.Domain.Alliances;

/// <summary>
/// An alleanza locale per la conciliazione: the owner of every other record, so one deployment
/// can serve several alliances.
/// </summary>
public class Alliance
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string LeadPartnerName { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The debtor of the payout bank files (the lead partner's treasury account); null until staff set it.</summary>
    public PaymentAccount? Payments { get; set; }

    /// <summary>
    /// Months after an application is closed (<see cref="Privacy.Retention"/>) before the retention job
    /// erases its personal data; null until the lead partner sets it, and then nothing is erased (ADR 0139).
    /// </summary>
    public int? RetentionMonths { get; private set; }

    /// <summary>Sets the retention period: between <see cref="Privacy.Retention.MinMonths"/> and <see cref="Privacy.Retention.MaxMonths"/> months.</summary>
    public void SetRetention(int? months)
    {
        if (months is { } m && (m < Privacy.Retention.MinMonths || m > Privacy.Retention.MaxMonths))
        {
            throw new DomainException([new DomainError(nameof(RetentionMonths), $"Indicare un numero di mesi tra {Privacy.Retention.MinMonths} e {Privacy.Retention.MaxMonths}.")]);
        }

        RetentionMonths = months;
    }

    public List<District> Districts { get; } = [];
}

/// <summary>
/// The account vouchers are paid from (debtor of the SEPA file): name, IBAN, BIC and, optionally,
/// the initiating party's identifier the bank assigned (CUC for Italian banks).
/// </summary>
public sealed class PaymentAccount
{
    public string DebtorName { get; set; } = "";
    public string Iban { get; set; } = "";
    public string? Bic { get; set; }
    public string? InitiatorId { get; set; }

    /// <summary>
    /// The account as typed, checked all at once (Italian messages keyed by field): the debtor's name
    /// (at most 70 characters, the SEPA limit), a valid IBAN, a BIC when given, and the initiator id
    /// (at most 35 letters or digits, the pain.001 limit) when given. Stored normalized.
    /// </summary>
    public static PaymentAccount Create(string? debtorName, string? iban, string? bic, string? initiatorId)
    {
        var errors = new List<DomainError>();
        var name = (debtorName ?? "").Trim();
        if (name.Length == 0)
        {
            errors.Add(new DomainError(nameof(DebtorName), "Indicare l'intestatario del conto da cui partono i pagamenti."));
        }
        else if (name.Length > 70)
        {
            errors.Add(new DomainError(nameof(DebtorName), "L'intestatario può avere al massimo 70 caratteri (limite dei bonifici SEPA)."));
        }

        if (Vouchers.Iban.Check(iban) is { } ibanProblem)
        {
            errors.Add(new DomainError(nameof(Iban), ibanProblem));
        }

        if (!string.IsNullOrWhiteSpace(bic) && Vouchers.Bic.Check(bic) is { } bicProblem)
        {
            errors.Add(new DomainError(nameof(Bic), bicProblem));
        }

        var initiator = (initiatorId ?? "").Trim().ToUpperInvariant();
        if (initiator.Length > 35 || !initiator.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add(new DomainError(nameof(InitiatorId), "Il codice identificativo (per esempio il CUC assegnato dalla banca) ha al massimo 35 lettere o cifre, senza spazi."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return new PaymentAccount
        {
            DebtorName = name,
            Iban = Vouchers.Iban.Normalize(iban),
            Bic = string.IsNullOrWhiteSpace(bic) ? null : Vouchers.Bic.Normalize(bic),
            InitiatorId = initiator.Length == 0 ? null : initiator,
        };
    }
}
