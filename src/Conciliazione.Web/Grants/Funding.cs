using System.Data.Common;
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
using NpgsqlTypes;

namespace Conciliazione.Web.Grants;

/// <summary>One application's move in a funding step: granted (with its amount) or put on the reserve list.</summary>
public sealed record FundingMove(
    Guid ApplicationId,
    Guid FamilyUserId,
    string ProtocolNumber,
    ApplicationStatus From,
    ApplicationStatus To,
    decimal? Granted,
    decimal Requested,
    int? Position,
    GrantSource Source,
    string Reason,
    INotificationModel Notify);

/// <summary>Thrown inside a funding transaction when its conditional UPDATE finds no money or a changed row: the whole unit rolls back.</summary>
public sealed class FundingConflictException(string message) : Exception(message);

/// <summary>
/// The SQL that commits money to applications (ADR 0054). Every grant, whoever starts it (the
/// funding run down a published ranking, the reserve list after a renunciation, a revocation or a
/// reallocation), goes through <see cref="ApplyAsync"/>, inside the caller's transaction, which
/// has first locked the call row (<see cref="LockCallAsync"/>):
/// <list type="number">
/// <item>the conditional <c>UPDATE calls SET committed = committed + @total WHERE ... committed + @total &lt;= budget</c>
/// (0 rows: no money left; the CHECK <c>committed &lt;= budget</c> stands behind it);</item>
/// <item>the grant rows under <c>UNIQUE(application_id)</c>;</item>
/// <item>the status change <c>WHERE status = @from</c> (a count short of the plan: someone moved an application meanwhile), checked by the state-machine trigger;</item>
/// <item>the history rows, the audit rows and the families' notifications (outbox).</item>
/// </list>
/// Set-based (arrays through <c>unnest</c>), so a call of 100,000 applications is funded in a
/// handful of statements. Anything unexpected throws, and the caller's transaction rolls back whole.
/// </summary>
public static class Funding
{
    /// <summary>
    /// Locks the call's project row, then the call row, for this transaction, and reads the call's
    /// budget and what is committed.
    /// </summary>
    /// <remarks>
    /// Every money writer takes the project row first (moves between calls hold two call rows, and
    /// the budget plan and call edits take it too, ADR 0010): one lock taken first by all, so two
    /// writers can never wait for each other in a cycle. A deadlock between a move from A to B and
    /// the reserve-list funding of a renunciation was seen under the 16-way concurrency test.
    /// </remarks>
    public static async Task<(decimal Budget, decimal Committed)> LockCallAsync(AppDbContext db, Guid callId, Guid allianceId, CancellationToken ct)
    {
        await using (var project = Command(db, "SELECT p.id FROM projects AS p JOIN calls AS c ON c.project_id = p.id WHERE c.id = @call FOR UPDATE OF p"))
        {
            project.Parameters.AddWithValue("call", callId);
            await project.ExecuteNonQueryAsync(ct);
        }

        await using var cmd = Command(db, "SELECT budget, committed FROM calls WHERE id = @call AND alliance_id = @alliance FOR UPDATE");
        cmd.Parameters.AddWithValue("call", callId);
        cmd.Parameters.AddWithValue("alliance", allianceId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new FundingConflictException("Bando non trovato.");
        }

        return (reader.GetDecimal(0), reader.GetDecimal(1));
    }

