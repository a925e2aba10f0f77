namespace Conciliazione.Web.Notifications.Templates;

public sealed record MovedUpFromReserveModel(Guid ApplicationId, string ProtocolNumber, decimal Amount) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>Budget freed up: the application moves up from the reserve list and is granted.</summary>
public sealed class MovedUpFromReserve : NotificationTemplate<MovedUpFromReserveModel>
{
    public const string KindName = "application.moved-up";

    public override string Kind => KindName;

    public override string Title => "Domanda ripescata dalla lista d'attesa";

    protected override MailContent Compose(MovedUpFromReserveModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var amount = l.Money(m.Amount, nameof(m.Amount));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Moved up from the reserve list - application {protocol}", [$"Budget has become free: your application {protocol} moves up from the reserve list and is granted a voucher of up to {amount}."], "See your application", path)
            : new($"Domanda finanziata dalla lista d'attesa - protocollo {protocol}", [$"si è liberato budget: la domanda {protocol} esce dalla lista d'attesa ed è finanziata con un voucher fino a {amount}."], "Vedi la domanda", path);
    }

    public override MovedUpFromReserveModel Sample() => new(Guid.NewGuid(), "2026/000123", 350m);
}
