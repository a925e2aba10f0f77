namespace Conciliazione.Web.Notifications.Templates;

public sealed record GrantedModel(Guid ApplicationId, string ProtocolNumber, decimal Amount) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The application is granted a voucher in the ranking.</summary>
public sealed class Granted : NotificationTemplate<GrantedModel>
{
    public const string KindName = "application.granted";

    public override string Kind => KindName;

    public override string Title => "Domanda finanziata";

    protected override MailContent Compose(GrantedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var amount = l.Money(m.Amount, nameof(m.Amount));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Voucher granted - application {protocol}", [$"Good news: your application {protocol} is granted a voucher of up to {amount}. We will write again when the voucher is issued."], "See your application", path)
            : new($"Domanda finanziata - protocollo {protocol}", [$"la domanda {protocol} è finanziata con un voucher fino a {amount}. Ti scriveremo di nuovo quando il voucher sarà emesso."], "Vedi la domanda", path);
    }

    public override GrantedModel Sample() => new(Guid.NewGuid(), "2026/000123", 350m);
}