    /// <summary>Writes <paramref name="moves"/>; returns the amount committed. Needs the caller's transaction and the call lock.</summary>
    public static async Task<decimal> ApplyAsync(AppDbContext db, Guid allianceId, Guid callId, IReadOnlyList<FundingMove> moves, Guid actorId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(moves);
        if (moves.Count == 0)
        {
            return 0m;
        }

        var funded = moves.Where(m => m.Granted is > 0m).ToList();
        var total = funded.Sum(m => m.Granted!.Value);
        if (total > 0m)
        {
            await using var raise = Command(db, "UPDATE calls SET committed = committed + @total WHERE id = @call AND committed + @total <= budget");
            raise.Parameters.AddWithValue("total", total);
            raise.Parameters.AddWithValue("call", callId);
            if (await raise.ExecuteNonQueryAsync(ct) != 1)
            {
                throw new FundingConflictException("Nel frattempo i fondi del bando sono cambiati: non resta abbastanza per queste domande. Nulla è stato concesso; ricaricare la pagina.");
            }

            await using var insert = Command(db, """
                INSERT INTO grants (id, alliance_id, call_id, application_id, amount, requested, position, source, status, granted_at, granted_by, paid)
                SELECT v.id, @alliance, @call, v.application_id, v.amount, v.requested, v.position, v.source, 'Active', @now, @actor, 0
                FROM unnest(@ids, @apps, @amounts, @requested, @positions, @sources) AS v(id, application_id, amount, requested, position, source)
                """);
            insert.Parameters.AddWithValue("alliance", allianceId);
            insert.Parameters.AddWithValue("call", callId);
            insert.Parameters.AddWithValue("now", now.ToUniversalTime());
            insert.Parameters.AddWithValue("actor", actorId);
            Array(insert, "ids", NpgsqlDbType.Uuid, funded.Select(_ => Guid.CreateVersion7()).ToArray());
            Array(insert, "apps", NpgsqlDbType.Uuid, funded.Select(m => m.ApplicationId).ToArray());
            Array(insert, "amounts", NpgsqlDbType.Numeric, funded.Select(m => m.Granted!.Value).ToArray());
            Array(insert, "requested", NpgsqlDbType.Numeric, funded.Select(m => m.Requested).ToArray());
            Array(insert, "positions", NpgsqlDbType.Integer, funded.Select(m => m.Position).ToArray());
            Array(insert, "sources", NpgsqlDbType.Text, funded.Select(m => m.Source.ToString()).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
            await IssueVouchersAsync(db, allianceId, callId, funded.Select(m => m.ApplicationId).ToArray(), now, ct);
        }

        await using (var update = Command(db, """
            UPDATE applications AS a SET status = v.to_status, updated_at = @now
            FROM unnest(@apps, @froms, @tos) AS v(id, from_status, to_status)
            WHERE a.id = v.id AND a.status = v.from_status AND a.alliance_id = @alliance AND a.call_id = @call
            """))
        {
            update.Parameters.AddWithValue("now", now.ToUniversalTime());
            update.Parameters.AddWithValue("alliance", allianceId);
            update.Parameters.AddWithValue("call", callId);
            Array(update, "apps", NpgsqlDbType.Uuid, moves.Select(m => m.ApplicationId).ToArray());
            Array(update, "froms", NpgsqlDbType.Text, moves.Select(m => m.From.ToString()).ToArray());
            Array(update, "tos", NpgsqlDbType.Text, moves.Select(m => m.To.ToString()).ToArray());
            if (await update.ExecuteNonQueryAsync(ct) != moves.Count)
            {
                throw new FundingConflictException("Nel frattempo lo stato di alcune domande è cambiato: nulla è stato concesso. Ricaricare la pagina e ripetere.");
            }
        }

        await using (var history = Command(db, """
            INSERT INTO application_status_changes (application_id, "from", "to", by_user_id, at, reason)
            SELECT v.id, v.from_status, v.to_status, @actor, @now, v.reason FROM unnest(@apps, @froms, @tos, @reasons) AS v(id, from_status, to_status, reason)
            """))
        {
            history.Parameters.AddWithValue("actor", actorId);
            history.Parameters.AddWithValue("now", now.ToUniversalTime());
            Array(history, "apps", NpgsqlDbType.Uuid, moves.Select(m => m.ApplicationId).ToArray());
            Array(history, "froms", NpgsqlDbType.Text, moves.Select(m => m.From.ToString()).ToArray());
            Array(history, "tos", NpgsqlDbType.Text, moves.Select(m => m.To.ToString()).ToArray());
            Array(history, "reasons", NpgsqlDbType.Text, moves.Select(m => m.Reason).ToArray());
            await history.ExecuteNonQueryAsync(ct);
        }

        await using (var audit = Command(db, """
            INSERT INTO audit_events (occurred_at, actor_id, alliance_id, action, entity_type, entity_id, details)
            SELECT @now, @actor, @alliance, v.action, 'Application', v.id, v.details FROM unnest(@actions, @ids, @details) AS v(action, id, details)
            """))
        {
            audit.Parameters.AddWithValue("now", now.ToUniversalTime());
            audit.Parameters.AddWithValue("actor", actorId == Guid.Empty ? DBNull.Value : actorId);
            audit.Parameters.AddWithValue("alliance", allianceId);
            Array(audit, "actions", NpgsqlDbType.Text, moves.Select(m => m.Granted is > 0m ? AuditActions.GrantMade : AuditActions.ReserveListed).ToArray());
            Array(audit, "ids", NpgsqlDbType.Text, moves.Select(m => m.ApplicationId.ToString()).ToArray());
            Array(audit, "details", NpgsqlDbType.Text, moves.Select(m => AuditEvent.Clip(Details(m), AuditEvent.MaxDetails)).ToArray());
            await audit.ExecuteNonQueryAsync(ct);
        }

        await using (var outbox = Command(db, """
            INSERT INTO notifications (id, family_user_id, kind, subject_id, language, model_json, to_address, status, attempts, created_at, next_attempt_at)
            SELECT v.id, v.family, v.kind, v.subject, CASE WHEN p.email_language = 'en' THEN 'en' ELSE 'it' END, v.model::jsonb,
                   CASE WHEN p.contact_email IS NOT NULL AND p.contact_email_verified_at IS NOT NULL THEN p.contact_email ELSE NULLIF(btrim(p.identity_email), '') END,
                   'Pending', 0, @now, @now
            FROM unnest(@ids, @families, @kinds, @subjects, @models) AS v(id, family, kind, subject, model)
            LEFT JOIN family_profiles p ON p.user_id = v.family
            """))
        {
            outbox.Parameters.AddWithValue("now", now.ToUniversalTime());
            Array(outbox, "ids", NpgsqlDbType.Uuid, moves.Select(_ => Guid.CreateVersion7()).ToArray());
            Array(outbox, "families", NpgsqlDbType.Uuid, moves.Select(m => m.FamilyUserId).ToArray());
            Array(outbox, "kinds", NpgsqlDbType.Text, moves.Select(m => NotificationTemplates.For(m.Notify).Kind).ToArray());
            Array(outbox, "subjects", NpgsqlDbType.Uuid, moves.Select(m => m.Notify.SubjectId).ToArray());
            Array(outbox, "models", NpgsqlDbType.Text, moves.Select(m => NotificationTemplates.Serialize(m.Notify)).ToArray());
            await outbox.ExecuteNonQueryAsync(ct);
        }

        return total;
    }

    /// <summary>
    /// Issues the voucher of each new grant of <paramref name="applicationIds"/> in the caller's
    /// transaction: a random code, the cap (the granted amount), the service and provider of the
    /// application, the call's service period and the payment rule of its current rules (issue 14, ADR 0075).
    /// Plain SQL only, so it runs in any caller's transaction (no EF query under the retrying strategy).
    /// </summary>
    public static async Task IssueVouchersAsync(AppDbContext db, Guid allianceId, Guid callId, Guid[] applicationIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var issue = Command(db, """
            INSERT INTO vouchers (id, alliance_id, call_id, application_id, grant_id, code, cap, service_type, provider_id, provider_name,
                                  valid_from, valid_to, receipts_until, payee, status, claimed, paid, issued_at)
            SELECT v.id, @alliance, @call, g.application_id, g.id, v.code, g.amount,
                   coalesce(a.service ->> 'ServiceType', ''), p.id,
                   left(coalesce(p.legal_name, nullif(btrim(a.service ->> 'OtherProviderName'), ''), ''), 300),
                   coalesce(c.service_start, (a.service ->> 'From')::date, @today),
                   greatest(coalesce(c.service_end, (a.service ->> 'To')::date, @today + 365), coalesce(c.service_start, (a.service ->> 'From')::date, @today)),
                   greatest(coalesce(c.service_end, (a.service ->> 'To')::date, @today + 365), coalesce(c.service_start, (a.service ->> 'From')::date, @today))
                       + coalesce((r.rules -> 'payment' ->> 'receiptDeadlineDays')::int, 60),
                   coalesce(r.rules -> 'payment' ->> 'payee', 'Family'), 'Issued', 0, 0, @now
            FROM unnest(@ids, @apps, @codes) AS v(id, application_id, code)
            JOIN grants AS g ON g.application_id = v.application_id AND g.status = 'Active'
            JOIN applications AS a ON a.id = v.application_id
            JOIN calls AS c ON c.id = g.call_id
            LEFT JOIN providers AS p ON p.alliance_id = a.alliance_id AND p.id::text = a.service ->> 'ProviderId'
            CROSS JOIN LATERAL (SELECT cv.rules FROM call_versions AS cv WHERE cv.call_id = @call ORDER BY cv.number DESC LIMIT 1) AS r
            WHERE g.call_id = @call AND NOT EXISTS (SELECT 1 FROM vouchers AS x WHERE x.grant_id = g.id)
            """);
        issue.Parameters.AddWithValue("alliance", allianceId);
        issue.Parameters.AddWithValue("call", callId);
        issue.Parameters.AddWithValue("now", now.ToUniversalTime());
        issue.Parameters.AddWithValue("today", RomeToday(now));
        Array(issue, "ids", NpgsqlDbType.Uuid, applicationIds.Select(_ => Guid.CreateVersion7()).ToArray());
        Array(issue, "apps", NpgsqlDbType.Uuid, applicationIds);
        Array(issue, "codes", NpgsqlDbType.Text, applicationIds.Select(_ => Conciliazione.Domain.Vouchers.VoucherCodes.New()).ToArray());
        await issue.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Revokes the voucher of a released grant (renounced or revoked), in the caller's transaction.</summary>
    public static async Task RevokeVoucherAsync(AppDbContext db, Guid grantId, DateTimeOffset now, CancellationToken ct)
    {
        await using var revoke = Command(db, "UPDATE vouchers SET status = 'Revoked', revoked_at = @now WHERE grant_id = @grant AND status <> 'Revoked'");
        revoke.Parameters.AddWithValue("grant", grantId);
        revoke.Parameters.AddWithValue("now", now.ToUniversalTime());
        await revoke.ExecuteNonQueryAsync(ct);
    }

    private static DateOnly RomeToday(DateTimeOffset now) => DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime);

    /// <summary>Reserve-list entries read per round trip by <see cref="FundReserveAsync"/>.</summary>
    public const int ReserveChunk = 64;

    /// <summary>
    /// Funds applications on the reserve list of <paramref name="callId"/>, in ranking order, with
    /// what is free now (the call's shortfall policy decides partial grants). Inside the caller's
    /// transaction, after <see cref="LockCallAsync"/>. Returns the moves made.
    /// </summary>
    /// <remarks>
    /// The list is read in chunks of <paramref name="chunk"/> positions after the last one read, and the
    /// reading stops when no money is left, so freeing one grant reads a few rows, not the whole list,
    /// while the call lock is held (B5, docs/performance.md). With "skip to the next that fits" only
    /// entries whose amount fits what is left are read: the others would be skipped anyway, since what
    /// is left only shrinks. The result is <see cref="FundingPlan.Walk"/> over the whole list.
    /// </remarks>
    public static async Task<IReadOnlyList<FundingMove>> FundReserveAsync(AppDbContext db, Guid allianceId, Guid callId, decimal free, Guid actorId, DateTimeOffset now, CancellationToken ct, int chunk = ReserveChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (free <= 0m)
        {
            return [];
        }

        var ranking = await db.Rankings.AsNoTracking()
            .Where(r => r.CallId == callId && r.AllianceId == allianceId && r.PublishedAt != null && r.DiscardedAt == null)
            .Select(r => new { r.Id, r.WhenShort })
            .FirstOrDefaultAsync(ct);
        if (ranking is null)
        {
            return [];
        }

        var moves = new List<FundingMove>();
        var left = free;
        int? after = null;
        while (left > 0m)
        {
            var query = from e in db.RankingEntries.AsNoTracking()
                        join a in db.Applications.AsNoTracking() on e.ApplicationId equals a.Id
                        where e.RankingId == ranking.Id && e.Position != null && (after == null || e.Position > after)
                              && a.Status == ApplicationStatus.WaitingList
                        select new { a.Id, a.FamilyUserId, e.ProtocolNumber, e.Amount, e.Position };
            if (ranking.WhenShort == ShortfallPolicy.SkipToNextThatFits)
            {
                var fits = left;
                query = query.Where(w => w.Amount <= fits);
            }

            var waiting = await query.OrderBy(w => w.Position).Take(chunk).ToListAsync(ct);
            var walk = FundingPlan.Walk(waiting.Select(w => (w.Id, w.Amount)), left, ranking.WhenShort);
            foreach (var (w, step) in waiting.Zip(walk).Where(x => x.Second.IsFunded))
            {
                moves.Add(new FundingMove(w.Id, w.FamilyUserId, w.ProtocolNumber, ApplicationStatus.WaitingList, ApplicationStatus.Funded, step.Granted, w.Amount, w.Position, GrantSource.ReserveList,
                    $"Finanziata dalla lista d'attesa (posto {w.Position}): si sono liberati fondi del bando",
                    new MovedUpFromReserveModel(w.Id, w.ProtocolNumber, step.Granted!.Value)));
                left -= step.Granted.Value;
            }

            if (waiting.Count < chunk)
            {
                break;
            }

            after = waiting[^1].Position;
        }

        await ApplyAsync(db, allianceId, callId, moves, actorId, now, ct);
        return moves;
    }

    private static string Details(FundingMove m) => m.Granted is { } g
        ? $"Contributo {Money.Format(g)}" + (g < m.Requested ? $" (parziale su {Money.Format(m.Requested)})" : "") + (m.Position is { } p ? $", posto {p}" : "") + $", {(m.Source == GrantSource.ReserveList ? "dalla lista d'attesa" : "dalla graduatoria")}"
        : $"In lista d'attesa" + (m.Position is { } q ? $", posto {q}" : "");

    private static NpgsqlCommand Command(AppDbContext db, string sql)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Funding writes need the caller's transaction.");
        return new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx);
    }

    private static void Array<T>(NpgsqlCommand cmd, string name, NpgsqlDbType type, T[] values) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });
}
