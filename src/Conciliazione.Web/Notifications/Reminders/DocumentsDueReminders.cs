using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Review;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Notifications.Reminders;

/// <summary>
/// Daily reminder of open document requests (integrazioni): the family is e-mailed
/// <see cref="DaysBefore"/> days before the last day, and on the last day itself, once each.
/// </summary>
/// <remarks>
/// <para>
/// The "days before" reminder is sent on the first run inside the window [last day - 3, last day),
/// so a day the job did not run (a deploy, an outage) is caught up the next morning; it is not sent
/// for a request made inside its own window (the family has just had the request's e-mail). A
/// deadline moved later opens a new window and so a new reminder; the "last day" reminder keys on
/// that day.
/// </para>
/// <para>
/// Idempotent like <see cref="CallClosingReminders"/>: each row carries the Europe/Rome date as
/// <c>day_key</c> under the UNIQUE (kind, subject, family, day) index, so two servers running at once
/// write one row, and a second run the same day finds the first row and writes nothing.
/// </para>
/// </remarks>
public sealed class DocumentsDueReminders(AppDbContext db, TimeProvider clock, ILogger<DocumentsDueReminders> logger)
{
    public const string JobId = "reminder-documents-due";
    public const int DaysBefore = 3;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(600)]
    [JobDisplayName("Promemoria: integrazioni di documenti in scadenza")]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DocumentRequestDeadline.Today(now);
        var until = DocumentRequestDeadline.EndOf(today.AddDays(DaysBefore));
        var open = await db.DocumentRequests.AsNoTracking()
            .Where(DocumentRequests.DueBetween(now, until))
            .Join(
                db.Applications.Where(a => a.Status == ApplicationStatus.DocumentsRequested),
                r => r.ApplicationId,
                a => a.Id,
                (r, a) => new { Request = r, a.FamilyUserId, a.ProtocolNumber })
            .ToListAsync(ct);
        var ids = open.Select(o => o.Request.Id).ToList();
        var sent = await db.Notifications.AsNoTracking()
            .Where(n => n.Kind == DocumentsDueReminder.KindName && ids.Contains(n.SubjectId) && n.DayKey != null)
            .Select(n => new { n.SubjectId, Day = n.DayKey!.Value })
            .ToListAsync(ct);

        var written = 0;
        foreach (var o in open)
        {
            var lastDay = DocumentRequestDeadline.DayOf(o.Request.DueAt);
            var windowStart = lastDay.AddDays(-DaysBefore);
            var isLastDay = lastDay == today;
            var due = isLastDay
                ? sent.All(s => s.SubjectId != o.Request.Id || s.Day != today)
                : today >= windowStart && today < lastDay
                    && DocumentRequestDeadline.Today(o.Request.RequestedAt) < windowStart
                    && sent.All(s => s.SubjectId != o.Request.Id || s.Day < windowStart || s.Day >= lastDay);
            if (!due)
            {
                continue;
            }

            var model = new DocumentsDueReminderModel(o.Request.Id, o.Request.ApplicationId, o.ProtocolNumber ?? "", o.Request.Items.Select(i => i.Label).ToList(), o.Request.DueAt, isLastDay);
            await Outbox.AddAsync(db, o.FamilyUserId, model, now, ct, dayKey: today);
            try
            {
                await db.SaveChangesAsync(ct);
                written++;
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another server wrote today's reminder for this request first.
                db.ChangeTracker.Clear();
            }
        }

        logger.LogInformation("Documents-due reminders: {Count} written", written);
    }
}
