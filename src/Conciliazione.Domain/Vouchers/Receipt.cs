using System.Security.Cryptography;
using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Vouchers;

public enum PaymentMethod
{
    BankTransfer,
    Card,
    Cash,
}

public enum ReceiptStatus
{
    /// <summary>Uploaded by the family, waiting for staff.</summary>
    Submitted,

    /// <summary>Staff checked it: its eligible amount counts towards the reimbursement.</summary>
    Validated,

    /// <summary>Staff refused it with a reason; the family may upload a corrected one.</summary>
    Rejected,
}

/// <summary>What the family types about a receipt (giustificativo di spesa).</summary>
public sealed record ReceiptDetails(
    string? Number,
    DateOnly? IssuedOn,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    string? ChildFiscalCode,
    Guid? ProviderId,
    string? ProviderName,
    decimal? Amount,
    PaymentMethod? Method,
    DateOnly? PaidOn);

/// <summary>What a receipt is checked against: the voucher, the application's children and the call's payment rule.</summary>
public sealed record ReceiptContext(
    Voucher Voucher,
    string ParentName,
    IReadOnlyCollection<string> ChildFiscalCodes,
    bool CashAllowed,
    bool AllowsOtherProvider,
    DateOnly Today);

/// <summary>
/// A receipt (giustificativo) for a voucher: it names the parent, the child, the provider, the period
/// and the amount, with the receipt file and the proof of a traceable payment. Staff validate it (the
/// eligible amount counts) or reject it with a reason; a correction is a new receipt that points to
/// the rejected one, which stays on record. Counted by one payout line at most.
/// </summary>
public class Receipt
{
    private Receipt()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid VoucherId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string Number { get; private set; } = "";
    public DateOnly IssuedOn { get; private set; }
    public DateOnly PeriodFrom { get; private set; }
    public DateOnly PeriodTo { get; private set; }
    public string ParentName { get; private set; } = "";
    public string ChildFiscalCode { get; private set; } = "";
    public Guid? ProviderId { get; private set; }
    public string ProviderName { get; private set; } = "";

    /// <summary>Provider id, or the provider's name in upper case when it is not in the registry: with <see cref="Number"/>, what makes a receipt a duplicate.</summary>
    public string ProviderKey { get; private set; } = "";

    public decimal Amount { get; private set; }
    public PaymentMethod Method { get; private set; }
    public DateOnly PaidOn { get; private set; }

    public ReceiptStatus Status { get; private set; }

    /// <summary>What counts towards the reimbursement once validated (at most <see cref="Amount"/>).</summary>
    public decimal? EligibleAmount { get; private set; }

