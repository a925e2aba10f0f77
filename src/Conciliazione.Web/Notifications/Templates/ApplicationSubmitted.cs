namespace Conciliazione.Web.Notifications.Templates;

public sealed record ApplicationSubmittedModel(Guid ApplicationId, string CallReference, string CallTitle, string ProtocolNumber, DateTimeOffset SubmittedAt) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The application was submitted; the receipt PDF is attached.</summary>
public sealed class ApplicationSubmitted : NotificationTemplate<ApplicationSubmittedModel>
{
    public const string KindName = "application.submitted";

    public override string Kind => KindName;

    public override string Title => "Domanda inviata";

    protected override MailContent Compose(ApplicationSubmittedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        var call = l.Required(m.CallReference, nameof(m.CallReference)) + " - " + l.Required(m.CallTitle, nameof(m.CallTitle));
        var at = l.DateTime(m.SubmittedAt, nameof(m.SubmittedAt));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Application submitted - reference {protocol}", [$"Your application for the call {call} was submitted on {at} with reference number {protocol}.", "The receipt is attached as a PDF; you can also download it from \"My applications\" on the portal."], "See your application", path)
            : new($"Domanda inviata - protocollo {protocol}", [$"la domanda per il bando {call} è stata inviata il {at} con protocollo {protocol}.", "In allegato trovi la ricevuta in PDF; puoi scaricarla anche dall'area \"Le mie domande\" del portale."], "Vedi la domanda", path);
    }

    public override ApplicationSubmittedModel Sample() => new(Guid.NewGuid(), "2026/B/01", "Voucher servizi per l'infanzia", "2026/000123", new DateTimeOffset(2026, 10, 5, 9, 30, 0, TimeSpan.Zero));
}
