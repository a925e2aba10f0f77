namespace Conciliazione.Domain.Notifications;

/// <summary>Where a notification stands on its way to the family.</summary>
public enum NotificationStatus
{
    /// <summary>Written with the change that caused it; a job will deliver it.</summary>
    Pending,

    /// <summary>Claimed by one job server, which is talking to the SMTP server now.</summary>
    Sending,

    /// <summary>The SMTP server accepted it (<see cref="Notification.SmtpResponse"/>).</summary>
    Sent,

    /// <summary>Every attempt failed; an admin sees it in /Admin/Messages and may resend it.</summary>
    Failed,

    /// <summary>The family has no verified e-mail: the message is shown in the portal only.</summary>
    PortalOnly,
}

/// <summary>
/// One message to a family, in the outbox: written in the same transaction as the change that
/// causes it (a rolled-back change sends nothing) and delivered by a background job.
/// </summary>
/// <remarks>
/// The model is stored as JSON and rendered by the job, so a slow or failing render never fails
/// the family's request. <see cref="DayKey"/> (the Europe/Rome date) is set only for reminders: a
/// UNIQUE index on (kind, subject, family, day) makes a reminder idempotent per day even when two
/// job servers run the same recurring job. Delivery is claimed with a conditional UPDATE on
/// <see cref="Status"/>, so two servers never send one row twice (see Notifications/README.md).
/// </remarks>
public class Notification
{
    public Guid Id { get; private set; }
    public Guid FamilyUserId { get; private set; }

    /// <summary>The event (machine text, e.g. "application.submitted").</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The record the message is about (an application, a call, a voucher...).</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>Only for reminders: the Europe/Rome day it is for (UNIQUE with kind, subject, family).</summary>
    public DateOnly? DayKey { get; private set; }

    /// <summary>"it" or "en", from the family's profile when the row was written.</summary>
    public string Language { get; private set; } = "it";

    public string ModelJson { get; private set; } = "{}";

    /// <summary>The verified address at the time of writing; null when the family has none.</summary>
    public string? ToAddress { get; private set; }

    /// <summary>When set, the receipt PDF of this application is rendered first and attached.</summary>
    public Guid? ReceiptOfApplicationId { get; private set; }

    public NotificationStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Filled by the job when it renders the message (what the family sees in the list).</summary>
    public string? Subject { get; private set; }
    public string? TextBody { get; private set; }
    public string? HtmlBody { get; private set; }

    /// <summary>The SMTP server's answer to the last attempt, or the error; never personal data.</summary>
    public string? SmtpResponse { get; private set; }

    private Notification()
    {
    }

    public static Notification Create(
        Guid familyUserId,
        string kind,
        Guid subjectId,
        string language,
        string modelJson,
        string? toAddress,
        DateTimeOffset now,
        DateOnly? dayKey = null,
        Guid? receiptOfApplicationId = null) => new()
        {
            Id = Guid.CreateVersion7(),
            FamilyUserId = familyUserId,
            Kind = kind,
            SubjectId = subjectId,
            Language = language == "en" ? "en" : "it",
            ModelJson = modelJson,
            ToAddress = string.IsNullOrWhiteSpace(toAddress) ? null : toAddress.Trim(),
            DayKey = dayKey,
            ReceiptOfApplicationId = receiptOfApplicationId,
            Status = NotificationStatus.Pending,
            CreatedAt = now.ToUniversalTime(),
            NextAttemptAt = now.ToUniversalTime(),
        };
}
