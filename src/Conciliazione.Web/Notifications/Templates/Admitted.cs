namespace Conciliazione.Web.Notifications.Templates;

public sealed record AdmittedModel(Guid ApplicationId, string ProtocolNumber) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The application passed the review (eligible; the grant comes with the ranking); the decision letter PDF is attached.</summary>
public sealed class Admitted : NotificationTemplate<AdmittedModel>
{
    public const string KindName = "application.admitted";

    public override string Kind => KindName;

    public override string Title => "Domanda ammessa";

    protected override MailContent Compose(AdmittedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Application admitted - reference {protocol}", [$"Your application {protocol} passed the review and is admitted. We will write to you again when the ranking decides on the voucher.", "The decision letter is attached as a PDF; you can also download it from your application on the portal."], "See your application", path)
            : new($"Domanda ammessa - protocollo {protocol}", [$"la domanda {protocol} ha superato l'istruttoria ed è ammessa. Ti scriveremo di nuovo quando la graduatoria deciderà sul voucher.", "In allegato trovi la lettera con l'esito in PDF; puoi scaricarla anche dalla domanda sul portale."], "Vedi la domanda", path);
    }

    public override AdmittedModel Sample() => new(Guid.NewGuid(), "2026/000123");
}
