using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Monitoring;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Monitoring.Indicators;

/// <summary>
/// The computed indicators equal what the records say, counted here by independent SQL: families with
/// a voucher, services funded (vouchers), euros granted (active grants) and euros paid (paid payout
/// batches), with a renounced voucher and a paid batch in the data. Values are cumulative as of a day.
/// </summary>
public sealed class ComputedIndicatorsTests(PortalFactory factory) : PortalTest(factory)
{
    private sealed record Expected(int Families, int Services, decimal Granted, decimal Paid);

    private Task<Expected> SqlCountsAsync(Guid actionId) => Factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var families = await db.Database.SqlQuery<int>($"""
            SELECT count(DISTINCT a.family_user_id)::int AS "Value" FROM vouchers v
            JOIN applications a ON a.id = v.application_id JOIN calls c ON c.id = v.call_id
            WHERE c.action_id = {actionId} AND v.status <> 'Revoked'
            """).SingleAsync(ct);
        var services = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM vouchers v JOIN calls c ON c.id = v.call_id
            WHERE c.action_id = {actionId} AND v.status <> 'Revoked'
            """).SingleAsync(ct);
        var granted = await db.Database.SqlQuery<decimal>($"""
            SELECT coalesce(sum(g.amount), 0) AS "Value" FROM grants g JOIN calls c ON c.id = g.call_id
            WHERE c.action_id = {actionId} AND g.status = 'Active'
            """).SingleAsync(ct);
        var paid = await db.Database.SqlQuery<decimal>($"""
            SELECT coalesce(sum(l.gross), 0) AS "Value" FROM payout_lines l
            JOIN payout_batches b ON b.id = l.batch_id JOIN calls c ON c.id = l.call_id
            WHERE c.action_id = {actionId} AND b.status = 'Paid'
            """).SingleAsync(ct);
        return new Expected(families, services, granted, paid);
    });

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Date);

    [Fact]
    public async Task ComputedIndicators_EqualAnIndependentSqlCountOfTheRecords()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 3);

        // The third family renounces: its voucher is revoked and its grant released.
        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.RenounceAsync(funded.ApplicationIds[2], funded.FamilyIds[2], "Non serve più", ct)));

        // The first voucher has 200.50 of receipts reimbursed through a batch marked paid; a second batch stays unpaid.
        await PayoutSeeds.DebtorAccountAsync(Factory);
        await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[0], 200.50m);
        var paidBatch = await PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[0]);
        Assert.Null(await PayoutSeeds.WorkAsync(Factory, w => w.MarkPaidAsync(paidBatch, GrantSeeds.Castellanza, w.Today, funded.StaffId, ct)));
        await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[1], 2);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[1], 100m);
        await PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[1]);

        var actionB = await IndicatorSteps.ActionIdAsync(Factory, "B");
        var expected = await SqlCountsAsync(actionB);
        // Two families left, 2 x 350 granted; the paid batch reimbursed part of the 200.50 spent (the call's rate), the unpaid one nothing yet.
        Assert.Equal((2, 2, 700m), (expected.Families, expected.Services, expected.Granted));
        Assert.InRange(expected.Paid, 0.01m, 200.50m);

        var computed = await Factory.WithDbAsync(async db => new
        {
            Families = await db.ComputeAsync(IndicatorComputations.FamiliesWithVoucher, actionB, Today, ct),
            Services = await db.ComputeAsync(IndicatorComputations.ServicesFunded, actionB, Today, ct),
            Granted = await db.ComputeAsync(IndicatorComputations.EurosGranted, actionB, Today, ct),
            Paid = await db.ComputeAsync(IndicatorComputations.EurosPaid, actionB, Today, ct),
            Yesterday = await db.ComputeAsync(IndicatorComputations.FamiliesWithVoucher, actionB, Today.AddDays(-1), ct),
        });
        Assert.Equal(expected.Families, computed.Families);
        Assert.Equal(expected.Services, computed.Services);
        Assert.Equal((int)Math.Floor(expected.Granted), computed.Granted);
        Assert.Equal((int)Math.Floor(expected.Paid), computed.Paid);

        // Cumulative as of a day: nothing was issued yet yesterday.
        Assert.Equal(0, computed.Yesterday);

        // The board (the one reader) and the staff page show the same number for the plan's B indicator.
        var families = await IndicatorSteps.IndicatorAsync(Factory, "B", "Famiglie beneficiarie dei voucher");
        using var scope = Factory.Services.CreateScope();
        var board = scope.ServiceProvider.GetRequiredService<IndicatorBoard>();
        var row = (await board.ForProjectAsync(CastellanzaPlan.CurrentProjectId, null, Today, ct)).Single(r => r.IndicatorId == families.Id);
        Assert.Equal(expected.Families, row.Value);
        Assert.False(row.Met); // the plan's target is >= 7

        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync($"/Staff/Project/Indicators/Index/{CastellanzaPlan.CurrentProjectId}");
        var cell = page.QuerySelector($"table[data-action=B] tr[data-indicator='{families.Id}'] td[data-period=today]")!;
        Assert.StartsWith(expected.Families.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Non raggiunto", cell.TextContent, StringComparison.Ordinal);
        Assert.Equal("calcolato", page.QuerySelector($"[data-testid=detail] tr[data-indicator='{families.Id}'] [data-testid=source]")!.TextContent.Trim());
    }

    [Fact]
    public async Task ThePlansServicesIndicator_IsComputedFromTheVouchers_AndTheBoardHasEveryPeriodOfTheProject()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = await IndicatorSteps.IndicatorAsync(Factory, "A", "Servizi garantiti");
        Assert.Equal(IndicatorSource.Computed, services.Source);
        Assert.Equal(IndicatorComputations.ServicesFunded, services.ComputationKey);

        using var scope = Factory.Services.CreateScope();
        var board = scope.ServiceProvider.GetRequiredService<IndicatorBoard>();
        var tables = await board.TableAsync(CastellanzaPlan.CurrentProjectId, Today, ct);
        Assert.Equal(["A", "B", "C1", "C2", "D", "E1", "E2"], tables.Select(t => t.ActionCode));
        var a = tables.Single(t => t.ActionCode == "A").Indicators.Single(i => i.IndicatorId == services.Id);
        Assert.Equal(["2017-S1", "2017-S2", "2018-S1", "2018-S2"], a.Cells.Select(c => c.Period!.Value.Key));
        Assert.All(a.Cells, c => Assert.Equal(0, c.Value));
    }
}
