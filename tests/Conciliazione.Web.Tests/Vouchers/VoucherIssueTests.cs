using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>Issue 14: every grant becomes a voucher in the same transaction; releasing the grant revokes it.</summary>
public sealed class VoucherIssueTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task FundingRun_IssuesOneVoucherPerGrant_WithTheCapServicePeriodAndAnUnguessableCode_AndARenunciationRevokesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 3);
        var (vouchers, grants, call) = await factory.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().Where(v => v.CallId == funded.CallId).ToListAsync(ct),
            await db.Grants.AsNoTracking().Where(g => g.CallId == funded.CallId).ToListAsync(ct),
            await db.Calls.AsNoTracking().SingleAsync(c => c.Id == funded.CallId, ct)));

        Assert.Equal(3, vouchers.Count);
        Assert.All(vouchers, v =>
        {
            var grant = grants.Single(g => g.Id == v.GrantId);
            Assert.Equal(grant.ApplicationId, v.ApplicationId);
            Assert.Equal(grant.Amount, v.Cap);
            Assert.Equal(VoucherStatus.Issued, v.Status);
            Assert.Equal(call.ServiceStart, v.ValidFrom);
            Assert.Equal(call.ServiceEnd, v.ValidTo);
            Assert.Equal(v.ValidTo.AddDays(60), v.ReceiptsUntil);
            Assert.Equal(v.Code, VoucherCodes.Normalize(v.Code));
            Assert.Equal(0m, v.Left - v.Cap);
        });
        Assert.Equal(3, vouchers.Select(v => v.Code).Distinct().Count());

        Assert.Null(await Grants.GrantSeeds.WorkAsync(factory, w => w.RenounceAsync(funded.ApplicationIds[0], funded.FamilyIds[0], "Non serve più", ct)));
        var revoked = await factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct));
        Assert.Equal(VoucherStatus.Revoked, revoked.Status);
        Assert.NotNull(revoked.RevokedAt);
    }

    [Fact]
    public async Task AVoucher_TakesThePayeeAndTheReceiptDeadline_FromTheCallsPaymentRule()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1, rules: r => r with { Payment = new Domain.Calls.PaymentRule { Payee = Domain.Calls.PayeeKind.Provider, ReceiptDeadlineDays = 30 } }, reference: "AV-VO-02");
        var voucher = await factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct));
        Assert.Equal(Domain.Calls.PayeeKind.Provider, voucher.Payee);
        Assert.Equal(voucher.ValidTo.AddDays(30), voucher.ReceiptsUntil);
    }
}
