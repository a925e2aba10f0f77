using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Review;

/// <summary>
/// The one way a review step is saved, for staff pages and for the family's answer to a document
/// request: the page loads the application (<see cref="LoadAsync"/>), calls the domain method
/// (which refuses illegal moves with an Italian message), then <see cref="SaveAsync"/> writes the
/// change, the child claims it implies, the audit row and the family's notification in one
/// transaction, on the version the user saw.
/// </summary>
/// <remarks>
/// The UPDATE carries both <c>xmin</c> and <c>status = @expected</c> (Status is a concurrency
/// token), and PostgreSQL's trigger refuses any pair the state machine does not list: a second
/// reviewer saving on a stale page changes nothing and is told who changed what, and when.
/// </remarks>
public sealed class ReviewWork(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The application of <paramref name="allianceId"/> with everything the review shows (not the files' bytes); null for a draft or another alliance's.</summary>
    public Task<Application?> LoadAsync(Guid applicationId, Guid? allianceId, CancellationToken ct) =>
        db.Applications
            .Include(a => a.History)
            .Include(a => a.Documents)
            .Include(a => a.DocumentRequests)
            .Include(a => a.Decisions)
            .Include(a => a.Notes)
            .Include(a => a.Checklist)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == applicationId && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft, ct);

    /// <summary>The <c>xmin</c> version of a loaded application, for the form's hidden field.</summary>
    public uint VersionOf(Application application) => db.Entry(application).Property<uint>("xmin").CurrentValue;

    /// <summary>
    /// Saves the change made on <paramref name="application"/> as it was at <paramref name="version"/>.
    /// Returns null when saved, or the Italian message to show (nothing saved).
    /// </summary>
    public Task<string?> SaveAsync(Application application, uint version, string auditAction, string? auditDetails, INotificationModel? notify, CancellationToken ct) =>
        SaveAsync(application, version, auditAction, auditDetails, notify, null, ct);

    /// <summary>
    /// As <see cref="SaveAsync(Application, uint, string, string?, INotificationModel?, CancellationToken)"/>,
    /// with a <paramref name="guard"/> run first inside the transaction: the Italian message it returns
    /// refuses the step (nothing saved), e.g. a reopen once the call's ranking is frozen.
    /// </summary>
    public async Task<string?> SaveAsync(Application application, uint version, string auditAction, string? auditDetails, INotificationModel? notify, Func<CancellationToken, Task<string?>>? guard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(application);
        db.Entry(application).Property<uint>("xmin").OriginalValue = version;
        // Every review step refreshes the automatic checks' flags in its own version-checked UPDATE (ADR 0044).
        await ReviewChecks.RefreshAsync(db, application, ct);
        var now = Now;
        audit.Add(auditAction, "Application", application.Id.ToString(), auditDetails);
        if (notify is not null)
        {
            await Outbox.AddAsync(db, application.FamilyUserId, notify, now, ct);
        }

        try
        {
            string? refused = null;
            // A tracked unit (ADR 0144): the step's changes were made above; a retry saves them again whole.
            await db.InTrackedUnitOfWorkAsync(
                async token =>
                {
                    if (guard is not null && (refused = await guard(token)) is not null)
                    {
                        return false;
                    }

                    await SyncChildClaimsAsync(application, token);
                    return true;
                },
                ct,
                commit: ok => ok);
            if (refused is not null)
            {
                db.ChangeTracker.Clear();
            }

            return refused;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await WhoChangedAsync(application.Id, application.FamilyUserId, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var c } && c?.Contains("child_claims", StringComparison.Ordinal) == true)
        {
            db.ChangeTracker.Clear();
            return "Nel frattempo è stata presentata un'altra domanda per lo stesso figlio su questo bando: questa domanda non si può riaprire finché l'altra è attiva.";
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation })
        {
            // The open-request and current-decision unique indexes, or the status trigger: a double POST or a race lost.
            db.ChangeTracker.Clear();
            return await WhoChangedAsync(application.Id, application.FamilyUserId, ct);
        }
    }

    /// <summary>
    /// An application holds one claim per child while it may still be funded; withdrawal and non
    /// admission release them, a reopen takes them back (and fails if another application took a child meanwhile).
    /// </summary>
    private async Task SyncChildClaimsAsync(Application application, CancellationToken ct)
    {
        if (!application.HoldsChildClaims)
        {
            await db.ChildClaims.Where(c => c.ApplicationId == application.Id).ExecuteDeleteAsync(ct);
            return;
        }

        var held = await db.ChildClaims.Where(c => c.ApplicationId == application.Id).Select(c => c.ChildFiscalCode).ToListAsync(ct);
        foreach (var claim in application.ChildClaims().Where(c => !held.Contains(c.ChildFiscalCode)))
        {
            db.ChildClaims.Add(claim);
        }
    }

    /// <summary>"Nel frattempo Anna Verdi ha chiesto documenti alle 10:42 del 01/12/2026 ...": the last audited step on the application.</summary>
    public async Task<string> WhoChangedAsync(Guid applicationId, Guid familyUserId, CancellationToken ct)
    {
        var id = applicationId.ToString();
        var last = await db.AuditEvents.AsNoTracking()
            .Where(e => e.EntityType == "Application" && e.EntityId == id)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.ActorId, e.Action, e.OccurredAt })
            .FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return Concurrency.Message;
        }

        // A family is never told a staff member's name: only that the application changed, and when.
        if (http.HttpContext?.User.IsInRole(Roles.Family) == true)
        {
            return $"Nel frattempo la domanda è stata aggiornata ({RomeTime.Format(last.OccurredAt)}): quello che hai inviato ora non è stato salvato. Ricarica la pagina per vedere la domanda aggiornata e, se serve, ripeti l'operazione.";
        }

        var who = last.ActorId == familyUserId ? "la famiglia"
            : await db.Users.AsNoTracking().Where(u => u.Id == last.ActorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } name ? name
            : "un altro utente";
        return $"Nel frattempo {who} ha {Describe(last.Action)} ({RomeTime.Format(last.OccurredAt)}): le tue modifiche non sono state salvate. Ricarica la pagina per vedere la domanda aggiornata e, se serve, ripeti l'operazione.";
    }

    /// <summary>What an audited review step did, as "ha ..." in Italian.</summary>
    public static string Describe(string action) => action switch
    {
        AuditActions.ReviewTakenInCharge => "preso in carico la domanda",
        AuditActions.ReviewerAssigned => "assegnato l'istruttore",
        AuditActions.DocumentsRequested => "chiesto un'integrazione di documenti",
        AuditActions.DocumentRequestExtended => "prorogato la scadenza dell'integrazione",
        AuditActions.DocumentRequestCancelled => "annullato la richiesta di integrazione",
        AuditActions.DocumentRequestAnswered => "inviato i documenti richiesti",
        AuditActions.ApplicationDecided => "deciso l'esito della domanda",
        AuditActions.ApplicationReopened => "riaperto la domanda",
        AuditActions.ReviewNoteAdded => "aggiunto una nota",
        AuditActions.ChecklistTicked => "aggiornato la lista di controllo",
        AuditActions.ApplicationWithdrawn => "ritirato la domanda",
        _ => "modificato la domanda",
    };
}
