namespace Conciliazione.Web.Notifications.Templates;

public sealed record ReceiptRejectedModel(Guid ExpenseReceiptId, Guid ApplicationId, string VoucherCode, string ReceiptReference, string Reason) : INotificationModel
{
    public Guid SubjectId => ExpenseReceiptId;
}

/// <summary>An expense receipt was rejected, with the reason, so the family can upload a correct one.</summary>
public sealed class ReceiptRejected : NotificationTemplate<ReceiptRejectedModel>
{
    public const string KindName = "voucher.receipt-rejected";

    public override string Kind => KindName;

    public override string Title => "Ricevuta di spesa respinta";

    protected override MailContent Compose(ReceiptRejectedModel m, MailLayout l)
    {
        l.Required(m.ExpenseReceiptId, nameof(m.ExpenseReceiptId));
        var code = l.Required(m.VoucherCode, nameof(m.VoucherCode));
        var reference = l.Required(m.ReceiptReference, nameof(m.ReceiptReference));
        var reason = l.Required(m.Reason, nameof(m.Reason));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Receipt {reference} rejected - voucher {code}", [$"The receipt {reference} for voucher {code} was rejected for this reason: {reason}", "You can upload a corrected receipt on the portal."], "See your voucher", path)
            : new($"Ricevuta {reference} respinta - voucher {code}", [$"la ricevuta {reference} del voucher {code} è stata respinta per questo motivo: {reason}", "Puoi caricare sul portale una ricevuta corretta."], "Vedi il voucher", path);
    }

    public override ReceiptRejectedModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "V-2026-0042", "Fattura 12/2026", "La ricevuta non indica il periodo del servizio.");
}
