using Conciliazione.Web.Review;

namespace Conciliazione.Web.Notifications.Templates;

/// <param name="LastDay">True on the deadline day itself; false for the reminder three days before.</param>
public sealed record DocumentsDueReminderModel(Guid RequestId, Guid ApplicationId, string ProtocolNumber, IReadOnlyList<string> Documents, DateTimeOffset DueAt, bool LastDay) : INotificationModel
{
    public Guid SubjectId => RequestId;
}

/// <summary>Reminder: a document request (integrazione) is due in three days, or today, and the family has not answered yet.</summary>
public sealed class DocumentsDueReminder : NotificationTemplate<DocumentsDueReminderModel>
{
    public const string KindName = "reminder.documents-due";

    public override string Kind => KindName;

    public override string Title => "Promemoria: documenti richiesti in scadenza";

    protected override MailContent Compose(DocumentsDueReminderModel m, MailLayout l)
    {
        l.Required(m.RequestId, nameof(m.RequestId));
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        l.DateTime(m.DueAt, nameof(m.DueAt));
        var due = l.Date(DocumentRequestDeadline.DayOf(m.DueAt));
        var items = l.Required(m.Documents, nameof(m.Documents));
        var path = "/Family/Applications/Integrazione/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        if (l.IsEnglish)
        {
            return m.LastDay
                ? new($"Reminder: today is the last day to send the documents for application {protocol}", [$"The office is still waiting for the documents below for your application {protocol}. Today, {due}, is the last day (until 23:59 Italian time):"], "Upload the requested documents", path) { Items = items }
                : new($"Reminder: the documents for application {protocol} are due on {due}", [$"The office is still waiting for the documents below for your application {protocol}, by {due} (until 23:59 Italian time):"], "Upload the requested documents", path) { Items = items };
        }

        return m.LastDay
            ? new($"Promemoria: oggi scade l'integrazione della domanda {protocol}", [$"l'ufficio attende ancora i documenti qui sotto per la domanda {protocol}. Oggi, {due}, è l'ultimo giorno per inviarli (fino alle 23:59):"], "Carica i documenti richiesti", path) { Items = items }
            : new($"Promemoria: i documenti della domanda {protocol} scadono il {due}", [$"l'ufficio attende ancora i documenti qui sotto per la domanda {protocol}, entro il {due} (fino alle 23:59):"], "Carica i documenti richiesti", path) { Items = items };
    }

    public override DocumentsDueReminderModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "2026/000123", ["Attestazione ISEE aggiornata"], new DateTimeOffset(2026, 10, 20, 22, 0, 0, TimeSpan.Zero), false);
}
