using Conciliazione.Domain;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Conciliazione.Web.Vouchers.Payouts;

/// <summary>
/// What one voucher is owed now: its validated receipts not yet counted by a batch, the
/// reimbursement they are worth (<see cref="Reimbursements.Due"/>), the payee, the recovery that
/// would be netted, and what keeps it out of a batch (<see cref="Problems"/>).
/// </summary>
public sealed record DueReimbursement(
    Guid VoucherId,
    string VoucherCode,
    Guid CallId,
    string CallTitle,
    Guid ApplicationId,
    string ProtocolNumber,
    Guid FamilyUserId,
    PayeeKind PayeeKind,
    string PayeeName,
    string? PayeeIbanMasked,
    decimal Cap,
    decimal Claimed,
    decimal NewEligible,
    int ReceiptCount,
    decimal Due,
    decimal Netted,
    decimal Owed,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    IReadOnlyList<string> Problems)
{
    /// <summary>The transfer: <see cref="Due"/> minus the recovery netted.</summary>
    public decimal Transfer => Due - Netted;

    /// <summary>Whether it can go into a batch now.</summary>
    public bool CanPay => Problems.Count == 0 && Due > 0m;
}

/// <summary>A downloadable batch file, checked against the SHA-256 stored when it was produced.</summary>
public sealed record PayoutFile(byte[] Content, string FileName, string ContentType);

/// <summary>
/// The payout units of work (ADR 0086): what is due, producing a batch (liquidazione) with its bank
/// file and CSV, and recording the bank's payment. Each returns null (or a result) when done, or
/// the Italian message to show, with nothing saved.
/// </summary>
/// <remarks>
/// Concurrency: producing and recording paid take the alliance row <c>FOR UPDATE</c> first, so the
/// batches of an alliance are made one at a time (numbering, recoveries netted once), then the
/// vouchers <c>FOR UPDATE</c> in id order (a revocation waits, and is seen). Behind the locks the
/// SQL itself refuses what must never happen: <c>claimed + @x &lt;= cap</c> in the conditional
/// UPDATE (and the CHECK), receipts counted only <c>WHERE payout_line_id IS NULL</c> with the count
/// checked, the trigger that makes a produced batch immutable and lets "paid" be written once.
/// </remarks>
public sealed class PayoutWork(AppDbContext db, AuditLog audit, TimeProvider clock, IPaymentFileFormat format)
{
    public const string RevokedMessage = "Il voucher {0} (domanda {1}) è revocato: i suoi giustificativi non si rimborsano. Toglierlo dalla distinta.";
    public const string ChangedMessage = "Nel frattempo i rimborsi selezionati sono cambiati (un'altra distinta o una revoca): nulla è stato prodotto. Ricaricare la pagina e ripetere.";

    private static readonly TreasurerCsv Csv = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(RomeTime.ToRome(Now).DateTime);

    /// <summary>The file format batches are produced in.</summary>
    public IPaymentFileFormat Format => format;

    /// <summary>
    /// The vouchers of the alliance (of <paramref name="callId"/> when given) with validated receipts
    /// not yet counted by a batch, oldest protocol first, each with its reimbursement and problems.
    /// </summary>
    public async Task<IReadOnlyList<DueReimbursement>> DueAsync(Guid allianceId, Guid? callId, CancellationToken ct)
    {
        var rows = await ComputeAsync(allianceId, callId, null, ct);
        return rows.Select(r => r.Row).ToList();
    }

    /// <summary>What keeps any batch from being produced: the alliance's debtor account missing or invalid (null when fine).</summary>
    public async Task<string?> AccountProblemAsync(Guid allianceId, CancellationToken ct)
    {
        var account = await db.Alliances.AsNoTracking().Where(a => a.Id == allianceId).Select(a => a.Payments).FirstOrDefaultAsync(ct);
        return AccountProblem(account);
    }

    /// <summary>
    /// Produces a batch with the reimbursements of <paramref name="voucherIds"/>, recomputed inside
    /// the transaction: the bank file and the CSV, their SHA-256, the vouchers' claimed amounts, the
    /// receipts counted, recoveries netted. Returns the batch id, or the message when refused.
    /// </summary>
    public async Task<(Guid? BatchId, string? Error)> ProduceAsync(Guid allianceId, IReadOnlyCollection<Guid> voucherIds, DateOnly requestedExecutionDate, Guid by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(voucherIds);
        var ids = voucherIds.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return (null, "Selezionare almeno un rimborso da liquidare.");
        }

