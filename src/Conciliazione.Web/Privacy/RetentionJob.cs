using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Privacy;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Conciliazione.Web.Privacy;

/// <summary>
/// The recurring retention job (<see cref="JobId"/>, daily at 02:30 Rome): in every alliance whose lead
/// partner set a retention period, pseudonymises the personal data of the applications closed for longer
/// than that period (<see cref="Retention"/>, ADR 0139). Keeps the figures (amounts, dates, statuses,
/// municipality, counts) so dashboards and reports are unchanged, and writes one audit row per application
/// with its id only.
/// </summary>
/// <remarks>
/// Idempotent: an erased application has <c>erased_at</c> set and is never selected again; each batch of at
/// most <see cref="BatchSize"/> applications is one transaction (all of an application's rows or none), so a
/// crash half way leaves every application either untouched or fully erased, and the next run goes on.
/// Payout batches and lines are accounting records (immutable by trigger, kept for the legal accounting
/// period): they are not touched here (ADR 0139). Plain SQL, because one statement per table erases a whole
/// batch and the JSON sections are rewritten in place keeping the fields the figures need.
/// </remarks>
public sealed class RetentionJob(AppDbContext db, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string JobId = "gdpr-retention";

    public const int BatchSize = 200;

    private const string ErasedFile = "documento-cancellato";

    /// <summary>Applications past retention, as of @now (@today is Rome's date); see <see cref="Retention"/> for "closed".</summary>
    private const string CandidatesSql = """
        SELECT a.id, a.alliance_id
        FROM applications AS a
        JOIN alliances AS al ON al.id = a.alliance_id
        CROSS JOIN LATERAL (SELECT coalesce(max(h."at"), a.updated_at) AS last_change FROM application_status_changes AS h WHERE h.application_id = a.id) AS h
        WHERE al.retention_months IS NOT NULL AND a.erased_at IS NULL
          AND (
            (a.status IN ('Withdrawn', 'NotAdmitted', 'Renounced', 'Revoked')
             AND h.last_change + make_interval(months => al.retention_months) <= @now)
            OR
            (a.status = 'Funded'
             AND EXISTS (
                SELECT 1 FROM vouchers AS v
                WHERE v.application_id = a.id AND v.claimed = v.paid
                  AND (v.status = 'Revoked' OR v.receipts_until < @today)
                  AND greatest(((v.receipts_until + 1)::timestamp AT TIME ZONE 'Europe/Rome'), h.last_change)
                      + make_interval(months => al.retention_months) <= @now
                  AND NOT EXISTS (SELECT 1 FROM receipts AS r WHERE r.voucher_id = v.id AND r.status = 'Submitted'))
             AND NOT EXISTS (SELECT 1 FROM recoveries AS rc WHERE rc.application_id = a.id AND rc.settled_at IS NULL))
          )
        ORDER BY a.id
        LIMIT @batch
        """;

    /// <summary>One statement per table over the batch (@ids); the order does not matter (no FK between the erased values).</summary>
    private static readonly string[] EraseSql =
    [
        // The applicant becomes a pseudonym derived from the application id; birth dates of children keep
        // the year only (the ranking's age criterion); ISEE, DSU, the assisted person's health answers,
        // the other parent, the employer and free notes go. Kept: the counts, flags that feed the
        // figures, service, dates, amounts, municipality.
        """
        UPDATE applications SET
            applicant = jsonb_build_object('GivenName', '', 'FamilyName', 'INTERESSATO-' || upper(left(replace(id::text, '-', ''), 8)),
                                           'FiscalCode', '', 'BirthDate', NULL, 'Email', NULL, 'Phone', NULL),
            household = jsonb_build_object(
                'SingleCustodialParent', coalesce(household -> 'SingleCustodialParent', 'false'::jsonb),
                'OtherParentName', NULL, 'OtherParentFiscalCode', NULL,
                'OtherParentEmployment', household -> 'OtherParentEmployment',
                'Children', CASE WHEN jsonb_typeof(household -> 'Children') = 'array' THEN
                    (SELECT coalesce(jsonb_agg(jsonb_build_object('GivenName', '', 'FamilyName', '', 'FiscalCode', '',
                        'BirthDate', to_char(date_trunc('year', (c ->> 'BirthDate')::date), 'YYYY-MM-DD'))), '[]'::jsonb)
                     FROM jsonb_array_elements(household -> 'Children') AS c)
                    ELSE '[]'::jsonb END,
                'AssistedPersonName', NULL, 'AssistedPersonFiscalCode', NULL, 'AssistedRelationship', NULL,
                'AssistedDisability', NULL, 'AssistedNonSelfSufficient', NULL),
            employment = CASE WHEN jsonb_typeof(employment) = 'object' THEN employment || jsonb_build_object('EmployerName', NULL) ELSE employment END,
            isee = jsonb_build_object('HasIsee', coalesce(isee -> 'HasIsee', 'false'::jsonb), 'Type', NULL, 'Value', NULL, 'DsuNumber', NULL, 'ExpiresOn', NULL),
            service = CASE WHEN jsonb_typeof(service) = 'object' THEN service || jsonb_build_object('OtherProviderName', NULL) ELSE service END,
            declarations = CASE WHEN jsonb_typeof(declarations) = 'object' THEN declarations || jsonb_build_object('OtherBenefitsNote', NULL) ELSE declarations END,
            erased_at = @now
        WHERE id = ANY(@ids) AND erased_at IS NULL
        """,
        "UPDATE application_status_changes SET reason = NULL WHERE application_id = ANY(@ids)",
        "UPDATE application_decisions SET note = NULL, reopen_reason = CASE WHEN reopen_reason IS NULL THEN NULL ELSE @erased END WHERE application_id = ANY(@ids)",
        "UPDATE application_document_requests SET message = @erased, answer_note = NULL WHERE application_id = ANY(@ids)",
        "UPDATE application_review_notes SET text = @erased WHERE application_id = ANY(@ids)",
        "UPDATE application_checklist_ticks SET note = NULL WHERE application_id = ANY(@ids)",
        "DELETE FROM application_document_contents WHERE document_id IN (SELECT id FROM application_documents WHERE application_id = ANY(@ids))",
        $"UPDATE application_documents SET file_name = '{ErasedFile}' WHERE application_id = ANY(@ids)",
        "DELETE FROM application_child_claims WHERE application_id = ANY(@ids)",
        "UPDATE vouchers SET payee_iban = NULL, payee_holder = NULL WHERE application_id = ANY(@ids)",
        "UPDATE receipts SET parent_name = @erased, child_fiscal_code = '' WHERE application_id = ANY(@ids)",
        $"UPDATE receipt_files SET content = ''::bytea, file_name = '{ErasedFile}' WHERE receipt_id IN (SELECT id FROM receipts WHERE application_id = ANY(@ids))",
        "UPDATE self_declaration_controls SET notes = NULL WHERE application_id = ANY(@ids)",
        // Messages already sent (never one still in the outbox): the address and bodies go, the kind, subject line and dates stay.
        """
        UPDATE notifications SET to_address = NULL, text_body = NULL, html_body = NULL, model_json = '{}', smtp_response = NULL
        WHERE status <> 'Pending'
          AND (receipt_of_application_id = ANY(@ids) OR subject_id = ANY(@ids)
               OR subject_id IN (SELECT id FROM vouchers WHERE application_id = ANY(@ids))
               OR subject_id IN (SELECT id FROM grants WHERE application_id = ANY(@ids)))
        """,
    ];

    /// <summary>Erases every application past retention, batch by batch; returns how many it erased.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var erased = await EraseBatchAsync(ct);
            total += erased;
            if (erased < BatchSize)
            {
                break;
            }
        }

        // Counts only: nothing personal in the logs.
        logger.LogInformation("Retention job erased {Count} applications", total);
        return total;
    }

    /// <remarks>One unit of work (ADR 0144): a transient failure repeats the whole batch, candidates read again.</remarks>
    private Task<int> EraseBatchAsync(CancellationToken ct) =>
        db.InUnitOfWorkAsync(
            async token =>
            {
                var now = clock.GetUtcNow();
                var today = DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime);
                var tx = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                var batch = new List<(Guid Id, Guid AllianceId)>();
                await using (var select = new NpgsqlCommand(CandidatesSql, connection, tx))
                {
                    select.Parameters.AddWithValue("now", now);
                    select.Parameters.AddWithValue("today", today);
                    select.Parameters.AddWithValue("batch", BatchSize);
                    await using var reader = await select.ExecuteReaderAsync(token);
                    while (await reader.ReadAsync(token))
                    {
                        batch.Add((reader.GetGuid(0), reader.GetGuid(1)));
                    }
                }

                if (batch.Count == 0)
                {
                    return 0;
                }

                var ids = batch.Select(b => b.Id).ToArray();
                foreach (var sql in EraseSql)
                {
                    await using var command = new NpgsqlCommand(sql, connection, tx);
                    command.Parameters.AddWithValue("ids", ids);
                    command.Parameters.AddWithValue("now", now);
                    command.Parameters.AddWithValue("erased", Retention.Erased);
                    await command.ExecuteNonQueryAsync(token);
                }

                foreach (var (id, allianceId) in batch)
                {
                    db.AuditEvents.Add(AuditEvent.Record(now, null, AuditActions.ApplicationErased, "Application", id.ToString(), allianceId,
                        details: "retention"));
                }

                return batch.Count;
            },
            ct,
            commit: erased => erased > 0);
}
