using AngleSharp.Html.Dom;
using Conciliazione.Domain.Seeding;

namespace Conciliazione.Web.Tests.Alliance;

/// <summary>
/// Every project of the alliance has its public page, reached from the alliance's page with the
/// current one first; a project's status follows its dates in Rome, on the portal's clock.
/// </summary>
public sealed class ProjectPagesTests(ClockedPortalFactory factory) : IClassFixture<ClockedPortalFactory>, IAsyncLifetime
{
    private static readonly DateTimeOffset SeededAt = new(2027, 3, 28, 9, 0, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        factory.Clock.AdjustTime(SeededAt);
        await factory.ResetAsync();
        await factory.WithDbAsync(db => DemoCalls.SeedAsync(db, SeededAt, TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task<IHtmlDocument> OpenFromAllianceAsync(PortalClient client, string title)
    {
        var alliance = await client.GetDocumentAsync("/Alliance");
        var link = alliance.QuerySelectorAll("[data-testid=projects] a").Single(a => a.TextContent.Trim() == title);
        return await client.GetDocumentAsync(link.GetAttribute("href")!);
    }

    [Fact]
    public async Task AlliancePage_ListsEveryProject_TheCurrentOneFirst()
    {
        using var client = factory.CreatePortalClient();

        var alliance = await client.GetDocumentAsync("/Alliance");

        Assert.Equal(
            [DemoCalls.ProjectTitle, CastellanzaPlan.CurrentProjectTitle, CastellanzaPlan.PreviousProjectTitle],
            alliance.QuerySelectorAll("[data-testid=projects] a").Select(a => a.TextContent.Trim()));
        Assert.Contains("In corso", alliance.QuerySelectorAll("[data-testid=project]")[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlan2017_2018_HasItsPublicPage_WithPeriodActionsTargetsAndBudget_AndReadsConcluded()
    {
        using var client = factory.CreatePortalClient();

        var plan = await OpenFromAllianceAsync(client, CastellanzaPlan.CurrentProjectTitle);

        Assert.Equal(CastellanzaPlan.CurrentProjectTitle, plan.Text("h1"));
        Assert.StartsWith("dal 01/", plan.Text("[data-testid=period]"), StringComparison.Ordinal);
        Assert.Contains("2018", plan.Text("[data-testid=period]"), StringComparison.Ordinal);
        Assert.Equal("Concluso", plan.Text("[data-testid=status]"));
        Assert.Equal("60.741,00 €", plan.Text("[data-testid=total]"));
        var actions = plan.QuerySelectorAll("[data-testid=actions] li").Select(li => li.TextContent).ToList();
        Assert.Equal(["A", "B", "C1", "C2", "D", "E1", "E2"], plan.QuerySelectorAll("[data-testid=actions] strong").Select(s => s.TextContent.Replace("Azione", "", StringComparison.Ordinal).Trim()));
        Assert.Contains(actions, a => a.Contains("Obiettivo", StringComparison.Ordinal));

        // The plan's actions open from its page, not the demo's.
        var c1 = await client.GetDocumentAsync(plan.QuerySelectorAll("[data-testid=actions] a").Single(a => a.TextContent.Contains("Azione C1", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.StartsWith("Azione C1", c1.Text("h1"), StringComparison.Ordinal);
        Assert.Equal(CastellanzaPlan.CurrentProjectTitle, c1.Text("main p.lead a"));

        // The other projects, the current one first, are linked from it.
        Assert.Equal(
            [DemoCalls.ProjectTitle, CastellanzaPlan.PreviousProjectTitle],
            plan.QuerySelectorAll("[data-testid=other-project] a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task CurrentProject_ReadsInCorso_UntilItsEndDateInRome_ThenConcluded()
    {
        using var client = factory.CreatePortalClient();
        var demo = await OpenFromAllianceAsync(client, DemoCalls.ProjectTitle);
        Assert.Equal("In corso", demo.Text("[data-testid=status]"));

        // The demo ends a year after the seed date (Rome): 28/03/2028. At 23:00 in Rome (21:00 UTC,
        // summer time) it is still its last day; at 23:30 UTC it is already the 29th in Rome.
        factory.Clock.AdjustTime(new DateTimeOffset(2028, 3, 28, 21, 0, 0, TimeSpan.Zero));
        var lastDay = await client.GetDocumentAsync("/Alliance/Project/" + DemoCalls.ProjectId);
        Assert.Equal("In corso", lastDay.Text("[data-testid=status]"));

        factory.Clock.AdjustTime(new DateTimeOffset(2028, 3, 28, 23, 30, 0, TimeSpan.Zero));
        var after = await client.GetDocumentAsync("/Alliance/Project/" + DemoCalls.ProjectId);
        Assert.Equal("Concluso", after.Text("[data-testid=status]"));
    }

    [Fact]
    public async Task UnknownProject_Is404()
    {
        using var client = factory.CreatePortalClient();

        using var response = await client.GetAsync("/Alliance/Project/" + Guid.NewGuid());
        using var action = await client.GetAsync("/Alliance/Actions/A?project=" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, action.StatusCode);
    }
}
