using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// Submits a draft: one short transaction takes the protocol number, claims each child for the call,
/// freezes the application with the call version, writes the audit row and the "submitted"
/// notification (outbox). The receipt PDF and the e-mail that carries it are a background job
/// (Notifications/OutboxDelivery), so the family's request answers at once and a slow or failing
/// render never holds the protocol counter or fails the submission.
/// </summary>
/// <remarks>
/// Idempotent: the form carries a submission key (UNIQUE on applications). A replayed or double
/// POST either finds the application already submitted with that key, or loses the race on the
/// row's xmin token, rolls back (giving its protocol number back, so numbers stay gapless) and is
/// answered with the first submission.
/// </remarks>
public sealed class ApplicationSubmitter(
    AppDbContext db,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task SubmitAsync(Application draft, CallForApplicants call, Guid submissionKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var year = RomeTime.ToRome(now).Year;
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // The first submission freezes the call's rules: later corrections are amendments. A
                // conditional UPDATE (not a tracked entity) so concurrent first submissions don't
                // conflict with each other, while a racing rules edit still fails on the call's xmin.
                var frozen = await db.Calls.Where(c => c.Id == draft.CallId && c.FrozenAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.FrozenAt, now), ct);
                if (frozen == 1)
                {
                    // ExecuteUpdate bypasses SaveChanges: its audit row is written here, in the same transaction.
                    audit.Add(AuditActions.CallFrozen, "Call", draft.CallId.ToString());
                }
                var versionId = await db.Calls.Where(c => c.Id == draft.CallId)
                    .SelectMany(c => c.Versions.Where(v => v.Number == c.CurrentVersionNumber).Select(v => v.Id))
                    .SingleAsync(ct);
                var protocol = await ProtocolNumbers.NextAsync(db, draft.AllianceId, year, ct);
                // Stamped once the counter's row lock is held: the submission that waited longest on a
                // lock before it (e.g. the call's freeze) is not stamped earlier than one numbered before it,
                // so ranking by time and by protocol number agree (the click-day benchmark, B4, checks it).
                var submittedAt = clock.GetUtcNow();
                db.ChildClaims.AddRange(draft.Submit(versionId, protocol, submissionKey, submittedAt));
                // The automatic checks' flags, stored with the submission so the queue can filter from the start.
                await ReviewChecks.RefreshAsync(db, draft, ct);
                audit.Add(AuditActions.ApplicationSubmitted, "Application", draft.Id.ToString(), protocol);
                await Notifications.Outbox.AddAsync(
                    db,
                    draft.FamilyUserId,
                    new ApplicationSubmittedModel(draft.Id, call.Reference, call.Title, protocol, submittedAt),
                    submittedAt,
                    ct,
                    attachReceiptOf: draft.Id);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var c } && c?.Contains("child_claims", StringComparison.Ordinal) == true)
        {
            throw new DomainException("Per questo figlio è già stata presentata una domanda su questo bando.");
        }
    }
}
