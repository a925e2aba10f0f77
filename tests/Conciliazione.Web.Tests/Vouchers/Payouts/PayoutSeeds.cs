using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Vouchers.Payouts;

/// <summary>Vouchers ready to be paid: the alliance's debtor account, the family IBANs, validated receipts.</summary>
public static class PayoutSeeds
{
    /// <summary>The alliance's account (a valid fake Italian IBAN, BIC and CUC).</summary>
    public static readonly string DebtorIban = Iban.ItalianFrom("03069", "09606", "100000046012");

    public static string FamilyIban(int n) => Iban.ItalianFrom("05034", "11701", (100000000000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Task DebtorAccountAsync(PortalFactory factory, string? bic = "BCITITMM", Guid? allianceId = null) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var alliance = await db.Alliances.SingleAsync(a => a.Id == (allianceId ?? GrantSeeds.Castellanza), ct);
        alliance.Payments = new PaymentAccount { DebtorName = "Comune di Castellanza - Ente capofila", Iban = DebtorIban, Bic = bic, InitiatorId = "ABC1234Z" };
        await db.SaveChangesAsync(ct);
    });

    /// <summary>The applicant ("Famiglia Prova N") declares an IBAN on the voucher.</summary>
    public static Task DeclareIbanAsync(PortalFactory factory, Guid voucherId, int n) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var voucher = await db.Vouchers.SingleAsync(v => v.Id == voucherId, ct);
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == voucher.ApplicationId, ct);
        voucher.DeclarePayee(FamilyIban(n), $"{application.Applicant.GivenName} {application.Applicant.FamilyName}", application.Applicant.GivenName, application.Applicant.FamilyName, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(ct);
    });

    /// <summary>A receipt of <paramref name="amount"/> uploaded and validated for <paramref name="eligible"/> (the whole amount when null).</summary>
    public static Task<Guid> ValidatedReceiptAsync(PortalFactory factory, Guid voucherId, decimal amount, decimal? eligible = null, string? number = null) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var voucher = await db.Vouchers.SingleAsync(v => v.Id == voucherId, ct);
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == voucher.ApplicationId, ct);
        // The seeded calls' service period may lie in the past: the receipt is uploaded "on" its last day.
        var today = DateOnly.FromDateTime(DateTime.UtcNow) is var now && now > voucher.ValidTo ? voucher.ValidTo : DateOnly.FromDateTime(DateTime.UtcNow);
        var context = new ReceiptContext(voucher, "Famiglia", application.Household.Children.Select(c => c.FiscalCode!.ToUpperInvariant()).ToList(), CashAllowed: false, AllowsOtherProvider: true, today);
        var tag = number ?? ("R-" + Guid.NewGuid().ToString("N")[..10]);
        var details = new ReceiptDetails(tag, today, voucher.ValidFrom, voucher.ValidFrom.AddDays(27) > voucher.ValidTo ? voucher.ValidTo : voucher.ValidFrom.AddDays(27),
            application.Household.Children[0].FiscalCode, voucher.ProviderId, voucher.ProviderId is null ? "Nido Il Girasole" : null, amount, PaymentMethod.BankTransfer, today);
        var receipt = Receipt.Submit(context, details, new UploadedFile("ricevuta.pdf", Pdf(tag)), new UploadedFile("bonifico.pdf", Pdf(tag + "-proof")), application.FamilyUserId, DateTimeOffset.UtcNow);
        receipt.Validate(eligible, Guid.NewGuid(), DateTimeOffset.UtcNow);
        voucher.MarkInUse();
        db.Receipts.Add(receipt);
        await db.SaveChangesAsync(ct);
        return receipt.Id;
    });

    public static async Task<T> WorkAsync<T>(PortalFactory factory, Func<PayoutWork, Task<T>> action)
    {
        using var scope = factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<PayoutWork>());
    }

    /// <summary>A batch of <paramref name="voucherIds"/> for tomorrow; fails the test when refused.</summary>
    public static async Task<Guid> ProduceAsync(PortalFactory factory, Guid staffId, params Guid[] voucherIds)
    {
        var (id, error) = await WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, voucherIds, w.Today.AddDays(1), staffId, TestContext.Current.CancellationToken));
        Assert.Null(error);
        return id!.Value;
    }

    private static byte[] Pdf(string tag) => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {tag}\n%%EOF\n");
}
