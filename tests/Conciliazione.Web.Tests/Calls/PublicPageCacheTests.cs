using System.Data.Common;
using System.Net;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Calls;

/// <summary>
/// The public pages served from the output cache (ADR 0126): a staff change shows at once, a
/// signed-in person never gets the anonymous copy, Italian and English are kept apart, no public
/// page carries a form token while forms still refuse a POST without one; and the call page reads
/// what it shows in one query on one connection.
/// </summary>
public sealed class PublicPageCacheTests(CountingPortalFactory factory) : IClassFixture<CountingPortalFactory>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    [Fact]
    public async Task AStaffChange_ShowsAtOnce_OnTheCachedCallPage_AndTheProvidersList()
    {
        var id = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        using var client = factory.CreatePortalClient();
        using (await client.GetAsync($"/Calls/Details/{id}"))
        {
        }

        using (var cached = await client.GetAsync($"/Calls/Details/{id}"))
        {
            Assert.True(FromCache(cached), "the second anonymous visit is served from the output cache");
        }

        await factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == id, Ct);
            var rules = CallSeeds.CompleteRules() with { Amount = new AmountRule { RatePercent = 50m, CapPerChild = 420m } };
            call.Amend("Importo massimo corretto", rules, null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });

        var page = await client.GetDocumentAsync($"/Calls/Details/{id}");
        Assert.Contains("420,00", page.Text("[data-testid=amount]"), StringComparison.Ordinal);
        Assert.Contains("Importo massimo corretto", page.Text("[data-testid=amendments]"), StringComparison.Ordinal);

        var before = await client.GetDocumentAsync("/Providers");
        Assert.DoesNotContain("Ludoteca Arcobaleno", before.Body!.TextContent, StringComparison.Ordinal);
        await CallSeeds.ProviderAsync(factory, "Ludoteca Arcobaleno", taxCode: "12345678903");
        var after = await client.GetDocumentAsync("/Providers");
        Assert.Contains("Ludoteca Arcobaleno", after.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInPerson_NeverGetsTheCachedAnonymousPage_NorAnyoneElsesPage()
    {
        using var anonymous = factory.CreatePortalClient();
        using (await anonymous.GetAsync("/Calls"))
        {
        }

        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        using var signedIn = factory.CreatePortalClient();
        await signedIn.LoginAsync(staff);
        for (var i = 0; i < 2; i++)
        {
            using var response = await signedIn.GetAsync("/Calls");
            Assert.False(FromCache(response), "a signed-in request is never answered from the cache");
            var page = await PortalClient.ParseAsync(response);
            Assert.Contains("Utente di prova Staff", page.Text("header .header-account-label"), StringComparison.Ordinal);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        }

        using var again = await anonymous.GetAsync("/Calls");
        Assert.True(FromCache(again));
        var anonymousPage = await PortalClient.ParseAsync(again);
        Assert.DoesNotContain("Utente di prova", anonymousPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Accedi all'area personale", anonymousPage.Text("header .header-account-label"));
    }

    [Fact]
    public async Task ItalianAndEnglish_AreCachedApart()
    {
        using var italian = factory.CreatePortalClient();
        using var english = factory.CreatePortalClient();
        using (var chosen = await english.GetAsync("/Language?culture=en&returnUrl=%2FCalls"))
        {
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
            Assert.Equal("/Calls", chosen.Headers.Location?.OriginalString);
        }

        for (var i = 0; i < 2; i++)
        {
            var it = await italian.GetDocumentAsync("/Calls");
            var en = await english.GetDocumentAsync("/Calls");
            Assert.Equal("it", it.DocumentElement.GetAttribute("lang"));
            Assert.Equal("Vai al contenuto principale", it.Text("a.skiplink"));
            Assert.Equal("en", en.DocumentElement.GetAttribute("lang"));
            Assert.Equal("Skip to main content", en.Text("a.skiplink"));
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Calls")]
    [InlineData("/Alliance")]
    [InlineData("/Providers")]
    public async Task APublicPage_CarriesNoFormToken_SetsNoCookie_AndIsCached(string path)
    {
        using var client = factory.CreatePortalClient();
        using var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Set-Cookie"), "an anonymous public page sets no cookie: " + first.Headers);
        var html = await first.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        using var second = await client.GetAsync(path);
        Assert.True(FromCache(second), $"{path} is served from the output cache; first: {first.Headers} {first.Content.Headers}; second: {second.Headers}");
    }

    [Fact]
    public async Task APageWithAForm_StillGetsItsToken_AndAPostWithoutTokenIsRefused()
    {
        using var client = factory.CreatePortalClient();
        var login = await client.GetDocumentAsync("/Account/Login");
        Assert.NotNull(login.QuerySelector("form[method=post] input[name=__RequestVerificationToken]"));
        using var again = await client.GetAsync("/Account/Login");
        Assert.False(FromCache(again));

        using var forged = await client.Http.PostAsync(new Uri("/Account/Login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.org", ["Input.Password"] = "una frase lunga per i test" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task TheCallPage_IsOneQuery_OnOneConnection()
    {
        var provider = await CallSeeds.ProviderAsync(factory);
        var id = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow, providerId: provider);
        var content = factory.Services.GetRequiredService<PublicContent>();
        var store = factory.Services.GetRequiredService<IOutputCacheStore>();
        using var client = factory.CreatePortalClient();
        using (await client.GetAsync($"/Calls/Details/{id}"))
        {
        }

        // The page again, rendered (not from the output cache), with the rules already in memory.
        await store.EvictByTagAsync(PublicContent.Tag, Ct);
        factory.Counter.Start();
        var page = await client.GetDocumentAsync($"/Calls/Details/{id}");
        var (commands, connections) = factory.Counter.Stop();

        Assert.Contains("Nido Girotondo Srl", page.Text("[data-testid=call-providers]"), StringComparison.Ordinal);
        Assert.Equal(1, commands);
        Assert.Equal(1, connections);
        Assert.NotNull(content);
    }
}

/// <summary>The portal counting the SQL commands and connection opens of EF Core while asked to.</summary>
public sealed class CountingPortalFactory : PortalFactory
{
    public CommandCounter Counter { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Counter)));
    }
}

public sealed class CommandCounter : DbCommandInterceptor, IDbConnectionInterceptor
{
    private int commands;
    private int connections;
    private volatile bool counting;

    public void Start()
    {
        commands = 0;
        connections = 0;
        counting = true;
    }

    public (int Commands, int Connections) Stop()
    {
        counting = false;
        return (commands, connections);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(ref commands);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(ref commands);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Count(ref connections);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Count(ref connections);
        return result;
    }

    private void Count(ref int counter)
    {
        if (counting)
        {
            Interlocked.Increment(ref counter);
        }
    }
}
