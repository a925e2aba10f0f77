namespace Conciliazione.Web.Notifications.Templates;

public sealed record NotAdmittedModel(Guid ApplicationId, string ProtocolNumber, IReadOnlyList<string> Reasons) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The application was not admitted, with the reasons; the decision letter PDF is attached.</summary>
public sealed class NotAdmitted : NotificationTemplate<NotAdmittedModel>
{
    public const string KindName = "application.not-admitted";

    public override string Kind => KindName;

    public override string Title => "Domanda non ammessa";

    protected override MailContent Compose(NotAdmittedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var reasons = l.Required(m.Reasons, nameof(m.Reasons));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Application not admitted - reference {protocol}", [$"Your application {protocol} was not admitted. The decision letter is attached as a PDF: it explains how to ask the lead partner for a review within 30 days.", "The reasons:"], "See your application", path) { Items = reasons }
            : new($"Domanda non ammessa - protocollo {protocol}", [$"la domanda {protocol} non è stata ammessa. In allegato trovi la lettera con l'esito in PDF: spiega come chiedere il riesame all'ente capofila entro 30 giorni.", "I motivi:"], "Vedi la domanda", path) { Items = reasons };
    }

    public override NotAdmittedModel Sample() => new(Guid.NewGuid(), "2026/000123", ["ISEE superiore alla soglia del bando (35.000,00 €)"]);
}
