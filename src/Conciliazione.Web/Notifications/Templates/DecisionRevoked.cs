namespace Conciliazione.Web.Notifications.Templates;

public sealed record DecisionRevokedModel(Guid ApplicationId, string ProtocolNumber, string Reason) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>A decision on the application was revoked (e.g. a false declaration found at a check).</summary>
public sealed class DecisionRevoked : NotificationTemplate<DecisionRevokedModel>
{
    public const string KindName = "application.decision-revoked";

    public override string Kind => KindName;

    public override string Title => "Decisione revocata";

    protected override MailContent Compose(DecisionRevokedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var reason = l.Required(m.Reason, nameof(m.Reason));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Decision revoked - application {protocol}", [$"The decision on your application {protocol} was revoked for this reason: {reason}", "The details and how to object are on the application's page."], "See your application", path)
            : new($"Decisione revocata - domanda {protocol}", [$"la decisione sulla domanda {protocol} è stata revocata per questo motivo: {reason}", "I dettagli e come presentare opposizione sono nella pagina della domanda."], "Vedi la domanda", path);
    }

    public override DecisionRevokedModel Sample() => new(Guid.NewGuid(), "2026/000123", "Dichiarazione ISEE non veritiera emersa dai controlli.");
}
