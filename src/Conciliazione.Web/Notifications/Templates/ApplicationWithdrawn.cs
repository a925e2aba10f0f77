namespace Conciliazione.Web.Notifications.Templates;

public sealed record ApplicationWithdrawnModel(Guid ApplicationId, string CallReference, string ProtocolNumber, DateTimeOffset WithdrawnAt) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The family withdrew the application (a confirmation of what they did).</summary>
public sealed class ApplicationWithdrawn : NotificationTemplate<ApplicationWithdrawnModel>
{
    public const string KindName = "application.withdrawn";

    public override string Kind => KindName;

    public override string Title => "Domanda ritirata";

    protected override MailContent Compose(ApplicationWithdrawnModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var call = l.Required(m.CallReference, nameof(m.CallReference));
        var at = l.DateTime(m.WithdrawnAt, nameof(m.WithdrawnAt));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Application withdrawn - reference {protocol}", [$"Your application {protocol} for the call {call} was withdrawn on {at}.", "If you did not withdraw it, contact the lead partner's office."], "See your application", path)
            : new($"Domanda ritirata - protocollo {protocol}", [$"la domanda {protocol} per il bando {call} è stata ritirata il {at}.", "Se non l'hai ritirata tu, contatta l'ufficio del capofila."], "Vedi la domanda", path);
    }

    public override ApplicationWithdrawnModel Sample() => new(Guid.NewGuid(), "2026/B/01", "2026/000123", new DateTimeOffset(2026, 10, 6, 15, 0, 0, TimeSpan.Zero));
}
