using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Admin.Messages;

/// <summary>
/// The outbox as an admin sees it: messages not delivered yet or failed, with the SMTP server's
/// answer, and "Reinvia" for a failed one. No addresses or bodies: the family's data stays with
/// the family; the answer says what went wrong.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit, IBackgroundJobClient jobs, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, DateTimeOffset CreatedAt, NotificationStatus Status, int Attempts, string? Answer, DateTimeOffset? SentAt);

    public IReadOnlyList<Row> Failed { get; private set; } = [];

    public IReadOnlyList<Row> Recent { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Failed = await RowsAsync(db.Notifications.Where(n => n.Status == NotificationStatus.Failed), ct);
        Recent = await RowsAsync(db.Notifications.Where(n => n.Status != NotificationStatus.Failed), ct);
    }

    /// <summary>Puts a failed message back in the queue with a fresh set of attempts.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct)
    {
        var changed = await db.Notifications.Where(n => n.Id == id && n.Status == NotificationStatus.Failed)
            .ExecuteUpdateAsync(
                u => u.SetProperty(n => n.Status, NotificationStatus.Pending)
                    .SetProperty(n => n.Attempts, 0)
                    .SetProperty(n => n.NextAttemptAt, clock.GetUtcNow())
                    .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null),
                ct);
        if (changed == 0)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.NotificationResent, "Notification", id.ToString(), ct: ct);
        jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
        Message = "Il messaggio è di nuovo in coda di invio.";
        return RedirectToPage();
    }

    private static async Task<IReadOnlyList<Row>> RowsAsync(IQueryable<Notification> query, CancellationToken ct) =>
        (await query.AsNoTracking()
            .OrderByDescending(n => n.CreatedAt)
            .Take(100)
            .Select(n => new { n.Id, n.Kind, n.CreatedAt, n.Status, n.Attempts, n.SmtpResponse, n.SentAt })
            .ToListAsync(ct))
        .Select(n => new Row(n.Id, NotificationTemplates.Title(n.Kind), n.CreatedAt, n.Status, n.Attempts, n.SmtpResponse, n.SentAt))
        .ToList();
}
