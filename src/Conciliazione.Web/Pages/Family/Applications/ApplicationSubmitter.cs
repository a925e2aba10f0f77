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
/// answered with the first submission. The submission is one unit of work (ADR 0144): a transient
/// failure repeats all of it on a freshly read draft, and an attempt whose commit happened but whose
/// answer was lost is recognised on the retry by its submission key.
/// </remarks>
public sealed class ApplicationSubmitter(
    AppDbContext db,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task SubmitAsync(Application draft, CallForApplicants call, Guid submissionKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(call);
        // The version the page checked: the unit reads the draft again (a retry must not reuse the
        // first attempt's entities) and submits it only if nobody changed it since the checks.
        var checkedVersion = db.Entry(draft).Property<uint>("xmin").CurrentValue;
        var draftId = draft.Id;
        var year = RomeTime.ToRome(clock.GetUtcNow()).Year;
        try
        {
            await db.InUnitOfWorkAsync(async token =>
            {
                var application = await db.Applications.Include(a => a.Documents).SingleAsync(a => a.Id == draftId, token);
                if (application.SubmissionKey == submissionKey)
                {
                    // An earlier attempt committed but its answer was lost (ADR 0144): already done.
                    return;
                }

                if (!application.IsDraft)
                {
                    throw new DbUpdateConcurrencyException("The draft was submitted or changed by another request.");
                }

                db.Entry(application).Property<uint>("xmin").OriginalValue = checkedVersion;
                var now = clock.GetUtcNow();
                // The first submission freezes the call's rules: later corrections are amendments. A
                // conditional UPDATE (not a tracked entity) so concurrent first submissions don't
                // conflict with each other, while a racing rules edit still fails on the call's xmin.
                var frozen = await db.Calls.Where(c => c.Id == application.CallId && c.FrozenAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.FrozenAt, now), token);
                if (frozen == 1)
                {
                    // ExecuteUpdate bypasses SaveChanges: its audit row is written here, in the same transaction.
                    audit.Add(AuditActions.CallFrozen, "Call", application.CallId.ToString());
                }

                var versionId = await db.Calls.Where(c => c.Id == application.CallId)
                    .SelectMany(c => c.Versions.Where(v => v.Number == c.CurrentVersionNumber).Select(v => v.Id))
                    .SingleAsync(token);
                var protocol = await ProtocolNumbers.NextAsync(db, application.AllianceId, year, token);
                // Stamped once the counter's row lock is held: the submission that waited longest on a
                // lock before it (e.g. the call's freeze) is not stamped earlier than one numbered before it,
                // so ranking by time and by protocol number agree (the click-day benchmark, B4, checks it).
                var submittedAt = clock.GetUtcNow();
                db.ChildClaims.AddRange(application.Submit(versionId, protocol, submissionKey, submittedAt));
                // The automatic checks' flags, stored with the submission so the queue can filter from the start.
                await ReviewChecks.RefreshAsync(db, application, token);
                audit.Add(AuditActions.ApplicationSubmitted, "Application", application.Id.ToString(), protocol);
                await Notifications.Outbox.AddAsync(
                    db,
                    application.FamilyUserId,
                    new ApplicationSubmittedModel(application.Id, call.Reference, call.Title, protocol, submittedAt),
                    submittedAt,
                    token,
                    attachReceiptOf: application.Id);
            }, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var c } && c?.Contains("child_claims", StringComparison.Ordinal) == true)
        {
            throw new DomainException("Per questo figlio è già stata presentata una domanda su questo bando.");
        }
    }
}