        if (requestedExecutionDate < Today || requestedExecutionDate > Today.AddDays(90))
        {
            return (null, "La data di esecuzione deve essere fra oggi e i prossimi 90 giorni.");
        }

        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var account = await LockAllianceAsync(allianceId, ct);
                if (AccountProblem(account) is { } accountProblem)
                {
                    return ((Guid?)null, (string?)accountProblem);
                }

                await using (var lockVouchers = Command("SELECT id FROM vouchers WHERE id = ANY(@ids) AND alliance_id = @alliance ORDER BY id FOR UPDATE"))
                {
                    Array(lockVouchers, "ids", NpgsqlDbType.Uuid, ids);
                    lockVouchers.Parameters.AddWithValue("alliance", allianceId);
                    await lockVouchers.ExecuteNonQueryAsync(ct);
                }

                var computed = await ComputeAsync(allianceId, null, ids, ct);
                var byVoucher = computed.ToDictionary(c => c.Row.VoucherId);
                var chosen = new List<Computed>();
                foreach (var id in ids)
                {
                    if (!byVoucher.TryGetValue(id, out var c))
                    {
                        return (null, "Uno dei voucher selezionati non ha più rimborsi da liquidare (già in un'altra distinta?): nulla è stato prodotto. Ricaricare la pagina.");
                    }

                    if (c.Revoked)
                    {
                        return (null, string.Format(System.Globalization.CultureInfo.GetCultureInfo("it-IT"), RevokedMessage, c.Row.VoucherCode, c.Row.ProtocolNumber));
                    }

                    if (!c.Row.CanPay)
                    {
                        var why = c.Row.Problems.Count > 0 ? string.Join(" ", c.Row.Problems) : "Nulla da liquidare.";
                        return (null, $"Domanda {c.Row.ProtocolNumber}: {why} Nulla è stato prodotto.");
                    }

                    chosen.Add(c);
                }

                if (chosen.All(c => c.Row.Transfer == 0m))
                {
                    return (null, "I rimborsi selezionati sono interamente compensati con recuperi: la distinta non conterrebbe bonifici. Aggiungere altri rimborsi.");
                }

                var now = Now;
                var year = RomeTime.ToRome(now).Year;
                var batchId = Guid.CreateVersion7();
                var number = await NextNumberAsync(allianceId, year, ct);
                var messageId = "CNZ" + batchId.ToString("N");
                var lines = chosen.Select((c, i) => PayoutLine.Create(batchId, allianceId, c.Row.CallId, c.Row.VoucherId, c.Row.ApplicationId, c.Row.ProtocolNumber,
                    c.Row.PayeeKind, c.Row.PayeeName, c.PayeeIban!, c.Row.Due, c.Row.Netted, c.Row.NewEligible, c.Row.PeriodFrom, c.Row.PeriodTo,
                    EndToEnd(batchId, i + 1), c.Row.Netted > 0m ? c.RecoveryId : null)).ToList();
                var order = Order(messageId, number, now, requestedExecutionDate, account!, lines);
                var batch = PayoutBatch.Produce(batchId, allianceId, number, messageId, format.Name, requestedExecutionDate, lines, format.Write(order), Csv.Write(order), by, now);
                db.PayoutBatches.Add(batch);
                audit.Add(AuditActions.PayoutProduced, nameof(PayoutBatch), batchId.ToString(), $"{number}: {lines.Count} righe, {batch.TransferCount} bonifici, {Money.Format(batch.Total)} (lordo {Money.Format(batch.Gross)}, compensato {Money.Format(batch.Netted)})");
                await db.SaveChangesAsync(ct);

                await using (var claim = Command("""
                    UPDATE vouchers AS v SET claimed = v.claimed + u.amount, status = CASE WHEN v.status = 'Issued' THEN 'InUse' ELSE v.status END
                    FROM unnest(@ids, @amounts) AS u(id, amount)
                    WHERE v.id = u.id AND v.alliance_id = @alliance AND v.status <> 'Revoked' AND v.claimed + u.amount <= v.cap
                    """))
                {
                    Array(claim, "ids", NpgsqlDbType.Uuid, lines.Select(l => l.VoucherId).ToArray());
                    Array(claim, "amounts", NpgsqlDbType.Numeric, lines.Select(l => l.Gross).ToArray());
                    claim.Parameters.AddWithValue("alliance", allianceId);
                    if (await claim.ExecuteNonQueryAsync(ct) != lines.Count)
                    {
                        throw new PayoutConflictException(ChangedMessage);
                    }
                }

