using System.Text;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Monitoring;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Conciliazione.Web.Tests.Monitoring.Spending.SpendingSteps;

namespace Conciliazione.Web.Tests.Monitoring.Spending;

/// <summary><see cref="SpendingReport"/> against sums computed independently in SQL, and the category CSV.</summary>
public sealed class SpendingReportTests(PortalFactory factory) : PortalTest(factory)
{
    public static async Task<SpendingFigures?> ReadAsync(PortalFactory factory, Guid? allianceId = null)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SpendingReport>()
            .ForProjectAsync(allianceId ?? CastellanzaPlan.AllianceId, CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SpentByCategory_EqualsAnIndependentSqlSum_OfActiveEntries_AndDIsWhatTheVouchersPaid()
    {
        var ct = TestContext.Current.CancellationToken;
        var marnate = await PartnerAsync(Factory, "Comune di Marnate");
        var lead = await PartnerAsync(Factory, CastellanzaPlan.LeadPartner);
        await CostAsync(Factory, CostCategory.Staff, lead, 10_000.10m);
        await CostAsync(Factory, CostCategory.Staff, marnate, 2_500m);
        await CostAsync(Factory, CostCategory.Staff, marnate, 7_777m, withdrawn: true);
        await CostAsync(Factory, CostCategory.Services, lead, 2_056.01m);
        await CostAsync(Factory, CostCategory.Overheads, marnate, 0.01m);
        // A voucher paid through a batch the bank paid: category D.
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 1, reference: "AV-SPESA-01");
        await PayoutSeeds.DebtorAccountAsync(Factory);
        await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[0], 300m);
        var batchId = await PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[0]);
        var valueDate = await PayoutSeeds.WorkAsync(Factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(Factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, valueDate, funded.StaffId, ct)));

        var figures = await ReadAsync(Factory);

        Assert.NotNull(figures);
        var sql = (await SumsAsync(Factory, "SELECT category, '', sum(amount) FROM cost_entries WHERE project_id = @project AND withdrawn_at IS NULL GROUP BY category"))
            .Select(r => new CategorySum(r.Key, r.Amount)).ToList();
        var paid = (await SumsAsync(Factory, "SELECT 'D', '', coalesce(sum(v.paid), 0) FROM vouchers v JOIN calls c ON c.id = v.call_id WHERE c.project_id = @project")).Single().Amount;
        Assert.True(paid > 0m);
        foreach (var c in figures.Categories)
        {
            var expected = c.Category == CostCategory.Vouchers ? paid : sql.Where(s => s.Category == c.Category.ToString()).Sum(s => s.Amount);
            Assert.Equal(expected, c.Spent);
            Assert.Equal(c.Current - c.Spent, c.Left);
        }

        Assert.Equal(12_500.10m, figures.Categories.Single(c => c.Category == CostCategory.Staff).Spent);
        Assert.Equal(paid, figures.Vouchers.Paid);
        Assert.Equal(0m, figures.Vouchers.Recovered);
        Assert.True(figures.Vouchers.Granted >= paid);

        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(SpendingUrl);
        Assert.Equal("12.500,10 €", page.Text("[data-testid=spent-A]"));
        Assert.Equal(Domain.Money.Format(paid), page.Text("[data-testid=spent-D]"));
        Assert.Equal(Domain.Money.Format(paid), page.Text("[data-testid=voucher-spent]"));
        Assert.Equal(Domain.Money.Format(figures.Spent), page.Text("[data-testid=spent-total]"));
        Assert.NotNull(page.QuerySelector("figure svg[role=img]"));

        using var csv = await client.GetAsync(SpendingUrl + "?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Voce di costo;Prevista;Dopo le riallocazioni;Spesa;Residuo", lines[0]);
        Assert.Equal("A. Costi di personale interno ed esterno;34.784,00;34.784,00;12.500,10;22.283,90", lines[1]);
        Assert.Equal("C. Costo di acquisto di servizi;2.056,00;2.056,00;2.056,01;-0,01", lines[3]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("Totale;60.741,00;60.741,00;", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForProject_OfAnotherAlliance_IsNull()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        Assert.Null(await ReadAsync(Factory, other.Id));
    }

    private sealed record CategorySum(string Category, decimal Amount);
}
