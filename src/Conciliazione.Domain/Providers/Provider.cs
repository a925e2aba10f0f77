using System.Globalization;
using System.Net.Mail;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Providers;

/// <summary>What staff type about a provider.</summary>
public sealed record ProviderDetails(
    string LegalName,
    string? VatNumber,
    string TaxCode,
    string Address,
    string PostalCode,
    string Municipality,
    string? Email,
    string? Phone,
    string? Website,
    IReadOnlyCollection<ServiceType> ServiceTypes,
    Guid? PartnerId);

/// <summary>
/// An ente erogatore: a nursery, a cooperative, a baby-sitting agency, a transport service that
/// families may spend vouchers with, under a convenzione or an accreditamento
/// (<see cref="Agreement"/>). It may also be a partner of the alliance.
/// </summary>
public class Provider
{
    private Provider()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public string LegalName { get; private set; } = "";

    /// <summary>Partita IVA; null for a body without one (e.g. an association with only a codice fiscale).</summary>
    public string? VatNumber { get; private set; }

    public string TaxCode { get; private set; } = "";
    public string Address { get; private set; } = "";
    public string PostalCode { get; private set; } = "";
    public string Municipality { get; private set; } = "";
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public string? Website { get; private set; }
    public List<ServiceType> ServiceTypes { get; private set; } = [];

    /// <summary>The partner this provider also is, when it is one.</summary>
    public Guid? PartnerId { get; private set; }

    /// <summary>The account a reimbursement is paid to when a call pays providers directly (normalized IBAN).</summary>
    public string? Iban { get; private set; }