    public string? RejectionReason { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public Guid SubmittedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid? ReviewedBy { get; private set; }

    /// <summary>The rejected receipt this one corrects.</summary>
    public Guid? CorrectsId { get; private set; }

    /// <summary>The payout line that reimbursed it (set when a batch is produced).</summary>
    public Guid? PayoutLineId { get; private set; }

    /// <summary>SHA-256 of the receipt file: the same file twice is a duplicate.</summary>
    public string DocumentSha256 { get; private set; } = "";

    public List<ReceiptFile> Files { get; private set; } = [];

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public static string Italian(ReceiptStatus status) => status switch
    {
        ReceiptStatus.Submitted => "In verifica",
        ReceiptStatus.Validated => "Convalidato",
        _ => "Respinto",
    };

    public static string Italian(PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "Bonifico",
        PaymentMethod.Card => "Carta di pagamento o bancomat",
        _ => "Contanti",
    };

    /// <summary>
    /// Checks every field at once (Italian messages keyed by field) and builds the receipt with its
    /// two files. Duplicates (same file, or same number and provider) are refused by the caller
    /// against the database, and by unique indexes behind it.
    /// </summary>
    public static Receipt Submit(ReceiptContext context, ReceiptDetails d, UploadedFile? document, UploadedFile? proof, Guid familyUserId, DateTimeOffset now, Receipt? corrects = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(d);
        var v = context.Voucher;
        var errors = new List<DomainError>();
        if (v.StatusOn(context.Today) is VoucherStatus.Revoked)
        {
            throw new DomainException("Il voucher è revocato: non si possono caricare giustificativi.");
        }

        if (v.StatusOn(context.Today) is VoucherStatus.Expired)
        {
            throw new DomainException($"Il termine per caricare i giustificativi è scaduto il {v.ReceiptsUntil:dd/MM/yyyy}.");
        }

        if (string.IsNullOrWhiteSpace(d.Number))
        {
            errors.Add(new DomainError("Number", "Indicare il numero della ricevuta o della fattura."));
        }
        else if (d.Number.Trim().Length > 50)
        {
            errors.Add(new DomainError("Number", "Il numero della ricevuta può avere al massimo 50 caratteri."));
        }

        if (d.IssuedOn is null)
        {
            errors.Add(new DomainError("IssuedOn", "Indicare la data della ricevuta."));
        }

        if (d.PeriodFrom is null || d.PeriodTo is null)
        {
            errors.Add(new DomainError("PeriodFrom", "Indicare il periodo del servizio pagato (dal, al)."));
        }
        else if (d.PeriodTo < d.PeriodFrom)
        {
            errors.Add(new DomainError("PeriodTo", "La fine del periodo non può precedere l'inizio."));
        }
        else if (d.PeriodFrom < v.ValidFrom || d.PeriodTo > v.ValidTo)
        {
            errors.Add(new DomainError("PeriodFrom", $"Il periodo deve stare dentro il periodo del servizio del bando, dal {v.ValidFrom:dd/MM/yyyy} al {v.ValidTo:dd/MM/yyyy}."));
        }

        if (string.IsNullOrWhiteSpace(d.ChildFiscalCode) || !context.ChildFiscalCodes.Contains(d.ChildFiscalCode.Trim().ToUpperInvariant()))
        {
            errors.Add(new DomainError("ChildFiscalCode", "Scegliere uno dei figli indicati nella domanda: la ricevuta deve riguardare un figlio per cui è stato concesso il voucher."));
        }

        string providerName;
        string providerKey;
        if (v.ProviderId is { } voucherProvider)
        {
            providerName = v.ProviderName;
            providerKey = voucherProvider.ToString();
            if (d.ProviderId is { } chosen && chosen != voucherProvider)
            {
                errors.Add(new DomainError("ProviderId", $"La ricevuta deve essere dell'ente indicato nel voucher ({v.ProviderName})."));
            }
        }
        else
        {
            providerName = (d.ProviderName ?? "").Trim();
            providerKey = providerName.ToUpperInvariant();
            if (providerName.Length == 0)
            {
                errors.Add(new DomainError("ProviderName", "Indicare chi ha emesso la ricevuta."));
            }
            else if (!string.Equals(Squash(providerName), Squash(v.ProviderName), StringComparison.Ordinal) && !context.AllowsOtherProvider)
            {
                errors.Add(new DomainError("ProviderName", $"La ricevuta deve essere dell'ente indicato nel voucher ({v.ProviderName})."));
            }
        }

        if (d.Amount is not { } amount)
        {
            errors.Add(new DomainError("Amount", "Indicare l'importo pagato."));
        }
        else if (Money.Check(amount) is { } problem)
        {
            errors.Add(new DomainError("Amount", "Importo: " + problem));
        }
        else if (amount <= 0m)
        {
            errors.Add(new DomainError("Amount", "L'importo deve essere maggiore di zero."));
        }

        if (d.Method is null)
        {
            errors.Add(new DomainError("Method", "Indicare come è stato pagato."));
        }
        else if (d.Method == PaymentMethod.Cash && !context.CashAllowed)
        {
            errors.Add(new DomainError("Method", "Questo bando rimborsa solo pagamenti tracciabili (bonifico, carta o bancomat): una spesa pagata in contanti non è rimborsabile."));
        }

        if (d.PaidOn is null)
        {
            errors.Add(new DomainError("PaidOn", "Indicare la data del pagamento."));
        }
        else if (d.PaidOn > context.Today)
        {
            errors.Add(new DomainError("PaidOn", "La data del pagamento non può essere nel futuro."));
        }

        if (document is null)
        {
            errors.Add(new DomainError("Document", "Allegare la ricevuta o la fattura (PDF, JPEG o PNG, al massimo 10 MB)."));
        }
        else if (document.Problem() is { } docProblem)
        {
            errors.Add(new DomainError("Document", docProblem));
        }

        if (d.Method != PaymentMethod.Cash)
        {
            if (proof is null)
            {
                errors.Add(new DomainError("Proof", "Allegare la prova del pagamento tracciabile (contabile del bonifico, estratto conto o scontrino della carta)."));
            }
            else if (proof.Problem() is { } proofProblem)
            {
                errors.Add(new DomainError("Proof", proofProblem));
            }
        }

        if (corrects is not null && (corrects.Status != ReceiptStatus.Rejected || corrects.VoucherId != v.Id))
        {
            errors.Add(new DomainError("", "Si può correggere solo un giustificativo respinto di questo voucher."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        var id = Guid.CreateVersion7();
        var receipt = new Receipt
        {
            Id = id,
            AllianceId = v.AllianceId,
            VoucherId = v.Id,
            ApplicationId = v.ApplicationId,
            Number = d.Number!.Trim(),
            IssuedOn = d.IssuedOn!.Value,
            PeriodFrom = d.PeriodFrom!.Value,
            PeriodTo = d.PeriodTo!.Value,
            ParentName = context.ParentName,
            ChildFiscalCode = d.ChildFiscalCode!.Trim().ToUpperInvariant(),
            ProviderId = v.ProviderId,
            ProviderName = providerName,
            ProviderKey = providerKey.Length > 200 ? providerKey[..200] : providerKey,
            Amount = d.Amount!.Value,
            Method = d.Method!.Value,
            PaidOn = d.PaidOn!.Value,
            Status = ReceiptStatus.Submitted,
            SubmittedAt = now.ToUniversalTime(),
            SubmittedBy = familyUserId,
            CorrectsId = corrects?.Id,
            DocumentSha256 = document!.Sha256,
        };
        receipt.Files.Add(ReceiptFile.Of(id, ReceiptFileKind.Receipt, document));
        if (proof is not null)
        {
            receipt.Files.Add(ReceiptFile.Of(id, ReceiptFileKind.PaymentProof, proof));
        }

        return receipt;
    }

    /// <summary>Staff validate it; <paramref name="eligible"/> defaults to the whole amount.</summary>
    public void Validate(decimal? eligible, Guid by, DateTimeOffset now)
    {
        if (Status != ReceiptStatus.Submitted)
        {
            throw new DomainException(Status == ReceiptStatus.Validated ? "Il giustificativo è già stato convalidato." : "Il giustificativo è stato respinto: la famiglia può caricarne uno corretto.");
        }

        var value = eligible ?? Amount;
        if (Money.Check(value) is { } problem)
        {
            throw new DomainException([new DomainError("Eligible", "Importo ammissibile: " + problem)]);
        }

        if (value <= 0m || value > Amount)
        {
            throw new DomainException([new DomainError("Eligible", $"L'importo ammissibile deve essere maggiore di zero e non superare l'importo della ricevuta ({Money.Format(Amount)}).")]);
        }

        Status = ReceiptStatus.Validated;
        EligibleAmount = value;
        ReviewedAt = now.ToUniversalTime();
        ReviewedBy = by;
    }

    public void Reject(string? reason, Guid by, DateTimeOffset now)
    {
        if (Status != ReceiptStatus.Submitted)
        {
            throw new DomainException(Status == ReceiptStatus.Validated ? "Il giustificativo è già stato convalidato." : "Il giustificativo è già stato respinto.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", "Indicare il motivo: la famiglia lo legge per correggere il giustificativo.")]);
        }

        Status = ReceiptStatus.Rejected;
        RejectionReason = reason.Trim().Length > 1000 ? reason.Trim()[..1000] : reason.Trim();
        ReviewedAt = now.ToUniversalTime();
        ReviewedBy = by;
    }

    private static string Squash(string s) => new(s.ToUpperInvariant().Where(char.IsLetterOrDigit).ToArray());
}

/// <summary>A file the family uploads (name, bytes, what it claims to be).</summary>
public sealed record UploadedFile(string FileName, byte[] Bytes)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    public UploadKind? Kind => FileSignature.Detect(Bytes);

    public string? Problem()
    {
        if (Bytes.LongLength == 0)
        {
            return "Il file è vuoto.";
        }

        if (Bytes.LongLength > FileSignature.MaxBytes)
        {
            return "Il file supera i 10 MB consentiti.";
        }

        return Kind is null ? "Il contenuto del file non corrisponde a un PDF, JPEG o PNG." : null;
    }
}

public enum ReceiptFileKind
{
    Receipt,
    PaymentProof,
}

/// <summary>A receipt's file, bytes in PostgreSQL (never under wwwroot), served only to the family and to staff of the alliance.</summary>
public class ReceiptFile
{
    private ReceiptFile()
    {
    }

    public Guid Id { get; private set; }
    public Guid ReceiptId { get; private set; }
    public ReceiptFileKind Kind { get; private set; }
    public string FileName { get; private set; } = "";
    public UploadKind ContentKind { get; private set; }
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];

    public static ReceiptFile Of(Guid receiptId, ReceiptFileKind kind, UploadedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var detected = file.Kind ?? throw new DomainException("Il contenuto del file non corrisponde a un PDF, JPEG o PNG.");
        return new ReceiptFile
        {
            Id = Guid.CreateVersion7(),
            ReceiptId = receiptId,
            Kind = kind,
            FileName = FileSignature.SafeFileName(file.FileName, detected),
            ContentKind = detected,
            SizeBytes = file.Bytes.LongLength,
            Sha256 = file.Sha256,
            Content = file.Bytes,
        };
    }
}
