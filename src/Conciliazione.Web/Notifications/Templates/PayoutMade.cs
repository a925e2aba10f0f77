namespace Conciliazione.Web.Notifications.Templates;

public sealed record PayoutMadeModel(Guid PayoutId, Guid ApplicationId, string VoucherCode, decimal Amount, DateOnly PaidOn) : INotificationModel
{
    public Guid SubjectId => PayoutId;
}

/// <summary>A reimbursement was paid (amount and date; never the bank details).</summary>
public sealed class PayoutMade : NotificationTemplate<PayoutMadeModel>
{
    public const string KindName = "voucher.payout-made";

    public override string Kind => KindName;

    public override string Title => "Rimborso pagato";

    protected override MailContent Compose(PayoutMadeModel m, MailLayout l)
    {
        l.Required(m.PayoutId, nameof(m.PayoutId));
        var code = l.Required(m.VoucherCode, nameof(m.VoucherCode));
        var amount = l.Money(m.Amount, nameof(m.Amount));
        var on = m.PaidOn == default ? throw new MissingTemplateValueException(Kind, nameof(m.PaidOn)) : l.Date(m.PaidOn);
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Reimbursement paid - voucher {code}", [$"A reimbursement of {amount} for voucher {code} was paid on {on} to the account you gave."], "See your voucher", path)
            : new($"Rimborso pagato - voucher {code}", [$"il {on} è stato pagato un rimborso di {amount} per il voucher {code}, sul conto che hai indicato."], "Vedi il voucher", path);
    }

    public override PayoutMadeModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "V-2026-0042", 175m, new DateOnly(2026, 12, 15));
}
