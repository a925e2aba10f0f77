using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Recurring safety net (every minute): enqueues delivery for pending rows that are due and for
/// rows whose sending lease expired (a server died mid-send). The claim in
/// <see cref="OutboxDelivery"/> makes a duplicate enqueue harmless.
/// </summary>
public sealed class OutboxSweeper(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string JobId = "outbox-sweep";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(60)]
    [JobDisplayName("Controllo della coda dei messaggi")]
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Notifications.AsNoTracking()
            .Where(n => (n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now)
                || (n.Status == NotificationStatus.Sending && n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt)
            .Select(n => n.Id)
            .Take(500)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
        }
    }
}
