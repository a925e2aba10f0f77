using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications.Templates;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Notifications.Reminders;

/// <summary>
/// Daily reminder: a published call closes within <see cref="Window"/> and the family still has a
/// draft on it. One reminder per draft: a family already reminded about this call is skipped.
/// </summary>
/// <remarks>
/// Idempotent per day even with two job servers running it at once: the row carries the
/// Europe/Rome date as <c>day_key</c> under the UNIQUE (kind, subject, family, day) index, and the
/// loser of the race gets a unique violation, which is skipped. Running it again the same day, or
/// on a later day, writes nothing new for a family already reminded.
/// </remarks>
public sealed class CallClosingReminders(AppDbContext db, TimeProvider clock, ILogger<CallClosingReminders> logger)
{
    public const string JobId = "reminder-call-closing";
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(600)]
    [JobDisplayName("Promemoria: bandi in chiusura con bozze aperte")]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime);
        var until = now + Window;
        var drafts = await db.Applications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Draft)
            .Join(
                db.Calls.Where(c => c.Status == CallStatus.Published && c.OpensAt <= now && c.ClosesAt > now && c.ClosesAt <= until),
                a => a.CallId,
                c => c.Id,
                (a, c) => new { DraftId = a.Id, a.FamilyUserId, CallId = c.Id, c.ReferenceNumber, c.Title, ClosesAt = c.ClosesAt!.Value })
            .Where(x => !db.Notifications.Any(n => n.Kind == CallClosingReminder.KindName && n.SubjectId == x.CallId && n.FamilyUserId == x.FamilyUserId))
            .ToListAsync(ct);

        var written = 0;
        foreach (var family in drafts.GroupBy(d => new { d.FamilyUserId, d.CallId }))
        {
            var d = family.OrderBy(x => x.DraftId).First();
            await Outbox.AddAsync(db, d.FamilyUserId, new CallClosingReminderModel(d.CallId, d.DraftId, d.ReferenceNumber, d.Title, d.ClosesAt), now, ct, dayKey: today);
            try
            {
                await db.SaveChangesAsync(ct);
                written++;
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another server wrote today's reminder for this family first.
                db.ChangeTracker.Clear();
            }
        }

        logger.LogInformation("Call-closing reminders: {Count} written", written);
    }
}
