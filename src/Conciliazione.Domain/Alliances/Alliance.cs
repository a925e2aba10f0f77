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
}
