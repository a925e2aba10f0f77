using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Grants;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers.Payouts;

/// <summary>Issue 14: what is due, producing a batch and recording it paid, through <c>PayoutWork</c> on PostgreSQL.</summary>
public sealed class PayoutWorkTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task DueProduceAndMarkPaid_PayHalfTheEligibleSpending_CountEachReceiptOnce_AndUpdateVoucherAndGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 2, reference: "AV-PO-01");
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 300m);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 120m, eligible: 100m);

        var due = await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct));
        var row = Assert.Single(due);
        Assert.Equal(funded.VoucherIds[0], row.VoucherId);
        Assert.Equal(400m, row.NewEligible);
        Assert.Equal(200m, row.Due); // 50% of 400, under the 350 cap
        Assert.True(row.CanPay, string.Join(" ", row.Problems));

        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);
        Assert.Empty(await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct)));
        var (batch, voucher, counted) = await factory.WithDbAsync(async db => (
            await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleAsync(b => b.Id == batchId, ct),
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct),
            await db.Receipts.AsNoTracking().CountAsync(r => r.VoucherId == funded.VoucherIds[0] && r.PayoutLineId != null, ct)));
        Assert.Equal(200m, batch.Total);
        Assert.Equal(1, batch.TransferCount);
        Assert.Matches(@"^LIQ-\d{4}-0001$", batch.Number);
        Assert.Equal(200m, voucher.Claimed);
        Assert.Equal(0m, voucher.Paid);
        Assert.Equal(2, counted);

        var valueDate = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, valueDate, funded.StaffId, ct)));
        var (paidVoucher, grant) = await factory.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct),
            await db.Grants.AsNoTracking().SingleAsync(g => g.ApplicationId == funded.ApplicationIds[0] && g.Status == GrantStatus.Active, ct)));
        Assert.Equal(200m, paidVoucher.Paid);
        Assert.Equal(200m, grant.Paid);
        Assert.Equal(VoucherStatus.InUse, paidVoucher.Status);
    }
}
