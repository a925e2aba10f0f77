namespace Conciliazione.Web.Notifications.Templates;

public sealed record ReceiptValidatedModel(Guid ExpenseReceiptId, Guid ApplicationId, string VoucherCode, string ReceiptReference, decimal AmountRecognised) : INotificationModel
{
    public Guid SubjectId => ExpenseReceiptId;
}

/// <summary>An expense receipt the family uploaded was validated, with the amount recognised.</summary>
public sealed class ReceiptValidated : NotificationTemplate<ReceiptValidatedModel>
{
    public const string KindName = "voucher.receipt-validated";

    public override string Kind => KindName;

    public override string Title => "Ricevuta di spesa convalidata";

    protected override MailContent Compose(ReceiptValidatedModel m, MailLayout l)
    {
        l.Required(m.ExpenseReceiptId, nameof(m.ExpenseReceiptId));
        var code = l.Required(m.VoucherCode, nameof(m.VoucherCode));
        var reference = l.Required(m.ReceiptReference, nameof(m.ReceiptReference));
        var amount = l.Money(m.AmountRecognised, nameof(m.AmountRecognised));
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Receipt {reference} validated - voucher {code}", [$"The receipt {reference} for voucher {code} was validated: {amount} will be reimbursed."], "See your voucher", path)
            : new($"Ricevuta {reference} convalidata - voucher {code}", [$"la ricevuta {reference} del voucher {code} è stata convalidata: ti saranno rimborsati {amount}."], "Vedi il voucher", path);
    }

    public override ReceiptValidatedModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "V-2026-0042", "Fattura 12/2026", 175m);
}
