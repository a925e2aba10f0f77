using System.Text.Json;
using Conciliazione.Web.Notifications.Templates;

namespace Conciliazione.Web.Notifications;

/// <summary>Every event's template, by kind: the one list the outbox, the tests and the docs read.</summary>
public static class NotificationTemplates
{
    public static readonly IReadOnlyList<INotificationTemplate> All =
    [
        new ApplicationSubmitted(),
        new ApplicationWithdrawn(),
        new DocumentsRequested(),
        new Admitted(),
        new NotAdmitted(),
        new Granted(),
        new ReserveListed(),
        new MovedUpFromReserve(),
        new VoucherIssued(),
        new ReceiptValidated(),
        new ReceiptRejected(),
        new PayoutMade(),
        new DecisionRevoked(),
        new CallClosingReminder(),
        new DocumentsDueReminder(),
        new CallRulesChanged(),
    ];

    private static readonly Dictionary<string, INotificationTemplate> ByKind = All.ToDictionary(t => t.Kind);
    private static readonly Dictionary<Type, INotificationTemplate> ByModel = All.ToDictionary(t => t.ModelType);

    public static INotificationTemplate For(string kind) =>
        ByKind.TryGetValue(kind, out var t) ? t : throw new InvalidOperationException("No template for notification kind " + kind);

    public static INotificationTemplate For(INotificationModel model) =>
        ByModel.TryGetValue(model.GetType(), out var t) ? t : throw new InvalidOperationException("No template for model " + model.GetType().Name);

    public static string Title(string kind) => ByKind.TryGetValue(kind, out var t) ? t.Title : kind;

    public static string Serialize(INotificationModel model) => JsonSerializer.Serialize(model, model.GetType());

    public static RenderedMail Render(string kind, string modelJson, string language, string publicOrigin)
    {
        var template = For(kind);
        var model = (INotificationModel?)JsonSerializer.Deserialize(modelJson, template.ModelType)
            ?? throw new MissingTemplateValueException(kind, "model");
        return template.Render(model, new MailLayout(language, publicOrigin, kind));
    }
}
