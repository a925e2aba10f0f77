namespace Conciliazione.Web.Notifications.Templates;

public sealed record CallRulesChangedModel(Guid CallId, Guid DraftId, string CallReference, string CallTitle, int VersionNumber, string Reason, DateTimeOffset ChangedAt) : INotificationModel
{
    public Guid SubjectId => DraftId;
}

/// <summary>
/// The rules of a published call changed (a new numbered version) while the family had a draft on
/// it: what changed is on the call's public page; the draft is checked against the new rules.
/// </summary>
public sealed class CallRulesChanged : NotificationTemplate<CallRulesChangedModel>
{
    public const string KindName = "call.rules-changed";

    public override string Kind => KindName;

    public override string Title => "Regole del bando modificate";

    protected override MailContent Compose(CallRulesChangedModel m, MailLayout l)
    {
        l.Required(m.CallId, nameof(m.CallId));
        var call = l.Required(m.CallReference, nameof(m.CallReference)) + " - " + l.Required(m.CallTitle, nameof(m.CallTitle));
        var reason = l.Required(m.Reason, nameof(m.Reason));
        var at = l.DateTime(m.ChangedAt, nameof(m.ChangedAt));
        var version = m.VersionNumber > 1 ? m.VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : throw new MissingTemplateValueException(Kind, nameof(m.VersionNumber));
        var path = "/Family/Applications/Edit/" + l.Required(m.DraftId, nameof(m.DraftId));
        return l.IsEnglish
            ? new($"The rules of the call {m.CallReference} have changed", [$"On {at} the lead partner changed the rules of the call {call} (version {version}). Reason: {reason}.", "You have a draft application for this call: check it before submitting it."], "Check your draft", path)
            : new($"Sono cambiate le regole del bando {m.CallReference}", [$"il {at} il capofila ha modificato le regole del bando {call} (versione {version}). Motivo: {reason}.", "Hai una domanda in bozza per questo bando: controllala prima di inviarla."], "Controlla la bozza", path);
    }

    public override CallRulesChangedModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "2026/B/01", "Voucher servizi per l'infanzia", 2, "correzione della soglia ISEE", new DateTimeOffset(2026, 10, 6, 15, 0, 0, TimeSpan.Zero));
}