                var receiptIds = chosen.SelectMany((c, i) => c.ReceiptIds.Select(r => (Receipt: r, Line: lines[i].Id))).ToList();
                await using (var count = Command("""
                    UPDATE receipts AS r SET payout_line_id = u.line
                    FROM unnest(@receipts, @lines) AS u(id, line)
                    WHERE r.id = u.id AND r.alliance_id = @alliance AND r.status = 'Validated' AND r.payout_line_id IS NULL
                    """))
                {
                    Array(count, "receipts", NpgsqlDbType.Uuid, receiptIds.Select(r => r.Receipt).ToArray());
                    Array(count, "lines", NpgsqlDbType.Uuid, receiptIds.Select(r => r.Line).ToArray());
                    count.Parameters.AddWithValue("alliance", allianceId);
                    if (await count.ExecuteNonQueryAsync(ct) != receiptIds.Count)
                    {
                        throw new PayoutConflictException(ChangedMessage);
                    }
                }

                await tx.CommitAsync(ct);
                return (batchId, null);
            });
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return (null, e.Message);
        }
        catch (PayoutConflictException e)
        {
            db.ChangeTracker.Clear();
            return (null, e.Message);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation })
        {
            db.ChangeTracker.Clear();
            return (null, ChangedMessage);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            db.ChangeTracker.Clear();
            return (null, ChangedMessage);
        }
    }

    /// <summary>
    /// Records that the bank paid the batch on <paramref name="valueDate"/>: the grants' and vouchers'
    /// paid amounts, vouchers used up, recoveries netted, a notification to each family paid. Once:
    /// a second time is refused with the date already recorded and nothing changes.
    /// </summary>
    public async Task<string?> MarkPaidAsync(Guid batchId, Guid allianceId, DateOnly? valueDate, Guid by, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await LockAllianceAsync(allianceId, ct);
                var batch = await db.PayoutBatches.Include(b => b.Lines).FirstOrDefaultAsync(b => b.Id == batchId && b.AllianceId == allianceId, ct);
                if (batch is null)
                {
                    return "Distinta non trovata.";
                }

                var now = Now;
                batch.MarkPaid(valueDate, Today, by, now);
                audit.Add(AuditActions.PayoutPaid, nameof(PayoutBatch), batchId.ToString(), $"{batch.Number}: pagata con valuta {valueDate:dd/MM/yyyy}, {Money.Format(batch.Total)}");
                var voucherIds = batch.Lines.Select(l => l.VoucherId).ToArray();
                var vouchers = await db.Vouchers.AsNoTracking().Where(v => voucherIds.Contains(v.Id)).Select(v => new { v.Id, v.Code }).ToDictionaryAsync(v => v.Id, v => v.Code, ct);
                var applicationIds = batch.Lines.Select(l => l.ApplicationId).Distinct().ToArray();
                var families = await db.Applications.AsNoTracking().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.FamilyUserId, ct);
                foreach (var line in batch.Lines.Where(l => l.PayeeKind == PayeeKind.Family && l.Amount > 0m).OrderBy(l => l.EndToEndId, StringComparer.Ordinal))
                {
                    await Outbox.AddAsync(db, families[line.ApplicationId], new PayoutMadeModel(batch.Id, line.ApplicationId, vouchers[line.VoucherId], line.Amount, valueDate!.Value), now, ct);
                }

                await db.SaveChangesAsync(ct);

                // Grants first, then vouchers, then recoveries, each in id order: the order revocations take them in.
                await using (var grants = Command("""
                    UPDATE grants AS g SET paid = g.paid + s.gross
                    FROM (SELECT v.grant_id, sum(l.gross) AS gross FROM payout_lines AS l JOIN vouchers AS v ON v.id = l.voucher_id
                          WHERE l.batch_id = @batch GROUP BY v.grant_id ORDER BY v.grant_id) AS s
                    WHERE g.id = s.grant_id
                    """))
                {
                    grants.Parameters.AddWithValue("batch", batchId);
                    await grants.ExecuteNonQueryAsync(ct);
                }

                // A grant revoked while its batch waited for the bank was paid all the same: what the bank
                // paid on it is owed back, recorded here (or added to the recovery of the revocation).
                await using (var owed = Command("""
                    INSERT INTO recoveries (id, alliance_id, application_id, grant_id, amount, reason, recorded_at, recorded_by, recovered)
                    SELECT gen_random_uuid(), g.alliance_id, g.application_id, g.id, s.gross, @reason, @now, @by, 0
                    FROM (SELECT v.grant_id, sum(l.gross) AS gross FROM payout_lines AS l JOIN vouchers AS v ON v.id = l.voucher_id
                          WHERE l.batch_id = @batch GROUP BY v.grant_id) AS s
                    JOIN grants AS g ON g.id = s.grant_id
                    WHERE g.status = 'Revoked'
                    ORDER BY g.id
                    ON CONFLICT (grant_id) DO UPDATE SET amount = recoveries.amount + excluded.amount, settled_at = NULL
                    RETURNING application_id, amount
                    """))
                {
                    owed.Parameters.AddWithValue("batch", batchId);
                    owed.Parameters.AddWithValue("now", now.ToUniversalTime());
                    owed.Parameters.AddWithValue("by", by);
                    owed.Parameters.AddWithValue("reason", $"Pagato con la distinta {batch.Number} dopo la revoca del contributo");
                    var recorded = new List<(Guid Application, decimal Amount)>();
                    await using (var reader = await owed.ExecuteReaderAsync(ct))
                    {
                        while (await reader.ReadAsync(ct))
                        {
                            recorded.Add((reader.GetGuid(0), reader.GetDecimal(1)));
                        }
                    }

                    foreach (var (application, amount) in recorded)
                    {
                        audit.Add(AuditActions.RecoveryRecorded, nameof(Domain.Applications.Application), application.ToString(), $"Da recuperare {Money.Format(amount)} (pagato con la distinta {batch.Number} dopo la revoca)");
                    }

                    if (recorded.Count > 0)
                    {
                        await db.SaveChangesAsync(ct);
                    }
                }

                await using (var paid = Command("""
                    UPDATE vouchers AS v SET paid = v.paid + s.gross,
                           status = CASE WHEN v.status IN ('Issued', 'InUse') AND v.paid + s.gross >= v.cap THEN 'UsedUp'
                                         WHEN v.status = 'Issued' THEN 'InUse' ELSE v.status END
                    FROM (SELECT voucher_id, sum(gross) AS gross FROM payout_lines WHERE batch_id = @batch GROUP BY voucher_id) AS s
                    WHERE v.id = s.voucher_id AND v.paid + s.gross <= v.claimed
                    """))
                {
                    paid.Parameters.AddWithValue("batch", batchId);
                    if (await paid.ExecuteNonQueryAsync(ct) != voucherIds.Distinct().Count())
                    {
                        throw new PayoutConflictException("I voucher della distinta non corrispondono a quanto liquidato: nulla è stato registrato. Avvisare l'assistenza.");
                    }
                }

                await using (var recovered = Command("""
                    UPDATE recoveries AS r SET recovered = r.recovered + s.netted,
                           settled_at = CASE WHEN r.recovered + s.netted >= r.amount THEN @now ELSE r.settled_at END
                    FROM (SELECT recovery_id, sum(netted) AS netted FROM payout_lines WHERE batch_id = @batch AND recovery_id IS NOT NULL AND netted > 0 GROUP BY recovery_id) AS s
                    WHERE r.id = s.recovery_id
                    """))
                {
                    recovered.Parameters.AddWithValue("batch", batchId);
                    recovered.Parameters.AddWithValue("now", now.ToUniversalTime());
                    await recovered.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                return (string?)null;
            });
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
        catch (PayoutConflictException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return "Nel frattempo la distinta è cambiata: nulla è stato registrato. Ricaricare la pagina.";
        }
    }

    /// <summary>
    /// The batch's bank file (<paramref name="csv"/> false) or CSV, of the alliance, after checking it
    /// against the SHA-256 stored when it was produced; null when not found. Throws when the bytes no
    /// longer match (the file must never be handed to a bank then).
    /// </summary>
    public async Task<PayoutFile?> FileAsync(Guid batchId, Guid allianceId, bool csv, CancellationToken ct)
    {
        var b = await db.PayoutBatches.AsNoTracking().Where(x => x.Id == batchId && x.AllianceId == allianceId)
            .Select(x => new { x.Number, x.Format, Content = csv ? x.Csv : x.File, Sha = csv ? x.CsvSha256 : x.FileSha256 })
            .FirstOrDefaultAsync(ct);
        if (b is null)
        {
            return null;
        }

        if (PayoutBatch.Sha(b.Content) != b.Sha)
        {
            throw new PayoutIntegrityException($"The stored file of payout batch {batchId} does not match its SHA-256.");
        }

        var fileFormat = csv ? (IPaymentFileFormat)Csv : format;
        return new PayoutFile(b.Content, $"{b.Number}.{fileFormat.Extension}", fileFormat.ContentType);
    }

    private static string? AccountProblem(PaymentAccount? account)
    {
        if (account is null || string.IsNullOrWhiteSpace(account.DebtorName) || string.IsNullOrWhiteSpace(account.Iban))
        {
            return "Il conto da cui pagare i rimborsi (ordinante) non è ancora configurato: indicarlo nelle impostazioni dell'ambito prima di produrre una distinta.";
        }

        if (Iban.Check(account.Iban) is { } ibanProblem)
        {
            return "IBAN del conto ordinante: " + ibanProblem;
        }

        return !string.IsNullOrWhiteSpace(account.Bic) && Bic.Check(account.Bic) is { } bicProblem ? "BIC del conto ordinante: " + bicProblem : null;
    }

    private static string EndToEnd(Guid batchId, int line) => $"{batchId:N}"[..24] + "-" + line.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    private static PaymentOrder Order(string messageId, string number, DateTimeOffset now, DateOnly execution, PaymentAccount account, IReadOnlyList<PayoutLine> lines) =>
        new(messageId, number, now, execution, new PaymentDebtor(account.DebtorName, account.Iban, string.IsNullOrWhiteSpace(account.Bic) ? null : account.Bic, account.InitiatorId),
            lines.Select(l => new PaymentTransfer(l.EndToEndId, l.ProtocolNumber, l.PayeeKind, l.PayeeName, l.PayeeIban, l.Gross, l.Netted, l.Amount, l.Remittance)).ToList());

    /// <summary>"LIQ-2026-0001": the next number of the alliance for the year (the alliance row is locked by the caller).</summary>
    private async Task<string> NextNumberAsync(Guid allianceId, int year, CancellationToken ct)
    {
        var prefix = $"LIQ-{year}-";
        var numbers = await db.PayoutBatches.AsNoTracking().Where(b => b.AllianceId == allianceId && b.Number.StartsWith(prefix)).Select(b => b.Number).ToListAsync(ct);
        var last = numbers.Select(n => int.TryParse(n[prefix.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : 0).DefaultIfEmpty(0).Max();
        return prefix + (last + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<PaymentAccount?> LockAllianceAsync(Guid allianceId, CancellationToken ct)
    {
        await using (var cmd = Command("SELECT id FROM alliances WHERE id = @alliance FOR UPDATE"))
        {
            cmd.Parameters.AddWithValue("alliance", allianceId);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        return await db.Alliances.AsNoTracking().Where(a => a.Id == allianceId).Select(a => a.Payments).FirstOrDefaultAsync(ct);
    }

    /// <summary>One voucher's due reimbursement with what producing it needs (receipts, payee IBAN, recovery).</summary>
    private sealed record Computed(DueReimbursement Row, bool Revoked, IReadOnlyList<Guid> ReceiptIds, string? PayeeIban, Guid? RecoveryId);

    private async Task<List<Computed>> ComputeAsync(Guid allianceId, Guid? callId, Guid[]? voucherIds, CancellationToken ct)
    {
        // Vouchers with validated receipts not yet counted.
        var pending = db.Receipts.AsNoTracking().Where(r => r.AllianceId == allianceId && r.Status == ReceiptStatus.Validated && r.PayoutLineId == null);
        var vouchersQuery = db.Vouchers.AsNoTracking().Where(v => v.AllianceId == allianceId && pending.Any(r => r.VoucherId == v.Id));
        if (callId is { } call)
        {
            vouchersQuery = vouchersQuery.Where(v => v.CallId == call);
        }

        if (voucherIds is not null)
        {
            vouchersQuery = vouchersQuery.Where(v => voucherIds.Contains(v.Id));
        }

        var vouchers = await vouchersQuery.ToListAsync(ct);
        if (vouchers.Count == 0)
        {
            return [];
        }

        var ids = vouchers.Select(v => v.Id).ToArray();
        var receipts = await db.Receipts.AsNoTracking()
            .Where(r => ids.Contains(r.VoucherId) && r.Status == ReceiptStatus.Validated)
            .Select(r => new { r.Id, r.VoucherId, r.PeriodFrom, r.PeriodTo, Eligible = r.EligibleAmount ?? 0m, Counted = r.PayoutLineId != null })
            .ToListAsync(ct);
        var applicationIds = vouchers.Select(v => v.ApplicationId).Distinct().ToArray();
        var applications = await db.Applications.AsNoTracking().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var callIds = vouchers.Select(v => v.CallId).Distinct().ToArray();
        var calls = await db.Calls.AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Title, c.CurrentVersionNumber }, ct);
        var versions = await db.CallVersions.AsNoTracking().Where(v => callIds.Contains(v.CallId)).Select(v => new { v.Id, v.CallId, v.Number, v.Rules }).ToListAsync(ct);
        var providerIds = vouchers.Where(v => v.ProviderId != null).Select(v => v.ProviderId!.Value).Distinct().ToArray();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.LegalName, p.Iban, p.IbanHolder }, ct);

        // Recoveries owed by the families, less what produced batches not yet paid already net.
        var familyIds = applications.Values.Select(a => a.FamilyUserId).Distinct().ToArray();
        var recoveries = await (from r in db.Recoveries.AsNoTracking()
                                join a in db.Applications.AsNoTracking() on r.ApplicationId equals a.Id
                                where r.AllianceId == allianceId && r.SettledAt == null && familyIds.Contains(a.FamilyUserId)
                                orderby r.RecordedAt, r.Id
                                select new { r.Id, a.FamilyUserId, Owed = r.Amount - r.Recovered }).ToListAsync(ct);
        var recoveryIds = recoveries.Select(r => r.Id).ToArray();
        var inFlight = await (from l in db.PayoutLines.AsNoTracking()
                              join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
                              where b.Status == PayoutBatchStatus.Produced && l.RecoveryId != null && recoveryIds.Contains(l.RecoveryId!.Value)
                              group l by l.RecoveryId into g
                              select new { Id = g.Key!.Value, Netted = g.Sum(x => x.Netted) }).ToDictionaryAsync(x => x.Id, x => x.Netted, ct);
        var owed = recoveries.Select(r => new RecoveryLeft(r.Id, r.FamilyUserId, r.Owed - inFlight.GetValueOrDefault(r.Id))).Where(r => r.Left > 0m).ToList();

        var result = new List<Computed>();
        foreach (var v in vouchers.OrderBy(v => applications[v.ApplicationId].ProtocolNumber, Comparer<string?>.Create(ProtocolNumbers.Compare)).ThenBy(v => v.Id))
        {
            var application = applications[v.ApplicationId];
            var mine = receipts.Where(r => r.VoucherId == v.Id).ToList();
            var inPeriod = mine.Where(r => r.PeriodFrom >= v.ValidFrom && r.PeriodTo <= v.ValidTo).ToList();
            var fresh = inPeriod.Where(r => !r.Counted).ToList();
            var info = calls[v.CallId];
            var rules = application.CallVersionId is { } versionId && versions.FirstOrDefault(x => x.Id == versionId) is { } own
                ? own.Rules
                : versions.First(x => x.CallId == v.CallId && x.Number == info.CurrentVersionNumber).Rules;
            var input = new ReimbursementInput(v.Cap, Math.Max(1, application.Household.Children.Count), inPeriod.Where(r => r.Counted).Sum(r => r.Eligible), fresh.Sum(r => r.Eligible), v.Claimed);
            var due = Reimbursements.Due(rules.Amount, input);
            var problems = new List<string>();
            string payeeName;
            string? iban;
            if (v.Payee == PayeeKind.Family)
            {
                payeeName = v.PayeeHolder ?? $"{application.Applicant.GivenName} {application.Applicant.FamilyName}".Trim();
                iban = v.PayeeIban;
                if (string.IsNullOrWhiteSpace(iban))
                {
                    problems.Add("La famiglia non ha ancora indicato l'IBAN su cui ricevere il rimborso.");
                }
            }
            else if (v.ProviderId is { } providerId && providers.TryGetValue(providerId, out var provider))
            {
                payeeName = string.IsNullOrWhiteSpace(provider.IbanHolder) ? provider.LegalName : provider.IbanHolder;
                iban = provider.Iban;
                if (string.IsNullOrWhiteSpace(iban))
                {
                    problems.Add($"L'ente erogatore {provider.LegalName} non ha un IBAN in anagrafe.");
                }
            }
            else
            {
                payeeName = v.ProviderName;
                iban = null;
                problems.Add("L'ente erogatore non è in anagrafe: non c'è un IBAN a cui versare il rimborso.");
            }

            if (!string.IsNullOrWhiteSpace(iban) && Iban.Check(iban) is { } ibanProblem)
            {
                problems.Add("IBAN del beneficiario non valido: " + ibanProblem);
            }

            var revoked = v.Status == VoucherStatus.Revoked;
            if (revoked)
            {
                problems.Insert(0, "Voucher revocato: i suoi giustificativi non si rimborsano.");
            }
            else if (fresh.Count == 0)
            {
                problems.Add("I giustificativi convalidati sono fuori dal periodo del servizio.");
            }
            else if (Reimbursements.Waits(rules.Amount, input))
            {
                problems.Add(rules.Amount.Kind == AmountKind.FlatAboveThreshold
                    ? $"In attesa: il contributo si matura quando la spesa raggiunge {Money.Format(rules.Amount.Threshold ?? 0m)}."
                    : $"In attesa: la spesa minima del bando è {Money.Format(rules.Amount.MinimumSpend ?? 0m)}.");
            }
            else if (due <= 0m)
            {
                problems.Add("Il voucher ha già raggiunto il suo tetto: nulla da rimborsare.");
            }

            // Recoveries are netted only from what the family itself receives, oldest first.
            decimal netted = 0m;
            Guid? recoveryId = null;
            var familyOwed = owed.Where(r => r.FamilyUserId == application.FamilyUserId).Sum(r => r.Left);
            if (v.Payee == PayeeKind.Family && due > 0m && !revoked && owed.FirstOrDefault(r => r.FamilyUserId == application.FamilyUserId && r.Left > 0m) is { } recovery)
            {
                netted = Math.Min(recovery.Left, due);
                recoveryId = recovery.Id;
                recovery.Left -= netted;
            }

            var row = new DueReimbursement(v.Id, v.Code, v.CallId, info.Title, v.ApplicationId, application.ProtocolNumber ?? "", application.FamilyUserId,
                v.Payee, payeeName, string.IsNullOrWhiteSpace(iban) ? null : Iban.Mask(iban), v.Cap, v.Claimed, fresh.Sum(r => r.Eligible), fresh.Count, due, netted, familyOwed,
                fresh.Count > 0 ? fresh.Min(r => r.PeriodFrom) : v.ValidFrom, fresh.Count > 0 ? fresh.Max(r => r.PeriodTo) : v.ValidTo,
                problems);
            result.Add(new Computed(row, revoked, fresh.Select(r => r.Id).ToList(), iban, recoveryId));
        }

        return result;
    }

    private NpgsqlCommand Command(string sql)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Payout writes need the caller's transaction.");
        return new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx);
    }

    private static void Array<T>(NpgsqlCommand cmd, string name, NpgsqlDbType type, T[] values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });

    private sealed class RecoveryLeft(Guid id, Guid familyUserId, decimal left)
    {
        public Guid Id { get; } = id;
        public Guid FamilyUserId { get; } = familyUserId;
        public decimal Left { get; set; } = left;
    }
}

/// <summary>Thrown inside a payout transaction when a conditional UPDATE finds a changed row: the whole unit rolls back.</summary>
public sealed class PayoutConflictException(string message) : Exception(message);

/// <summary>A stored batch file no longer matches the SHA-256 recorded when it was produced.</summary>
public sealed class PayoutIntegrityException(string message) : Exception(message);
