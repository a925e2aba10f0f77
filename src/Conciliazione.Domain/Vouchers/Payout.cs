using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Vouchers;

public enum PayoutBatchStatus
{
    /// <summary>The bank file is produced (immutable, SHA-256 stored) and waits for the bank.</summary>
    Produced,

    /// <summary>The bank paid it: recorded with the value date.</summary>
    Paid,
}

/// <summary>
/// A payout batch (liquidazione): the reimbursements staff selected, one line per voucher, and the
/// bank file made from them (SEPA pain.001.001.09 today, behind <c>IPaymentFileFormat</c>). Once
/// produced nothing in it changes: the file's SHA-256 is stored and checked on every download.
/// "Paid" is recorded once, with the bank's value date.
/// </summary>
public class PayoutBatch
{
    private PayoutBatch()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }

    /// <summary>"LIQ-2026-0001": per alliance and year.</summary>
    public string Number { get; private set; } = "";

    /// <summary>The bank message id (MsgId, at most 35 characters).</summary>
    public string MessageId { get; private set; } = "";

    public PayoutBatchStatus Status { get; private set; }

    /// <summary>The format of <see cref="File"/> (e.g. "pain.001.001.09").</summary>
    public string Format { get; private set; } = "";

    public DateOnly RequestedExecutionDate { get; private set; }

    /// <summary>Sum of the transfers (the file's control sum).</summary>
    public decimal Total { get; private set; }

    /// <summary>Number of transfers in the file.</summary>
    public int TransferCount { get; private set; }

    /// <summary>Sum of the reimbursements before netting recoveries.</summary>
    public decimal Gross { get; private set; }

    /// <summary>Recoveries netted from the transfers.</summary>
    public decimal Netted { get; private set; }

    public byte[] File { get; private set; } = [];
    public string FileSha256 { get; private set; } = "";
    public byte[] Csv { get; private set; } = [];
    public string CsvSha256 { get; private set; } = "";

    public DateTimeOffset ProducedAt { get; private set; }
    public Guid ProducedBy { get; private set; }
    public DateOnly? ValueDate { get; private set; }
    public DateTimeOffset? PaidRecordedAt { get; private set; }
    public Guid? PaidRecordedBy { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public List<PayoutLine> Lines { get; private set; } = [];

    public static string Italian(PayoutBatchStatus status) => status == PayoutBatchStatus.Paid ? "Pagata" : "Prodotta, in attesa della banca";

    public static PayoutBatch Produce(Guid id, Guid allianceId, string number, string messageId, string format, DateOnly requestedExecutionDate, IReadOnlyList<PayoutLine> lines, byte[] file, byte[] csv, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new DomainException("Selezionare almeno un rimborso da liquidare.");
        }

        var batch = new PayoutBatch
        {
            Id = id,
            AllianceId = allianceId,
            Number = number,
            MessageId = messageId,
            Status = PayoutBatchStatus.Produced,
            Format = format,
            RequestedExecutionDate = requestedExecutionDate,
            Total = lines.Sum(l => l.Amount),
            TransferCount = lines.Count(l => l.Amount > 0m),
            Gross = lines.Sum(l => l.Gross),
            Netted = lines.Sum(l => l.Netted),
            File = file,
            FileSha256 = Sha(file),
            Csv = csv,
            CsvSha256 = Sha(csv),
            ProducedAt = now.ToUniversalTime(),
            ProducedBy = by,
        };
        batch.Lines.AddRange(lines);
        return batch;
    }

    /// <summary>Records the bank's payment once; a second time is refused with the date already recorded.</summary>
    public void MarkPaid(DateOnly? valueDate, DateOnly today, Guid by, DateTimeOffset now)
    {
        if (Status == PayoutBatchStatus.Paid)
        {
            throw new DomainException($"La liquidazione {Number} risulta già pagata con valuta {ValueDate:dd/MM/yyyy}: nulla è stato registrato di nuovo.");
        }

        if (valueDate is null)
        {
            throw new DomainException([new DomainError("ValueDate", "Indicare la data valuta del pagamento (dall'esito della banca o della tesoreria).")]);
        }

        if (valueDate < DateOnly.FromDateTime(ProducedAt.UtcDateTime.Date) || valueDate > today)
        {
            throw new DomainException([new DomainError("ValueDate", "La data valuta deve essere fra la produzione della distinta e oggi.")]);
        }

        Status = PayoutBatchStatus.Paid;
        ValueDate = valueDate;
        PaidRecordedAt = now.ToUniversalTime();
        PaidRecordedBy = by;
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}

/// <summary>One voucher's reimbursement in a batch: gross, recovery netted, transfer amount, payee and remittance text.</summary>
public class PayoutLine
{
    private PayoutLine()
    {
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }
    public Guid VoucherId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string ProtocolNumber { get; private set; } = "";
    public PayeeKind PayeeKind { get; private set; }
    public string PayeeName { get; private set; } = "";
    public string PayeeIban { get; private set; } = "";

    /// <summary>The reimbursement (what counts against the voucher's cap).</summary>
    public decimal Gross { get; private set; }

    /// <summary>Recovery owed by the same family, netted from this transfer.</summary>
    public decimal Netted { get; private set; }

    /// <summary>The transfer: <see cref="Gross"/> - <see cref="Netted"/> (no transfer when zero).</summary>
    public decimal Amount { get; private set; }

    /// <summary>The eligible spending of the receipts this line counts.</summary>
    public decimal Eligible { get; private set; }

    public DateOnly PeriodFrom { get; private set; }
    public DateOnly PeriodTo { get; private set; }
    public string EndToEndId { get; private set; } = "";
    public string Remittance { get; private set; } = "";

    /// <summary>The recovery netted here, if any.</summary>
    public Guid? RecoveryId { get; private set; }

    public static PayoutLine Create(Guid batchId, Guid allianceId, Guid callId, Guid voucherId, Guid applicationId, string protocolNumber, PayeeKind payeeKind, string payeeName, string payeeIban, decimal gross, decimal netted, decimal eligible, DateOnly periodFrom, DateOnly periodTo, string endToEndId, Guid? recoveryId)
    {
        if (gross <= 0m || netted < 0m || netted > gross || Money.Check(gross) is not null || Money.Check(netted) is not null)
        {
            throw new DomainException("Importi della riga di liquidazione non validi.");
        }

        if (Iban.Check(payeeIban) is { } problem)
        {
            throw new DomainException($"IBAN del beneficiario della domanda {protocolNumber}: {problem}");
        }

        var remittance = $"Rimborso voucher conciliazione prot. {protocolNumber} periodo {periodFrom:dd/MM/yyyy}-{periodTo:dd/MM/yyyy}";
        return new PayoutLine
        {
            Id = Guid.CreateVersion7(),
            BatchId = batchId,
            AllianceId = allianceId,
            CallId = callId,
            VoucherId = voucherId,
            ApplicationId = applicationId,
            ProtocolNumber = protocolNumber,
            PayeeKind = payeeKind,
            PayeeName = payeeName.Trim().Length > 70 ? payeeName.Trim()[..70] : payeeName.Trim(),
            PayeeIban = Iban.Normalize(payeeIban),
            Gross = gross,
            Netted = netted,
            Amount = gross - netted,
            Eligible = eligible,
            PeriodFrom = periodFrom,
            PeriodTo = periodTo,
            EndToEndId = endToEndId,
            Remittance = remittance.Length > 140 ? remittance[..140] : remittance,
            RecoveryId = recoveryId,
        };
    }
}
