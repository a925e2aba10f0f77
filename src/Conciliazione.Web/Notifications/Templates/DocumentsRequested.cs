using Conciliazione.Web.Review;

namespace Conciliazione.Web.Notifications.Templates;

public sealed record DocumentsRequestedModel(Guid ApplicationId, string ProtocolNumber, IReadOnlyList<string> Documents, DateTimeOffset DueAt) : INotificationModel
{
    public Guid SubjectId => ApplicationId;
}

/// <summary>The office asks for documents (what, by which day) with a direct link to the upload page.</summary>
public sealed class DocumentsRequested : NotificationTemplate<DocumentsRequestedModel>
{
    public const string KindName = "application.documents-requested";

    public override string Kind => KindName;

    public override string Title => "Documenti richiesti";

    protected override MailContent Compose(DocumentsRequestedModel m, MailLayout l)
    {
        var protocol = l.Required(m.ProtocolNumber, nameof(m.ProtocolNumber));
        l.DateTime(m.DueAt, nameof(m.DueAt));
        var due = l.Date(DocumentRequestDeadline.DayOf(m.DueAt));
        var items = l.Required(m.Documents, nameof(m.Documents));
        var path = "/Family/Applications/Integrazione/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Documents requested - application {protocol}", [$"To go on with the review of your application {protocol} the office needs the documents below, by {due} (until 23:59 Italian time):"], "Upload the requested documents", path) { Items = items }
            : new($"Documenti richiesti - domanda {protocol}", [$"per proseguire l'istruttoria della domanda {protocol} l'ufficio ha bisogno dei documenti qui sotto, entro il {due} (fino alle 23:59):"], "Carica i documenti richiesti", path) { Items = items };
    }

    public override DocumentsRequestedModel Sample() => new(Guid.NewGuid(), "2026/000123", ["Attestazione ISEE aggiornata", "Contratto con il nido"], new DateTimeOffset(2026, 10, 20, 22, 0, 0, TimeSpan.Zero));
}
