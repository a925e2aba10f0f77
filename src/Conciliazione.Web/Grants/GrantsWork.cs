using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Conciliazione.Web.Grants;

/// <summary>The ranking as it would be frozen now, and what keeps it from being frozen.</summary>
public sealed record RankingPreview(
    FundingRule Rule,
    decimal Available,
    IReadOnlyList<RankedApplication> Ranked,
    IReadOnlyList<FundingStep> Walk,
    IReadOnlyList<(Guid ApplicationId, string ProtocolNumber)> NotAdmitted,
    int StillUnderReview,
    IReadOnlyList<string> Problems)
{
    /// <summary>
    /// What the staff user saw, in a few characters: the money walked, the order and the amounts,
    /// the applications not admitted. The freeze refuses when the preview changed since the page was opened.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var text = new System.Text.StringBuilder(Available.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var r in Ranked)
            {
                text.Append('|').Append(r.Input.ApplicationId.ToString("N")).Append(':').Append(r.Input.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append("|-");
            foreach (var (id, _) in NotAdmitted)
            {
                text.Append('|').Append(id.ToString("N"));
            }

            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }
}

/// <summary>What a funding run did.</summary>
public sealed record FundingResult(int Funded, int Partial, int Reserve, decimal Committed);

/// <summary>
/// The grants feature's units of work (ADR 0054): preview, freeze, discard and publish a ranking;
/// the funding run down a published ranking; a family's renunciation and a revocation, each
/// releasing its grant and funding the reserve list in the same transaction; money moved between
/// two calls of a project. Each returns null (or a result) when done, or the Italian message to
/// show, with nothing saved.
/// </summary>
public sealed class GrantsWork(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The funding rule of the call (its current version) and the amount rule of each application's own version.</summary>
    public async Task<RankingPreview> PreviewAsync(Call call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var versions = await db.CallVersions.AsNoTracking().Where(v => v.CallId == call.Id).ToDictionaryAsync(v => v.Id, v => v.Rules, ct);
        var rule = versions.Values.Count > 0 ? await CurrentRulesAsync(call.Id, ct) : new CallRules();
        var rows = await RankingRowsAsync(call.Id, call.AllianceId, ct);
        var inputs = new List<RankingInput>();
        foreach (var a in rows.Where(r => r.Status == ApplicationStatus.Admitted))
        {
            var amountRule = a.CallVersionId is { } v && versions.TryGetValue(v, out var r) ? r.Amount : rule.Amount;
            inputs.Add(new RankingInput(a.Id, a.ProtocolNumber, a.SubmittedAt, a.Isee, a.OldestChildBorn, a.Children, a.SingleParent, a.Disability, GrantAmounts.For(amountRule, a.Children)));
        }

        var ranked = RankingOrder.Rank(inputs, rule.Funding);
        var available = call.Budget - call.Committed;
        var walk = FundingPlan.Walk(ranked.Select(x => (x.Input.ApplicationId, x.Input.Amount)), available, rule.Funding.WhenShort);
        var notAdmitted = rows.Where(r => r.Status == ApplicationStatus.NotAdmitted)
            .OrderBy(r => r.ProtocolNumber, Comparer<string?>.Create(ProtocolNumbers.Compare))
            .Select(r => (r.Id, r.ProtocolNumber)).ToList();
        var underReview = rows.Count(r => ApplicationTransitions.IsUnderReview(r.Status));
        var problems = new List<string>();
        if (call.Status is CallStatus.Draft or CallStatus.Published)
        {
            problems.Add("Il bando non è ancora chiuso: la graduatoria si congela dopo la chiusura della raccolta delle domande.");
        }

        if (underReview > 0)
        {
            problems.Add(underReview == 1
                ? "Una domanda è ancora in istruttoria: la graduatoria si congela quando tutte le domande sono decise."
                : $"{underReview} domande sono ancora in istruttoria: la graduatoria si congela quando tutte le domande sono decise.");
        }

        if (ranked.Count == 0 && notAdmitted.Count == 0)
        {
            problems.Add("Il bando non ha domande decise: non c'è nulla da mettere in graduatoria.");
        }

        return new RankingPreview(rule.Funding, available, ranked, walk, notAdmitted, underReview, problems);
    }

    /// <summary>The ranking in force for the call (frozen or published, not discarded), with its entries.</summary>
    public Task<Ranking?> RankingInForceAsync(Guid callId, Guid allianceId, CancellationToken ct) =>
        db.Rankings.Include(r => r.Entries)
            .FirstOrDefaultAsync(r => r.CallId == callId && r.AllianceId == allianceId && r.DiscardedAt == null, ct);

    /// <summary>The message when the freeze finds a preview other than the one the staff user saw.</summary>
    public const string PreviewChangedMessage = "Nel frattempo la graduatoria è cambiata (una decisione, il budget o le regole): nulla è stato congelato. Controllare l'anteprima aggiornata e congelare di nuovo.";

    /// <summary>
    /// Freezes the ranking as previewed now. When <paramref name="expectedFingerprint"/> is given
    /// (the <see cref="RankingPreview.Fingerprint"/> the staff user saw) a different preview is refused.
    /// Returns the Italian message when refused.
    /// </summary>
    public Task<string?> FreezeAsync(Guid callId, Guid allianceId, Guid by, CancellationToken ct) => FreezeAsync(callId, allianceId, by, null, ct);

    /// <inheritdoc cref="FreezeAsync(Guid, Guid, Guid, CancellationToken)"/>
    public async Task<string?> FreezeAsync(Guid callId, Guid allianceId, Guid by, string? expectedFingerprint, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await Funding.LockCallAsync(db, callId, allianceId, ct);
                var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId && c.AllianceId == allianceId, ct);
                if (call is null)
                {
                    return "Bando non trovato.";
                }

                if (await db.Rankings.AnyAsync(r => r.CallId == callId && r.DiscardedAt == null, ct))
                {
                    return "La graduatoria di questo bando è già congelata.";
                }

                var preview = await PreviewAsync(call, ct);
                if (preview.Problems.Count > 0)
                {
                    return string.Join(" ", preview.Problems);
                }

                if (expectedFingerprint is not null && expectedFingerprint != preview.Fingerprint)
                {
                    return PreviewChangedMessage;
                }

                var ranking = Ranking.Freeze(allianceId, callId, preview.Rule, preview.Available, preview.Ranked, preview.NotAdmitted, by, Now);
                // The ranking row through EF, its entries (up to a region's 100,000) by binary COPY, in the same transaction.
                var entries = ranking.Entries.ToList();
                ranking.Entries.Clear();
                db.Rankings.Add(ranking);
                audit.Add(AuditActions.RankingFrozen, nameof(Call), callId.ToString(), $"{preview.Ranked.Count} domande in graduatoria, {preview.NotAdmitted.Count} non ammesse");
                await db.SaveChangesAsync(ct);
                await CopyEntriesAsync(entries, ct);
                await tx.CommitAsync(ct);
                return (string?)null;
            });
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return "La graduatoria di questo bando è già congelata.";
        }
    }

    /// <summary>Publishes the frozen ranking (the call becomes "graduatoria approvata").</summary>
    public Task<string?> PublishAsync(Guid callId, Guid allianceId, Guid by, CancellationToken ct) => PublishAsync(callId, allianceId, by, null, ct);

    /// <summary>Publishes the frozen ranking <paramref name="rankingId"/> the staff user saw (any in force when null).</summary>
    public Task<string?> PublishAsync(Guid callId, Guid allianceId, Guid by, Guid? rankingId, CancellationToken ct) =>
        ChangeRankingAsync(callId, allianceId, rankingId, (ranking, call) =>
        {
            ranking.Publish(by, Now);
            if (call.Status == CallStatus.Closed)
            {
                call.MarkRanked(Now);
            }

            audit.Add(AuditActions.RankingPublished, nameof(Call), callId.ToString());
        }, ct);

    /// <summary>Sets a frozen, unpublished ranking aside, with the reason.</summary>
    public Task<string?> DiscardAsync(Guid callId, Guid allianceId, string? reason, Guid by, CancellationToken ct) => DiscardAsync(callId, allianceId, reason, by, null, ct);

    /// <summary>Sets aside the frozen ranking <paramref name="rankingId"/> the staff user saw (any in force when null), with the reason.</summary>
    public Task<string?> DiscardAsync(Guid callId, Guid allianceId, string? reason, Guid by, Guid? rankingId, CancellationToken ct) =>
        ChangeRankingAsync(callId, allianceId, rankingId, (ranking, _) =>
        {
            ranking.Discard(reason, by, Now);
            audit.Add(AuditActions.RankingDiscarded, nameof(Call), callId.ToString(), ranking.DiscardReason);
        }, ct);

    /// <summary>
    /// The funding run: walks the published ranking in order and grants each admitted application
    /// that fits (the call's shortfall policy for the one that does not), the rest go to the reserve
    /// list. One transaction; a second run finds nothing left to do.
    /// </summary>
    public async Task<(FundingResult? Result, string? Error)> RunFundingAsync(Guid callId, Guid allianceId, Guid by, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var (budget, committed) = await Funding.LockCallAsync(db, callId, allianceId, ct);
                var ranking = await db.Rankings.AsNoTracking()
                    .Where(r => r.CallId == callId && r.AllianceId == allianceId && r.DiscardedAt == null)
                    .Select(r => new { r.Id, r.PublishedAt, r.WhenShort })
                    .FirstOrDefaultAsync(ct);
                if (ranking?.PublishedAt is null)
                {
                    return ((FundingResult?)null, (string?)"I contributi si concedono dopo la pubblicazione della graduatoria.");
                }

                var admitted = await (from e in db.RankingEntries.AsNoTracking()
                                      join a in db.Applications.AsNoTracking() on e.ApplicationId equals a.Id
                                      where e.RankingId == ranking.Id && e.Position != null && a.Status == ApplicationStatus.Admitted
                                      orderby e.Position
                                      select new { a.Id, a.FamilyUserId, e.ProtocolNumber, e.Amount, e.Position }).ToListAsync(ct);
                if (admitted.Count == 0)
                {
                    return (null, "Non ci sono domande ammesse da finanziare: la graduatoria è già stata applicata.");
                }

                var walk = FundingPlan.Walk(admitted.Select(x => (x.Id, x.Amount)), budget - committed, ranking.WhenShort);
                var moves = admitted.Zip(walk).Select(x => x.Second.IsFunded
                    ? new FundingMove(x.First.Id, x.First.FamilyUserId, x.First.ProtocolNumber, ApplicationStatus.Admitted, ApplicationStatus.Funded, x.Second.Granted, x.First.Amount, x.First.Position, GrantSource.Ranking,
                        $"Finanziata dalla graduatoria (posto {x.First.Position})", new GrantedModel(x.First.Id, x.First.ProtocolNumber, x.Second.Granted!.Value))
                    : new FundingMove(x.First.Id, x.First.FamilyUserId, x.First.ProtocolNumber, ApplicationStatus.Admitted, ApplicationStatus.WaitingList, null, x.First.Amount, x.First.Position, GrantSource.Ranking,
                        $"In lista d'attesa (posto {x.First.Position}): fondi del bando esauriti", new ReserveListedModel(x.First.Id, x.First.ProtocolNumber, x.First.Position!.Value))).ToList();
                var total = await Funding.ApplyAsync(db, allianceId, callId, moves, by, Now, ct);
                var result = new FundingResult(moves.Count(m => m.Granted is > 0m), walk.Count(s => s.IsPartial), moves.Count(m => m.Granted is null), total);
                audit.Add(AuditActions.FundingRun, nameof(Call), callId.ToString(), $"{result.Funded} finanziate ({result.Partial} in parte), {result.Reserve} in lista d'attesa, {Money.Format(total)}");
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (result, null);
            });
        }
        catch (FundingConflictException e)
        {
            db.ChangeTracker.Clear();
            return (null, e.Message);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            db.ChangeTracker.Clear();
            return (null, "Nel frattempo un altro utente ha concesso contributi su questo bando: nulla è stato salvato. Ricaricare la pagina.");
        }
    }

    /// <summary>
    /// The family gives up its voucher (funded) or its place on the reserve list; a released grant
    /// funds the next on the reserve list in the same transaction.
    /// </summary>
    public Task<string?> RenounceAsync(Guid applicationId, Guid familyUserId, string? reason, CancellationToken ct) =>
        ReleaseAsync(applicationId, a => a.FamilyUserId == familyUserId, (application, now) =>
        {
            application.Renounce(now, string.IsNullOrWhiteSpace(reason) ? "Rinuncia della famiglia" : reason.Trim());
            return (GrantStatus.Renounced, AuditActions.GrantRenounced, (INotificationModel?)null);
        }, familyUserId, ct);

    /// <summary>
    /// Staff revoke a funded application with its reasons (DPR 445/2000 art. 75): the grant goes
    /// back to the call and funds the reserve list; what was already paid becomes a recovery.
    /// </summary>
    public Task<string?> RevokeAsync(Guid applicationId, Guid allianceId, string? reason, Guid by, CancellationToken ct) =>
        ReleaseAsync(applicationId, a => a.AllianceId == allianceId, (application, now) =>
        {
            application.Revoke(by, now, reason);
            return (GrantStatus.Revoked, AuditActions.GrantRevoked, new DecisionRevokedModel(application.Id, application.ProtocolNumber ?? "", reason!.Trim()));
        }, by, ct);

    /// <summary>Moves free money from one call to another of the same project (the project total does not change); the destination's reserve list is funded with it.</summary>
    public async Task<string?> MoveBudgetAsync(Guid allianceId, Guid fromCallId, Guid toCallId, decimal amount, string? reason, Guid by, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var calls = await db.Calls.AsNoTracking().Where(c => (c.Id == fromCallId || c.Id == toCallId) && c.AllianceId == allianceId)
                    .Select(c => new { c.Id, c.ProjectId, c.Status }).ToListAsync(ct);
                var from = calls.FirstOrDefault(c => c.Id == fromCallId);
                var to = calls.FirstOrDefault(c => c.Id == toCallId);
                if (from is null || (to is null && fromCallId != toCallId))
                {
                    return "Scegliere due bandi dello stesso progetto.";
                }

                if (to is not null && to.ProjectId != from.ProjectId)
                {
                    return "Si sposta denaro solo tra bandi dello stesso progetto.";
                }

                if (from.Status == CallStatus.Concluded || to?.Status == CallStatus.Concluded)
                {
                    return "Un bando concluso non riceve né cede fondi.";
                }

                // Same order for every writer (project, then calls by id) so two moves never deadlock.
                await db.Database.ExecuteSqlAsync($"SELECT id FROM projects WHERE id = {from.ProjectId} FOR UPDATE", ct);
                var locked = new Dictionary<Guid, (decimal Budget, decimal Committed)>();
                foreach (var id in new[] { fromCallId, toCallId }.Distinct().Order())
                {
                    locked[id] = await Funding.LockCallAsync(db, id, allianceId, ct);
                }

                var source = locked[fromCallId];
                var move = CallReallocation.Record(allianceId, from.ProjectId, fromCallId, source.Budget - source.Committed, toCallId, amount, reason, by, Now);
                db.CallReallocations.Add(move);
                await db.Database.ExecuteSqlAsync($"UPDATE calls SET budget = budget - {amount} WHERE id = {fromCallId} AND budget - {amount} >= committed", ct);
                await db.Database.ExecuteSqlAsync($"UPDATE calls SET budget = budget + {amount} WHERE id = {toCallId}", ct);
                audit.Add(AuditActions.CallBudgetMoved, nameof(Call), toCallId.ToString(), $"{Money.Format(amount)} dal bando {fromCallId}: {move.Reason}");
                await db.SaveChangesAsync(ct);
                var target = locked[toCallId];
                await Funding.FundReserveAsync(db, allianceId, toCallId, target.Budget + amount - target.Committed, Guid.Empty, Now, ct);
                await tx.CommitAsync(ct);
                return (string?)null;
            });
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation)
        {
            db.ChangeTracker.Clear();
            return "Nel frattempo sono stati concessi contributi sul bando di partenza: l'importo non è più libero. Nulla è stato spostato.";
        }
    }

    /// <summary>
    /// Publishes or discards the ranking in force; with <paramref name="rankingId"/> (the one the staff
    /// user saw) only that one: if it was discarded and another frozen meanwhile, nothing changes.
    /// </summary>
    private async Task<string?> ChangeRankingAsync(Guid callId, Guid allianceId, Guid? rankingId, Action<Ranking, Call> change, CancellationToken ct)
    {
        var ranking = await db.Rankings.FirstOrDefaultAsync(r => r.CallId == callId && r.AllianceId == allianceId && r.DiscardedAt == null, ct);
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId && c.AllianceId == allianceId, ct);
        if (rankingId is { } seen && ranking?.Id != seen && call is not null)
        {
            var was = await db.Rankings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == seen && r.CallId == callId, ct);
            if (was?.IsDiscarded == true)
            {
                return "Nel frattempo questa graduatoria è stata annullata: nulla è cambiato. Ricaricare la pagina.";
            }
        }

        if (ranking is null || call is null)
        {
            return "La graduatoria di questo bando non è ancora congelata.";
        }

        try
        {
            change(ranking, call);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Concurrency.Message;
        }
    }

    private async Task<string?> ReleaseAsync(
        Guid applicationId,
        Func<Application, bool> owns,
        Func<Application, DateTimeOffset, (GrantStatus Status, string AuditAction, INotificationModel? Notify)> release,
        Guid actorId,
        CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                var application = await db.Applications.Include(a => a.History).FirstOrDefaultAsync(a => a.Id == applicationId, ct);
                if (application is null || !owns(application))
                {
                    return "Domanda non trovata.";
                }

                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await Funding.LockCallAsync(db, application.CallId, application.AllianceId, ct);
                var grant = await db.Grants.FirstOrDefaultAsync(g => g.ApplicationId == applicationId && g.Status == GrantStatus.Active, ct);
                var now = Now;
                var (status, action, notify) = release(application, now);
                var freed = grant?.Amount ?? 0m;
                audit.Add(action, nameof(Application), application.Id.ToString(), application.History[^1].Reason);
                if (notify is not null)
                {
                    await Outbox.AddAsync(db, application.FamilyUserId, notify, now, ct);
                }

                if (grant is not null && status == GrantStatus.Revoked && grant.Paid > 0m)
                {
                    var recovery = Recovery.Record(grant, application.History[^1].Reason ?? "", actorId, now);
                    db.Recoveries.Add(recovery);
                    audit.Add(AuditActions.RecoveryRecorded, nameof(Application), application.Id.ToString(), $"Da recuperare {Money.Format(recovery.Amount)}");
                }

                await db.SaveChangesAsync(ct);
                if (grant is not null)
                {
                    await db.Database.ExecuteSqlAsync($"UPDATE grants SET status = {status.ToString()}, released_at = {now} WHERE id = {grant.Id} AND status = 'Active'", ct);
                    await Funding.RevokeVoucherAsync(db, grant.Id, now, ct);
                    await db.Database.ExecuteSqlAsync($"UPDATE calls SET committed = committed - {freed} WHERE id = {application.CallId}", ct);
                    var (budget, committed) = await Funding.LockCallAsync(db, application.CallId, application.AllianceId, ct);
                    await Funding.FundReserveAsync(db, application.AllianceId, application.CallId, budget - committed, Guid.Empty, now, ct);
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
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return "Nel frattempo la domanda è cambiata: nulla è stato salvato. Ricaricare la pagina.";
        }
        catch (FundingConflictException e)
        {
            db.ChangeTracker.Clear();
            return e.Message;
        }
    }

    private async Task CopyEntriesAsync(IReadOnlyList<RankingEntry> entries, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY ranking_entries (ranking_id, application_id, position, protocol_number, outcome, amount, projected_grant, breakdown) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in entries)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(e.RankingId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(e.ApplicationId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
            if (e.Position is { } position)
            {
                await writer.WriteAsync(position, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(e.ProtocolNumber, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(e.Outcome.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(e.Amount, NpgsqlTypes.NpgsqlDbType.Numeric, ct);
            if (e.ProjectedGrant is { } projected)
            {
                await writer.WriteAsync(projected, NpgsqlTypes.NpgsqlDbType.Numeric, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(e.Breakdown.ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, ct);
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>What the ranking is computed from, one row per decided or pending application of the call.</summary>
    private sealed record RankingRow(Guid Id, ApplicationStatus Status, string ProtocolNumber, DateTimeOffset SubmittedAt, Guid? CallVersionId, decimal? Isee, bool SingleParent, bool Disability, int Children, DateOnly? OldestChildBorn);

    /// <remarks>
    /// Read in SQL, field by field out of the jsonb sections, rather than by materialising the
    /// owned JSON entities: a region's call of 100,000 applications is read in about a second
    /// instead of ten (ADR 0054, scripts/bench.sh). The property names are the C# ones, as EF
    /// writes them; <c>FundingCoreTests</c> and the ranking tests read through here.
    /// </remarks>
    private async Task<List<RankingRow>> RankingRowsAsync(Guid callId, Guid allianceId, CancellationToken ct)
    {
        const string Sql = """
            SELECT a.id, a.status, coalesce(a.protocol_number, ''), coalesce(a.submitted_at, a.created_at), a.call_version_id,
                   CASE WHEN coalesce((a.isee ->> 'HasIsee')::boolean, false) THEN (a.isee ->> 'Value')::numeric END,
                   coalesce((a.household ->> 'SingleCustodialParent')::boolean, false),
                   coalesce((a.household ->> 'AssistedDisability')::boolean, false),
                   CASE WHEN jsonb_typeof(a.household -> 'Children') = 'array' THEN jsonb_array_length(a.household -> 'Children') ELSE 0 END,
                   CASE WHEN jsonb_typeof(a.household -> 'Children') = 'array'
                        THEN (SELECT min((c ->> 'BirthDate')::date) FROM jsonb_array_elements(a.household -> 'Children') AS c) END
            FROM applications AS a
            WHERE a.call_id = @call AND a.alliance_id = @alliance AND a.status NOT IN ('Draft', 'Withdrawn')
            """;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var cmd = new NpgsqlCommand(Sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            cmd.Parameters.AddWithValue("call", callId);
            cmd.Parameters.AddWithValue("alliance", allianceId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<RankingRow>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new RankingRow(
                    reader.GetGuid(0),
                    Enum.Parse<ApplicationStatus>(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4),
                    reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                    reader.GetBoolean(6),
                    reader.GetBoolean(7),
                    reader.GetInt32(8),
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9)));
            }

            return rows;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private async Task<CallRules> CurrentRulesAsync(Guid callId, CancellationToken ct)
    {
        var number = await db.Calls.Where(c => c.Id == callId).Select(c => c.CurrentVersionNumber).FirstAsync(ct);
        return await db.CallVersions.AsNoTracking().Where(v => v.CallId == callId && v.Number == number).Select(v => v.Rules).FirstAsync(ct);
    }
}
