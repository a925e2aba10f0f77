namespace Conciliazione.Web.Notifications.Templates;

public sealed record VoucherIssuedModel(Guid VoucherId, Guid ApplicationId, string VoucherCode, decimal Amount, DateOnly ValidUntil) : INotificationModel
{
    public Guid SubjectId => VoucherId;
}

/// <summary>The voucher is issued: its code, amount and expiry.</summary>
public sealed class VoucherIssued : NotificationTemplate<VoucherIssuedModel>
{
    public const string KindName = "voucher.issued";

    public override string Kind => KindName;

    public override string Title => "Voucher emesso";

    protected override MailContent Compose(VoucherIssuedModel m, MailLayout l)
    {
        l.Required(m.VoucherId, nameof(m.VoucherId));
        var code = l.Required(m.VoucherCode, nameof(m.VoucherCode));
        var amount = l.Money(m.Amount, nameof(m.Amount));
        var until = m.ValidUntil == default ? throw new MissingTemplateValueException(Kind, nameof(m.ValidUntil)) : l.Date(m.ValidUntil);
        var path = "/Family/Applications/Details/" + l.Required(m.ApplicationId, nameof(m.ApplicationId));
        return l.IsEnglish
            ? new($"Voucher {code} issued", [$"Your voucher {code} is issued for up to {amount} and is valid until {until}.", "Upload the receipts of the service on the portal to be reimbursed."], "See your voucher", path)
            : new($"Voucher {code} emesso", [$"il voucher {code} è emesso per un importo fino a {amount} ed è valido fino al {until}.", "Carica sul portale le ricevute del servizio per ottenere il rimborso."], "Vedi il voucher", path);
    }

    public override VoucherIssuedModel Sample() => new(Guid.NewGuid(), Guid.NewGuid(), "V-2026-0042", 350m, new DateOnly(2027, 6, 30));
}
