using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// The funds ledger (/Staff/Grants/Ledger): project category D (with reallocations) >= the calls'
/// budgets >= each call's grants, with what is free at each level; and the form that moves free
/// money between two calls of the project, which keeps what the user typed on an error and funds
/// the destination's reserve list when it succeeds.
/// </summary>
public sealed class LedgerPageTests(PortalFactory factory) : PortalTest(factory)
{
    private const string Ledger = "/Staff/Grants/Ledger";

    /// <summary>Call A (budget 1,000): 350 + 350 funded, 350 waiting. Call B (budget 500): nothing ranked.</summary>
    private async Task<(Guid A, Guid B, IReadOnlyList<Guid> AppsA)> TwoCallsAsync()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        var a = await GrantSeeds.ClosedCallAsync(Factory, 1_000m, reference: "AV-LG-A");
        var b = await GrantSeeds.ClosedCallAsync(Factory, 500m, reference: "AV-LG-B");
        var apps = await GrantSeeds.ApplicationsAsync(Factory, a, [new SeedApplication(1_000m), new SeedApplication(2_000m), new SeedApplication(3_000m)]);
        await GrantSeeds.FreezeAndPublishAsync(Factory, a, staff.Id);
        var (_, error) = await GrantSeeds.WorkAsync(Factory, w => w.RunFundingAsync(a, GrantSeeds.Castellanza, staff.Id, TestContext.Current.CancellationToken));
        Assert.Null(error);
        return (a, b, apps);
    }

    private static IElement ProjectSection(IDocument page) =>
        page.QuerySelector($"[data-testid=ledger-project][data-project='{CastellanzaPlan.CurrentProjectId}']")!;

    private static string CallCell(IDocument page, Guid callId, string cell) =>
        page.QuerySelector($"tr[data-call='{callId}'] [data-testid={cell}]")!.TextContent.Trim();

    [Fact]
    public async Task TheLedger_ShowsEachLevel_AndWhatIsFreeAtEach()
    {
        var (a, b, _) = await TwoCallsAsync();
        var voucher = await Factory.WithDbAsync(db => db.ReadAsync(CastellanzaPlan.CurrentProjectId, null, TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Ledger);

        var project = ProjectSection(page);
        Assert.Equal(Money(voucher.CategoryD), project.QuerySelector("[data-testid=category-d]")!.TextContent.Trim());
        Assert.Equal(Money(voucher.Available), project.QuerySelector("[data-testid=available]")!.TextContent.Trim());
        Assert.Equal("1.500,00 €", project.QuerySelector("[data-testid=call-budgets]")!.TextContent.Trim());
        Assert.Equal(Money(voucher.Available - 1_500m), project.QuerySelector("[data-testid=project-free]")!.TextContent.Trim());
        Assert.Equal("700,00 €", project.QuerySelector("[data-testid=project-committed]")!.TextContent.Trim());
        Assert.Equal("800,00 €", project.QuerySelector("[data-testid=calls-free]")!.TextContent.Trim());
        Assert.Null(project.QuerySelector("[data-testid=ledger-broken]"));
        Assert.Equal(("1.000,00 €", "700,00 €", "300,00 €"), (CallCell(page, a, "budget"), CallCell(page, a, "committed"), CallCell(page, a, "free")));
        Assert.Equal(("500,00 €", "0,00 €", "500,00 €"), (CallCell(page, b, "budget"), CallCell(page, b, "committed"), CallCell(page, b, "free")));
    }

    [Fact]
    public async Task AMoveWithErrors_KeepsWhatWasTyped_AndMovesNothing()
    {
        var (a, b, _) = await TwoCallsAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(Ledger);

        using var response = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Input.FromCallId"] = a.ToString(),
            ["Input.ToCallId"] = "",
            ["Input.Amount"] = "dieci euro",
            ["Input.Reason"] = "Il bando B ha più domande",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        page = await PortalClient.ParseAsync(response);
        Assert.Contains("Scegliere il bando che riceve i fondi.", page.Errors());
        Assert.Contains(page.Errors(), e => e.StartsWith("L'importo non è un numero valido", StringComparison.Ordinal));
        Assert.Equal("dieci euro", page.InputValue("#Input_Amount"));
        Assert.Equal("Il bando B ha più domande", page.InputValue("#Input_Reason"));
        Assert.Equal(a.ToString(), ((IHtmlSelectElement)page.QuerySelector("#Input_FromCallId")!).Value);
        await AssertBudgetsAsync(a, 1_000m, b, 500m);
    }

    [Fact]
    public async Task MovingMoreThanIsFree_IsRefusedOnTheAmount_KeepingTheForm_AndMovesNothing()
    {
        var (a, b, _) = await TwoCallsAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(Ledger);

        using var response = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Input.FromCallId"] = a.ToString(),
            ["Input.ToCallId"] = b.ToString(),
            ["Input.Amount"] = "300,01",
            ["Input.Reason"] = "Troppo",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        page = await PortalClient.ParseAsync(response);
        Assert.Contains("Il bando di partenza ha liberi solo 300,00 €: il resto è già concesso alle famiglie.", page.Errors());
        Assert.NotNull(page.QuerySelector("#Input_Amount.is-invalid"));
        Assert.Equal("300,01", page.InputValue("#Input_Amount"));
        Assert.Equal(b.ToString(), ((IHtmlSelectElement)page.QuerySelector("#Input_ToCallId")!).Value);
        await AssertBudgetsAsync(a, 1_000m, b, 500m);
    }

    [Fact]
    public async Task AMove_ChangesBothBudgets_KeepsTheProjectTotal_AndFundsTheReserveListOfTheDestination()
    {
        var (a, b, appsA) = await TwoCallsAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(Ledger);

        // B's 500 are free: 50 into A make 350 free there, and A's first on the reserve list (ISEE 3,000) is funded at once.
        using var response = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Input.FromCallId"] = b.ToString(),
            ["Input.ToCallId"] = a.ToString(),
            ["Input.Amount"] = "50",
            ["Input.Reason"] = "Lista d'attesa lunga sul bando A",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        page = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("50,00 €", page.Text("[data-testid=message]"), StringComparison.Ordinal);
        await AssertBudgetsAsync(a, 1_050m, b, 450m);
        Assert.Equal(("1.050,00 €", "1.050,00 €", "0,00 €"), (CallCell(page, a, "budget"), CallCell(page, a, "committed"), CallCell(page, a, "free")));
        Assert.Contains("Lista d'attesa lunga sul bando A", page.Text("[data-testid=moves]"), StringComparison.Ordinal);
        var ct = TestContext.Current.CancellationToken;
        var waiting = appsA[2];
        Assert.Equal(ApplicationStatus.Funded, await Factory.WithDbAsync(db => db.Applications.Where(x => x.Id == waiting).Select(x => x.Status).SingleAsync(ct)));
        Assert.Equal(GrantSource.ReserveList, await Factory.WithDbAsync(db => db.Grants.Where(g => g.ApplicationId == waiting).Select(g => g.Source).SingleAsync(ct)));
    }

    private static string Money(decimal amount) => Domain.Money.Format(amount);

    private Task AssertBudgetsAsync(Guid a, decimal budgetA, Guid b, decimal budgetB) => Factory.WithDbAsync(async db =>
    {
        var budgets = await db.Calls.Where(c => c.Id == a || c.Id == b).ToDictionaryAsync(c => c.Id, c => c.Budget, TestContext.Current.CancellationToken);
        Assert.Equal((budgetA, budgetB), (budgets[a], budgets[b]));
    });
}
