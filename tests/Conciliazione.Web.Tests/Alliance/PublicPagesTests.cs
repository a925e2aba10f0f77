using AngleSharp.Html.Dom;
using Conciliazione.Domain.Seeding;

namespace Conciliazione.Web.Tests.Alliance;

/// <summary>A citizen or journalist, not signed in, finds the alliance, its comuni, partners, actions and budget from the home page.</summary>
public sealed class PublicPagesTests(PortalFactory factory) : PortalTest(factory)
{
    private static async Task<IHtmlDocument> FollowAsync(PortalClient client, IHtmlDocument page, string selector)
    {
        var href = page.QuerySelector(selector)?.GetAttribute("href") ?? throw new InvalidOperationException("No link " + selector);
        return await client.GetDocumentAsync(href);
    }

    [Fact]
    public async Task FromTheHomePage_AVisitorReachesAllSixteenMunicipalities()
    {
        using var client = Factory.CreatePortalClient();
        var home = await client.GetDocumentAsync("/");

        var alliance = await FollowAsync(client, home, "[data-testid=alliance-link]");
        var municipalities = await FollowAsync(client, alliance, "[data-testid=alliance-links] a[href='/Alliance/Municipalities']");

        var names = municipalities.QuerySelectorAll("[data-testid=municipalities] li").Select(li => li.TextContent.Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(CastellanzaPlan.Municipalities.Select(m => m.Name).Order(StringComparer.Ordinal), names);
        Assert.Equal(["Ambito di Castellanza", "Ambito di Somma Lombardo"], municipalities.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()));
    }

    [Fact]
    public async Task FromTheHomePage_AVisitorReachesThePartners_WithTypesAndCofinancing()
    {
        using var client = Factory.CreatePortalClient();
        var home = await client.GetDocumentAsync("/");
        var alliance = await FollowAsync(client, home, "[data-testid=alliance-link]");

        var partners = await FollowAsync(client, alliance, "[data-testid=alliance-links] a[href='/Alliance/Partners']");

        var rows = partners.QuerySelectorAll("[data-testid=partner]").Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(CastellanzaPlan.Partners.Length, rows.Count);
        Assert.Equal("Azienda Speciale Consortile Medio Olona Servizi alla Persona (capofila)|Ente pubblico economico|0,00 €|5.659,00 €", rows[0]);
        Assert.Contains("Comune di Marnate|Ente pubblico|1.550,00 €|2.028,00 €", rows);
        Assert.Contains("Società Cooperativa Sociale Dire Fare Giocare Onlus|Cooperativa|0,00 €|0,00 €", rows);
        Assert.DoesNotContain("@example.org", partners.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromTheHomePage_AVisitorReachesTheProject_ItsActions_AndTheBudgetSummary()
    {
        using var client = Factory.CreatePortalClient();
        var home = await client.GetDocumentAsync("/");
        var alliance = await FollowAsync(client, home, "[data-testid=alliance-link]");

        var project = await FollowAsync(client, alliance, "[data-testid=alliance-links] a[href='/Alliance/Project']");

        Assert.Equal(CastellanzaPlan.CurrentProjectTitle, project.Text("h1"));
        Assert.Equal(
            ["/Alliance/Actions/A", "/Alliance/Actions/B", "/Alliance/Actions/C1", "/Alliance/Actions/C2", "/Alliance/Actions/D", "/Alliance/Actions/E1", "/Alliance/Actions/E2"],
            project.QuerySelectorAll("[data-testid=actions] a").Select(a => a.GetAttribute("href")));
        Assert.Equal("60.741,00 €", project.Text("[data-testid=total]"));
        var funding = project.Text("[data-testid=funding]");
        Assert.Contains("32.000,00 €", funding, StringComparison.Ordinal);
        Assert.Contains("8.050,00 €", funding, StringComparison.Ordinal);
        Assert.Contains("20.691,00 €", funding, StringComparison.Ordinal);
        var categories = project.QuerySelectorAll("[data-testid=categories] td").Select(td => td.TextContent.Trim());
        Assert.Equal(["34.784,00 €", "0,00 €", "2.056,00 €", "15.401,00 €", "8.500,00 €"], categories);
        var past = Assert.Single(project.QuerySelectorAll("[data-testid=other-project]"));
        Assert.Contains(CastellanzaPlan.PreviousProjectTitle, past.TextContent, StringComparison.Ordinal);
        var previous = await FollowAsync(client, project, "[data-testid=other-project] a");
        Assert.Equal(CastellanzaPlan.PreviousProjectTitle, previous.Text("h1"));
        Assert.Contains("chiuso il 15/01/2017", previous.Text("[data-testid=status]"), StringComparison.Ordinal);

        var actionB = await FollowAsync(client, project, "[data-testid=actions] a[href='/Alliance/Actions/B']");
        Assert.Equal("Azione B: Voucher per i servizi all'infanzia", actionB.Text("h1"));
        Assert.Contains(actionB.QuerySelectorAll("[data-testid=indicator]"), r => r.TextContent.Contains("Famiglie beneficiarie dei voucher", StringComparison.Ordinal) && r.TextContent.Contains("almeno 7 famiglie", StringComparison.Ordinal));
        Assert.Contains("micronido", actionB.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAction_Is404()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync("/Alliance/Actions/Z9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task NavigationBar_LinksToTheAlliancePage()
    {
        using var client = Factory.CreatePortalClient();

        var home = await client.GetDocumentAsync("/Privacy");

        Assert.Contains(home.QuerySelectorAll("#main-nav a"), a => a.GetAttribute("href") == "/Alliance" && a.TextContent.Trim() == "L'alleanza");
    }
}
