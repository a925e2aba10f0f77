namespace Conciliazione.Web.Notifications.Templates;

public sealed record ReserveListedModel(Guid ApplicationId, string ProtocolNumber, int Position) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The application is admitted but on the reserve list (budget used up), with its place.</summary>
public sealed class ReserveListed : NotificationTemplate<ReserveListedModel>
{
    public const string KindName = "application.reserve-listed";

    public override string Kind => KindName;

    public override string Title => "Domanda in lista d'attesa";

    protected override MailContent Compose(ReserveListedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        if (m.Position <= 0)
        {
            throw new MissingTemplateValueException(Kind, nameof(m.Position));
        }

        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Application on the reserve list - reference {protocol}", [$"Your application {protocol} is admitted but the call's budget is used up: it is number {m.Position} on the reserve list. If budget becomes free you will move up and we will write to you."], "See your application", path)
            : new($"Domanda in lista d'attesa - protocollo {protocol}", [$"la domanda {protocol} è ammessa ma il budget del bando è esaurito: è al posto {m.Position} della lista d'attesa. Se si libera budget scorrerai in graduatoria e ti scriveremo."], "Vedi la domanda", path);
    }

    public override ReserveListedModel Sample() => new(Guid.NewGuid(), "2026/000123", 4);
}
