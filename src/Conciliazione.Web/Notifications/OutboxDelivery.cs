using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// The Hangfire job that delivers one outbox row: claim it, render it (and the receipt or decision
/// letter PDF it carries), send it through <see cref="IEmailSender"/>, record the server's answer.
/// </summary>
/// <remarks>
/// Never twice: the row is claimed with one conditional UPDATE (pending, or a lease that expired,
/// becomes "sending" with a new lease), so when two job servers run the same id only one gets a
/// row back. Retries are this job's own, not Hangfire's (AutomaticRetry is off): the back-off
/// comes from Portal:Jobs:RetryDelays, each failure is recorded on the row with the SMTP error,
/// and after MaxAttempts the row is "failed" and an admin sees it in /Admin/Messages.
/// A template that cannot render (a missing value) fails the row at once: nothing half-empty is sent.
/// </remarks>
public sealed class OutboxDelivery(
    AppDbContext db,
    IEmailSender email,
    ApplicationReceipts receipts,
    DecisionLetters letters,
    IBackgroundJobClient jobs,
    IOptions<JobsOptions> jobOptions,
    PublicOrigin origin,
    TimeProvider clock,
    ILogger<OutboxDelivery> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Consegna notifica {0}")]
    public async Task DeliverAsync(Guid notificationId, CancellationToken ct)
    {
        var options = jobOptions.Value;
        var now = clock.GetUtcNow();
        var claimed = await db.Notifications
            .Where(n => n.Id == notificationId
                && (n.Status == NotificationStatus.Pending || (n.Status == NotificationStatus.Sending && n.LockedUntil < now)))
            .ExecuteUpdateAsync(
                u => u.SetProperty(n => n.Status, NotificationStatus.Sending)
                    .SetProperty(n => n.LockedUntil, now + options.SendLease)
                    .SetProperty(n => n.Attempts, n => n.Attempts + 1),
                ct);
        if (claimed == 0)
        {
            return; // already sent, failed, or being sent by another server
        }

        var row = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notificationId, ct);
        RenderedMail mail;
        try
        {
            mail = NotificationTemplates.Render(row.Kind, row.ModelJson, row.Language, origin.Base);
        }
        catch (Exception e) when (e is MissingTemplateValueException or InvalidOperationException or System.Text.Json.JsonException)
        {
            logger.LogError(e, "Notification {NotificationId} ({Kind}) cannot be rendered; marked failed", row.Id, row.Kind);
            await FinishAsync(row.Id, NotificationStatus.Failed, "Modello non compilabile: " + e.Message, ct);
            return;
        }

        await db.Notifications.Where(n => n.Id == row.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Subject, mail.Subject).SetProperty(n => n.TextBody, mail.TextBody).SetProperty(n => n.HtmlBody, mail.HtmlBody), ct);

        try
        {
            var attachments = new List<EmailAttachment>();
            if (row.ReceiptOfApplicationId is { } applicationId)
            {
                // The e-mail waits for the receipt: rendered here, off the request path.
                var (fileName, bytes) = await receipts.EnsureAsync(applicationId, ct);
                attachments.Add(new EmailAttachment(fileName, "application/pdf", bytes));
            }

            if (row.Kind is Templates.Admitted.KindName or Templates.NotAdmitted.KindName
                && await letters.EnsureAsync(row.SubjectId, row.Kind == Templates.Admitted.KindName ? DecisionOutcome.Admitted : DecisionOutcome.NotAdmitted, ct) is var (letterName, letterBytes))
            {
                // The decision letter, rendered here like the receipt (ADR 0050); none if the decision was reopened meanwhile.
                attachments.Add(new EmailAttachment(letterName, "application/pdf", letterBytes));
            }

            if (row.ToAddress is null)
            {
                await FinishAsync(row.Id, NotificationStatus.PortalOnly, null, ct);
                return;
            }

            var answer = await email.SendWithAnswerAsync(new EmailMessage(row.ToAddress, mail.Subject, mail.TextBody) { HtmlBody = mail.HtmlBody, Attachments = attachments }, ct);
            await FinishAsync(row.Id, NotificationStatus.Sent, answer, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = Truncate(e.GetType().Name + ": " + e.Message);
            if (row.Attempts + 1 >= options.MaxAttempts)
            {
                logger.LogError(e, "Notification {NotificationId} failed for good after {Attempts} attempts", row.Id, row.Attempts + 1);
                await FinishAsync(row.Id, NotificationStatus.Failed, error, ct);
                return;
            }

            var delay = options.RetryDelay(row.Attempts + 1);
            logger.LogWarning(e, "Notification {NotificationId} attempt {Attempt} failed; retrying in {Delay}", row.Id, row.Attempts + 1, delay);
            await db.Notifications.Where(n => n.Id == row.Id && n.Status == NotificationStatus.Sending)
                .ExecuteUpdateAsync(
                    u => u.SetProperty(n => n.Status, NotificationStatus.Pending)
                        .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(n => n.NextAttemptAt, clock.GetUtcNow() + delay)
                        .SetProperty(n => n.SmtpResponse, error),
                    CancellationToken.None);
            jobs.Schedule<OutboxDelivery>(d => d.DeliverAsync(row.Id, CancellationToken.None), delay);
        }
    }

    private Task<int> FinishAsync(Guid id, NotificationStatus status, string? answer, CancellationToken ct) =>
        db.Notifications.Where(n => n.Id == id && n.Status == NotificationStatus.Sending)
            .ExecuteUpdateAsync(
                u => u.SetProperty(n => n.Status, status)
                    .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.SentAt, status == NotificationStatus.Sent ? clock.GetUtcNow() : null)
                    .SetProperty(n => n.SmtpResponse, answer == null ? null : Truncate(answer)),
                ct);

    private static string Truncate(string s) => s.Length <= 1000 ? s : s[..1000];
}
