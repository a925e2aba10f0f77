using Conciliazione.Domain.Calls;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Calls;

/// <summary>
/// What an anonymous visitor sees of the calls, with the server clock set by the test: the
/// deadline on the Rome clock and the time left, across the March change to summer time.
/// </summary>
public sealed class PublicCallsTests(ClockedPortalFactory factory) : IClassFixture<ClockedPortalFactory>, IAsyncLifetime
{
    // 28 March 2027, the last Sunday of March: at 02:00 Rome moves from UTC+1 to UTC+2.
    private static readonly DateTimeOffset Midnight = new(2027, 3, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes2359Rome = new(2027, 3, 28, 21, 59, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        // AdjustTime, not SetUtcNow: an earlier test may have moved the shared clock past midnight.
        factory.Clock.AdjustTime(Midnight);
        await factory.ResetAsync();
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AnonymousVisitor_FromTheHomePage_ReachesTheOpenCall_ItsDeadline_ServicesAndProviders()
    {
        var provider = await CallSeeds.ProviderAsync(factory, "Nido Girotondo Srl", "Castellanza");
        await CallSeeds.CallAsync(factory, Midnight, opens: Midnight.AddDays(-7), closes: Closes2359Rome, providerId: provider);
        using var client = factory.CreatePortalClient();

        var home = await client.GetDocumentAsync("/");
        var callsHref = home.QuerySelector("[data-testid=calls-link]")!.GetAttribute("href")!;
        Assert.NotNull(home.QuerySelectorAll("nav a").FirstOrDefault(a => a.TextContent.Trim() == "Bandi" && a.GetAttribute("href") == callsHref));
        var list = await client.GetDocumentAsync(callsHref);
        var card = Assert.Single(list.QuerySelectorAll("[data-testid=open-calls] [data-testid=call-card]"));
        Assert.Equal("Domande aperte fino al 28/03/2027 alle ore 23:59: mancano 21 ore e 59 minuti.", card.QuerySelector("[data-testid=call-window]")!.TextContent.Trim());
        Assert.Contains("dal 01/01/2018 al 31/12/2018", card.TextContent, StringComparison.Ordinal);

        var details = await client.GetDocumentAsync(card.QuerySelector("h3 a")!.GetAttribute("href")!);
        Assert.Equal("Voucher infanzia 2018", details.Text("h1"));
        Assert.Contains("mancano 21 ore e 59 minuti", details.Text("[data-testid=deadline]"), StringComparison.Ordinal);
        Assert.Equal(["Micronido", "Centro estivo"], details.QuerySelectorAll("[data-testid=services] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("Il figlio ha un'età compresa tra 3 mesi e 11 anni alla data del 01/09/2018 e vive nel nucleo familiare.", details.QuerySelectorAll("[data-testid=eligibility] li").Select(li => li.TextContent.Trim()));
        Assert.Equal("Il voucher rimborsa il 50% della spesa documentata, fino a un massimo di 350,00 € per figlio.", details.Text("[data-testid=amount]"));
        Assert.Equal(["Attestazione ISEE"], details.QuerySelectorAll("[data-testid=mandatory-documents] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("Nido Girotondo Srl", details.Text("[data-testid=call-providers]"), StringComparison.Ordinal);

        var providersHref = home.QuerySelector("[data-testid=providers-link]")!.GetAttribute("href")!;
        var providers = await client.GetDocumentAsync(providersHref);
        Assert.Contains("Nido Girotondo Srl", providers.Text("[data-testid=providers]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_At2359Rome_OnTheDstSunday_IsOpenAtTheMinuteBefore_AndClosedAtTheMinute()
    {
        var id = await CallSeeds.CallAsync(factory, Midnight, opens: Midnight.AddDays(-7), closes: Closes2359Rome);
        using var client = factory.CreatePortalClient();

        factory.Clock.SetUtcNow(Closes2359Rome.AddSeconds(-1));
        var before = await client.GetDocumentAsync($"/Calls/Details/{id}");
        factory.Clock.SetUtcNow(Closes2359Rome);
        var at = await client.GetDocumentAsync($"/Calls/Details/{id}");
        var list = await client.GetDocumentAsync("/Calls");

        Assert.Equal("Domande aperte fino al 28/03/2027 alle ore 23:59: mancano meno di un minuto.", before.QuerySelector("[data-testid=deadline] p")!.TextContent.Trim());
        Assert.Equal("Le domande sono chiuse (scadenza: 28/03/2027 alle ore 23:59).", at.QuerySelector("[data-testid=deadline] p")!.TextContent.Trim());
        Assert.Empty(list.QuerySelectorAll("[data-testid=open-calls] [data-testid=call-card]"));
        Assert.Contains("Voucher infanzia 2018", list.Text("[data-testid=closed-calls]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpcomingCall_IsListedWithItsWindow_InRomeTime()
    {
        // Opens 1 April 2027 09:00 Rome (07:00 UTC, summer time), closes 31 October 2027 23:59 Rome (22:59 UTC, winter time).
        await CallSeeds.CallAsync(factory, Midnight, opens: new DateTimeOffset(2027, 4, 1, 7, 0, 0, TimeSpan.Zero), closes: new DateTimeOffset(2027, 10, 31, 22, 59, 0, TimeSpan.Zero));
        using var client = factory.CreatePortalClient();

        var list = await client.GetDocumentAsync("/Calls");

        var card = Assert.Single(list.QuerySelectorAll("[data-testid=upcoming-calls] [data-testid=call-card]"));
        Assert.Equal("Le domande si potranno presentare dal 01/04/2027 alle ore 09:00 al 31/10/2027 alle ore 23:59.", card.QuerySelector("[data-testid=call-window]")!.TextContent.Trim());
    }

    [Fact]
    public async Task DraftCall_AndItsDocument_AreNotFound_ForThepublic()
    {
        var id = await CallSeeds.CallAsync(factory, Midnight, publish: false);
        using var client = factory.CreatePortalClient();

        using var details = await client.GetAsync($"/Calls/Details/{id}");
        using var document = await client.GetAsync($"/Calls/Document/{id}");
        var list = await client.GetDocumentAsync("/Calls");

        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.DoesNotContain("Voucher infanzia 2018", list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_OfAPublishedCall_DownloadsAsAPdfAttachment()
    {
        var id = await CallSeeds.CallAsync(factory, Midnight);
        using var client = factory.CreatePortalClient();
        var details = await client.GetDocumentAsync($"/Calls/Details/{id}");

        using var response = await client.GetAsync(details.QuerySelector("[data-testid=document-link]")!.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("bando.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(CallSeeds.Pdf, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AmendedCall_ShowsTheCurrentRules_AndTheAmendmentWithItsReason()
    {
        var id = await CallSeeds.CallAsync(factory, Midnight, freeze: true);
        await factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
            call.Amend("Tetto per figlio corretto", CallSeeds.CompleteRules() with { Amount = new AmountRule { RatePercent = 50m, CapPerChild = 400m } }, null, Midnight);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        using var client = factory.CreatePortalClient();

        var details = await client.GetDocumentAsync($"/Calls/Details/{id}");

        Assert.Equal("Il voucher rimborsa il 50% della spesa documentata, fino a un massimo di 400,00 € per figlio.", details.Text("[data-testid=amount]"));
        Assert.Contains("Tetto per figlio corretto", details.Text("[data-testid=amendments]"), StringComparison.Ordinal);
    }
}
