using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Project;

/// <summary>
/// Money must always add up between the budget plan and the calls: category D never goes below what
/// the calls hold, a reallocation moves only money its source category has, and the overview counts both.
/// The seeded plan has A 34.784, B 0, C 2.056, D 15.401, E 8.500.
/// </summary>
public sealed class VoucherCommitmentTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly string BudgetUrl = $"/Staff/Project/Budget/{CastellanzaPlan.CurrentProjectId}";
    private static readonly string OverviewUrl = $"/Staff/Project/Overview/{CastellanzaPlan.CurrentProjectId}";
    private static readonly string ReallocateUrl = $"/Staff/Calls/Reallocate/{CastellanzaPlan.CurrentProjectId}";
    private const string DField = "Input.Lines[3].Amount";

    private AppDbContext NewContext() => new(new DbContextOptionsBuilder<AppDbContext>()
        .UseNpgsql(Factory.ConnectionString).UseSnakeCaseNamingConvention().Options);

    private Task<decimal> CategoryAsync(CostCategory category) => Factory.WithDbAsync(db => db.BudgetLines
        .Where(l => l.ProjectId == CastellanzaPlan.CurrentProjectId && l.Category == category).Select(l => l.Amount).SingleAsync(TestContext.Current.CancellationToken));

    private Task<decimal> CallsHoldAsync() => Factory.WithDbAsync(db => db.Calls.SumAsync(c => c.Budget, TestContext.Current.CancellationToken));

    private async Task<decimal> ReallocatedAsync() =>
        await Factory.WithDbAsync(db => db.VoucherReallocations.SumAsync(r => (decimal?)r.Amount, TestContext.Current.CancellationToken)) ?? 0m;

    [Fact]
    public async Task BudgetPlan_LoweringDBelowWhatCallsHold_IsRefusedOnTheField_WithTheFigures()
    {
        await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, budget: 12_500.50m, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { [DField] = "10.000,00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("I bandi impegnano già 12.500,50 €: la categoria D non può scendere sotto questa cifra.", page.Text("#Input_Lines_3__Amount-error"));
        var input = page.QuerySelector("#Input_Lines_3__Amount")!;
        Assert.Contains("is-invalid", input.ClassName, StringComparison.Ordinal);
        Assert.Contains("Input_Lines_3__Amount-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("10.000,00", input.GetAttribute("value"));
        Assert.Equal(15_401m, await CategoryAsync(CostCategory.Vouchers));
        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.BudgetUpdated, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task BudgetPlan_LoweringDToExactlyWhatCallsHold_IsSaved()
    {
        await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, budget: 12_500.50m, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { [DField] = "12.500,50" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(12_500.50m, await CategoryAsync(CostCategory.Vouchers));
    }

    [Fact]
    public async Task BudgetPlan_WaitsForTheCallsLock_ThenSeesTheCallCommittedMeanwhile_AndRefuses()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);

        // A call being saved holds the project row, as every call budget change does (ADR 0010).
        await using var calls = NewContext();
        await using var tx = await calls.Database.BeginTransactionAsync(ct);
        var seen = await calls.LockAsync(CastellanzaPlan.CurrentProjectId, null, ct);
        var lowering = client.SubmitAsync(form, new Dictionary<string, string> { [DField] = "10.000,00" });
        await WaitUntilBlockedOnLockOrDoneAsync(lowering);
        Assert.False(lowering.IsCompleted, "The budget plan was saved without waiting for the calls' lock.");

        var project = await calls.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        calls.Calls.Add(Call.CreateDraft(CastellanzaPlan.AllianceId, project, project.Actions.Single(a => a.Code == "B").Id,
            new CallDetails("AV-LOCK", "Bando concorrente", null, null, null, null, null, 12_000m, true), seen, DateTimeOffset.UtcNow, null));
        await calls.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        using var response = await lowering;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("I bandi impegnano già 12.000,00 €: la categoria D non può scendere sotto questa cifra.", (await PortalClient.ParseAsync(response)).Text("#Input_Lines_3__Amount-error"));
        Assert.Equal(15_401m, await CategoryAsync(CostCategory.Vouchers));
    }

    [Fact]
    public async Task BudgetPlanLowering_RacingACallCreation_NeverOverCommits()
    {
        var actionB = (await CallSeeds.ActionIdAsync(Factory, "B")).ToString();
        var (alice, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bruno, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = alice;
        using var _b = bruno;
        var plan = await alice.GetDocumentAsync(BudgetUrl);
        var create = await bruno.GetDocumentAsync("/Staff/Calls/Create");

        var responses = await Task.WhenAll(
            alice.SubmitAsync(plan, new Dictionary<string, string> { [DField] = "5.000,00" }),
            bruno.SubmitAsync(create, new Dictionary<string, string>
            {
                ["Input.ActionId"] = actionB,
                ["Input.ReferenceNumber"] = "AV-RACE",
                ["Input.Title"] = "Bando in gara",
                ["Input.Budget"] = "10.000,00",
            }));

        // Whichever came second was told no: D lowered and no call, or the call and D unchanged.
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.True(await CategoryAsync(CostCategory.Vouchers) + await ReallocatedAsync() >= await CallsHoldAsync());
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Reallocation_FromACategoryWithNothingLeft_IsRefusedOnTheAmount_AndNothingIsRecorded()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(ReallocateUrl);
        Assert.Equal("0,00 €", form.Text("[data-testid=left-B]"));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Amount"] = "3.000,00",
            ["Input.FromCategory"] = nameof(CostCategory.GoodsAndSoftware),
            ["Input.Reason"] = "Rimodulazione",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.StartsWith("La voce B ha ancora 0,00 € disponibili", page.Text("#Input_Amount-error"), StringComparison.Ordinal);
        Assert.Equal(0m, await ReallocatedAsync());
    }

    [Fact]
    public async Task Reallocation_MovesMoneyFromTheSourceToD_OverviewShowsBothAndBalances_AndTheSourceCannotThenBeLoweredBelowIt()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(ReallocateUrl);

        using var saved = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Amount"] = "2.056,00",
            ["Input.FromCategory"] = nameof(CostCategory.Services),
            ["Input.Reason"] = "Servizi non acquistati, rimodulazione approvata dall'ATS",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var overview = await client.GetDocumentAsync(OverviewUrl);
        Assert.Equal("0,00 €", overview.Text("[data-testid=current-C]"));
        Assert.Equal("17.457,00 €", overview.Text("[data-testid=current-D]"));
        Assert.Contains("Il piano dei costi quadra al centesimo.", overview.Text("[data-testid=reconciliation]"), StringComparison.Ordinal);

        // Nothing is left in C: a second move is refused, and so is lowering C under what left it.
        using var again = await client.SubmitAsync(await client.GetDocumentAsync(ReallocateUrl), new Dictionary<string, string>
        {
            ["Input.Amount"] = "0,01",
            ["Input.FromCategory"] = nameof(CostCategory.Services),
            ["Input.Reason"] = "Ancora",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var lowered = await client.SubmitAsync(await client.GetDocumentAsync(BudgetUrl), new Dictionary<string, string> { ["Input.Lines[2].Amount"] = "2.000,00" });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        Assert.Equal("Dalla voce C sono già stati riallocati 2.056,00 €: la categoria C non può scendere sotto 2.056,00 €.",
            (await PortalClient.ParseAsync(lowered)).Text("#Input_Lines_2__Amount-error"));
        Assert.Equal(2_056m, await ReallocatedAsync());
    }

    [Fact]
    public async Task Overview_CallsHoldingMoreThanDWithReallocations_SaysThePlanDoesNotBalance()
    {
        // Data written before the checks existed (or by hand): the overview must not claim it balances.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE budget_lines SET amount = 10000 WHERE project_id = {CastellanzaPlan.CurrentProjectId} AND category = 'Vouchers'", TestContext.Current.CancellationToken));
        await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, budget: 10_000m, publish: false);
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE calls SET budget = 12500.50", TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var overview = await client.GetDocumentAsync(OverviewUrl);

        Assert.Contains("I bandi impegnano 12.500,50 €, più della voce D con le riallocazioni (10.000,00 €): differenza 2.500,50 €.",
            overview.QuerySelectorAll("[data-testid=reconciliation] li").Select(li => li.TextContent));
    }

    [Fact]
    public async Task CallForm_ShowsWhatIsLeftBeforeTyping_AndAnOverBudgetMessageOnTheBudgetField()
    {
        await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, budget: 12_500.50m, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Calls/Create");
        Assert.Equal("2.900,50 €", form.Text("[data-testid=budget-left] [data-testid=left]"));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.ActionId"] = (await CallSeeds.ActionIdAsync(Factory, "A")).ToString(),
            ["Input.ReferenceNumber"] = "AV-OVER",
            ["Input.Title"] = "Oltre il budget",
            ["Input.Budget"] = "3.000,00",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Il budget del bando (3.000,00 €) supera quanto resta per i voucher del progetto (2.900,50 €). Ridurre il budget o registrare una riallocazione motivata.", page.Text("#Input_Budget-error"));
        var input = page.QuerySelector("#Input_Budget")!;
        Assert.Contains("is-invalid", input.ClassName, StringComparison.Ordinal);
        Assert.Contains("Input_Budget-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal(12_500.50m, await CallsHoldAsync());
    }

    private async Task WaitUntilBlockedOnLockOrDoneAsync(Task request)
    {
        await using var db = NewContext();
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60) && !request.IsCompleted)
        {
            var waiting = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").SingleAsync(TestContext.Current.CancellationToken);
            if (waiting > 0)
            {
                return;
            }

            await Task.Yield();
        }
    }
}