    /// <summary>The account holder's name, as the bank knows it.</summary>
    public string? IbanHolder { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    /// <summary>Sets (or clears, with both empty) the account for direct payments; a wrong IBAN is refused.</summary>
    public void SetBankAccount(string? iban, string? holder)
    {
        if (string.IsNullOrWhiteSpace(iban) && string.IsNullOrWhiteSpace(holder))
        {
            Iban = null;
            IbanHolder = null;
            return;
        }

        var errors = new List<DomainError>();
        if (Vouchers.Iban.Check(iban) is { } problem)
        {
            errors.Add(new DomainError("Iban", problem));
        }

        if (string.IsNullOrWhiteSpace(holder))
        {
            errors.Add(new DomainError("IbanHolder", "Indicare l'intestatario del conto."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        Iban = Vouchers.Iban.Normalize(iban);
        IbanHolder = holder!.Trim().Length > 70 ? holder.Trim()[..70] : holder.Trim();
    }

    public List<Agreement> Agreements { get; } = [];

    public static Provider Create(Guid allianceId, ProviderDetails details)
    {
        var provider = new Provider { Id = Guid.NewGuid(), AllianceId = allianceId };
        provider.Revise(details);
        return provider;
    }

    /// <summary>Checks every field and lists every problem at once, in Italian.</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(ProviderDetails d)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(d.LegalName))
        {
            problems.Add((nameof(d.LegalName), "Inserire la ragione sociale dell'ente."));
        }

        if (!string.IsNullOrWhiteSpace(d.VatNumber) && PartitaIva.Check(d.VatNumber) is { } vat)
        {
            problems.Add((nameof(d.VatNumber), vat));
        }

        if (ProviderTaxCode.Check(d.TaxCode) is { } taxCode)
        {
            problems.Add((nameof(d.TaxCode), taxCode));
        }

        if (string.IsNullOrWhiteSpace(d.Address))
        {
            problems.Add((nameof(d.Address), "Inserire l'indirizzo della sede dei servizi."));
        }

        if (d.PostalCode is not { Length: 5 } cap || !cap.All(char.IsAsciiDigit))
        {
            problems.Add((nameof(d.PostalCode), "Il CAP ha 5 cifre."));
        }

        if (string.IsNullOrWhiteSpace(d.Municipality))
        {
            problems.Add((nameof(d.Municipality), "Inserire il comune."));
        }

        if (!string.IsNullOrWhiteSpace(d.Email) && !MailAddress.TryCreate(d.Email.Trim(), out _))
        {
            problems.Add((nameof(d.Email), "L'indirizzo e-mail non è valido."));
        }

        if (!string.IsNullOrWhiteSpace(d.Website) && !(Uri.TryCreate(d.Website.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            problems.Add((nameof(d.Website), "Il sito deve essere un indirizzo completo, per esempio https://www.example.it."));
        }

        if (d.ServiceTypes.Count == 0)
        {
            problems.Add((nameof(d.ServiceTypes), "Scegliere almeno un servizio offerto."));
        }

        return problems;
    }

    public void Revise(ProviderDetails d)
    {
        var problems = Problems(d);
        if (problems.Count > 0)
        {
            throw new DomainException(string.Join(" ", problems.Select(p => p.Message)));
        }

        LegalName = d.LegalName.Trim();
        VatNumber = string.IsNullOrWhiteSpace(d.VatNumber) ? null : PartitaIva.Normalize(d.VatNumber);
        TaxCode = ProviderTaxCode.Normalize(d.TaxCode);
        Address = d.Address.Trim();
        PostalCode = d.PostalCode.Trim();
        Municipality = d.Municipality.Trim();
        Email = Clean(d.Email);
        Phone = Clean(d.Phone);
        Website = Clean(d.Website);
        ServiceTypes = d.ServiceTypes.Distinct().Order().ToList();
        PartnerId = d.PartnerId;
    }

    public Agreement AddAgreement(AgreementDetails details)
    {
        if (Agreements.Any(a => string.Equals(a.Number, details.Number.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("Questo ente ha già un accordo con lo stesso numero.");
        }

        var agreement = new Agreement { Id = Guid.NewGuid(), ProviderId = Id, Status = AgreementStatus.Active };
        agreement.Revise(details);
        Agreements.Add(agreement);
        return agreement;
    }

    public void ReviseAgreement(Guid agreementId, AgreementDetails details)
    {
        var agreement = FindAgreement(agreementId);
        if (Agreements.Any(a => a.Id != agreementId && string.Equals(a.Number, details.Number.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("Questo ente ha già un accordo con lo stesso numero.");
        }

        agreement.Revise(details);
    }

    public void SetAgreementStatus(Guid agreementId, AgreementStatus status) => FindAgreement(agreementId).SetStatus(status);

    /// <summary>Whether an agreement in force on <paramref name="on"/> covers the action.</summary>
    public bool HasAgreementInForce(Guid actionId, DateOnly on) => Agreements.Any(a => a.ActionIds.Contains(actionId) && a.IsInForceOn(on));

    public Agreement FindAgreement(Guid agreementId) =>
        Agreements.FirstOrDefault(a => a.Id == agreementId) ?? throw new DomainException("L'accordo non appartiene a questo ente.");

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public enum AgreementKind
{
    /// <summary>Convenzione: a contract between the lead partner and the provider.</summary>
    Convenzione,

    /// <summary>Accreditamento: the provider meets the alliance's requirements and is listed.</summary>
    Accreditamento,
}

public enum AgreementStatus
{
    Active,
    Suspended,
    Expired,
}

public sealed record AgreementDetails(AgreementKind Kind, string Number, DateOnly SignedOn, DateOnly ValidFrom, DateOnly? ValidUntil, IReadOnlyCollection<Guid> ActionIds);

/// <summary>A convenzione or accreditamento of a provider, for one or more actions, with its validity.</summary>
public class Agreement
{
    public Guid Id { get; internal set; }
    public Guid ProviderId { get; internal set; }
    public AgreementKind Kind { get; private set; }
    public string Number { get; private set; } = "";
    public DateOnly SignedOn { get; private set; }
    public DateOnly ValidFrom { get; private set; }
    public DateOnly? ValidUntil { get; private set; }

    /// <summary>What staff set: active, suspended, or expired (e.g. terminated early).</summary>
    public AgreementStatus Status { get; internal set; }

    /// <summary>The project actions (A, B) it covers.</summary>
    public List<Guid> ActionIds { get; private set; } = [];

    /// <summary>
    /// The status on a day: suspended or expired as staff set it; otherwise expired after
    /// <see cref="ValidUntil"/>; active from <see cref="ValidFrom"/>. Before that it is not yet in
    /// force, which counts as not active.
    /// </summary>
    public AgreementStatus StatusOn(DateOnly on) => Status != AgreementStatus.Active ? Status
        : ValidUntil is { } until && on > until ? AgreementStatus.Expired
        : Status;

    public bool IsInForceOn(DateOnly on) => StatusOn(on) == AgreementStatus.Active && on >= ValidFrom;

    public static string KindItalian(AgreementKind kind) => kind == AgreementKind.Convenzione ? "Convenzione" : "Accreditamento";

    public static string StatusItalian(AgreementStatus status) => status switch
    {
        AgreementStatus.Active => "Attivo",
        AgreementStatus.Suspended => "Sospeso",
        _ => "Scaduto",
    };

    internal void Revise(AgreementDetails d)
    {
        if (!Enum.IsDefined(d.Kind))
        {
            throw new DomainException("Scegliere se è una convenzione o un accreditamento.");
        }

        if (string.IsNullOrWhiteSpace(d.Number))
        {
            throw new DomainException("Inserire il numero dell'accordo.");
        }

        if (d.ValidUntil is { } until && until < d.ValidFrom)
        {
            throw new DomainException("La fine della validità non può precedere l'inizio.");
        }

        if (d.ValidFrom < d.SignedOn.AddYears(-1))
        {
            throw new DomainException("L'inizio della validità è più di un anno prima della firma: controllare le date.");
        }

        if (d.ActionIds.Count == 0)
        {
            throw new DomainException("Indicare almeno un'azione coperta dall'accordo.");
        }

        Kind = d.Kind;
        Number = d.Number.Trim();
        SignedOn = d.SignedOn;
        ValidFrom = d.ValidFrom;
        ValidUntil = d.ValidUntil;
        ActionIds = d.ActionIds.Distinct().ToList();
    }

    internal void SetStatus(AgreementStatus status)
    {
        if (!Enum.IsDefined(status))
        {
            throw new DomainException("Stato dell'accordo non valido.");
        }

        Status = status;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {Number}");
}

/// <summary>A document of an agreement (the signed convenzione, the accreditation decree), stored as bytea.</summary>
public class AgreementDocument
{
    private AgreementDocument()
    {
    }

    public Guid Id { get; private set; }
    public Guid AgreementId { get; private set; }
    public string FileName { get; private set; } = "";
    public int Size { get; private set; }
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset UploadedAt { get; private set; }
    public Guid? UploadedBy { get; private set; }

    public static AgreementDocument Create(Guid agreementId, string? fileName, byte[] content, DateTimeOffset at, Guid? by)
    {
        PdfFile.Ensure(content);
        return new AgreementDocument
        {
            Id = Guid.NewGuid(),
            AgreementId = agreementId,
            FileName = PdfFile.SafeName(fileName),
            Size = content.Length,
            Content = content,
            UploadedAt = at.ToUniversalTime(),
            UploadedBy = by,
        };
    }
}
