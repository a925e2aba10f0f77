namespace Conciliazione.Web.Notifications.Templates;

public sealed record CallClosingReminderModel(Guid CallId, Guid DraftId, string CallReference, string CallTitle, DateTimeOffset ClosesAt) : INotificationModel
{
    public Guid SubjectId => CallId;
}

/// <summary>Reminder: the call closes within 3 days and the family still has a draft on it.</summary>
public sealed class CallClosingReminder : NotificationTemplate<CallClosingReminderModel>
{
    public const string KindName = "reminder.call-closing";

    public override string Kind => KindName;

    public override string Title => "Promemoria: il bando sta per chiudere";

    protected override MailContent Compose(CallClosingReminderModel m, MailLayout l)
    {
        l.Required(m.CallId, nameof(m.CallId));
        var call = l.Required(m.CallReference, nameof(m.CallReference)) + " - " + l.Required(m.CallTitle, nameof(m.CallTitle));
        var closes = l.DateTime(m.ClosesAt, nameof(m.ClosesAt));
        var path = "/Family/Applications/Edit/" + l.Required(m.DraftId, nameof(m.DraftId));
        return l.IsEnglish
            ? new($"Reminder: the call {m.CallReference} closes on {closes}", [$"You have started an application for the call {call} but have not submitted it yet. Applications close on {closes}: after that the draft can no longer be submitted."], "Complete your application", path)
            : new($"Promemoria: il bando {m.CallReference} chiude il {closes}", [$"hai iniziato una domanda per il bando {call} ma non l'hai ancora inviata. Le domande chiudono il {closes}: dopo la bozza non potrà più essere inviata."], "Completa la domanda", path);
    }

    public override CallClosingReminderModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "2026/B/01", "Voucher servizi per l'infanzia", new DateTimeOffset(2026, 10, 31, 22, 59, 0, TimeSpan.Zero));
}
