using AngleSharp.Dom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Plumbing;

public sealed class PlumbingTests(PortalFactory factory) : PortalTest(factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AnswerHealthy_WithoutSigningIn(string url)
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EveryPage_CarriesTheSecurityHeaders()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync("/");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task SignedInPages_AreNotCached()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);

        using var response = await client.GetAsync("/Staff");

        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store missing");
    }

    [Fact]
    public async Task UnknownAddress_IsAnItalian404_ForAnonymousVisitors()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync("/non-esiste");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Pagina non trovata", (await PortalClient.ParseAsync(response)).Text("h1"));
    }

    [Fact]
    public async Task HomePage_IsItalian_WithFooterLinksToPrivacyAndAccessibility()
    {
        using var client = Factory.CreatePortalClient();

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("it", home.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Alleanza locale di Castellanza", home.Text("[data-testid=alliance-name]"));
        var footerLinks = home.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Privacy", footerLinks);
        Assert.Contains("/Accessibility", footerLinks);
        Assert.Equal("#main", home.QuerySelector("a.skiplink")!.GetAttribute("href"));
        var privacy = await client.GetDocumentAsync("/Privacy");
        Assert.Contains("articolo 13 del Regolamento (UE) 2016/679", privacy.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingEnglish_IsRemembered_AndTranslatesTheShell()
    {
        using var client = Factory.CreatePortalClient();
        var home = await client.GetDocumentAsync("/");

        using var switched = await client.GetAsync(home.QuerySelector("[data-testid=language-switch]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location?.OriginalString);

        var english = await client.GetDocumentAsync("/");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Skip to main content", english.Text("a.skiplink"));
    }

    [Fact]
    public async Task TestHosts_WatchNoFiles_SoParallelHostsStayUnderTheInotifyLimit()
    {
        // CI allows 128 inotify instances per user; watchers of many parallel hosts once exhausted them.
        var configuration = (IConfigurationRoot)Factory.Services.GetRequiredService<IConfiguration>();
        var jsonSources = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();
        Assert.NotEmpty(jsonSources);
        Assert.All(jsonSources, source => Assert.False(source.ReloadOnChange, source.Path));

        // A page (its layout's asp-append-version watches the files it hashes) leaves this process without any
        // inotify instance: no host of this test process opened one, whichever test class it serves.
        using var client = Factory.CreatePortalClient();
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(0, new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(IsInotify));

        // Other tests open and close descriptors meanwhile: one that is gone is not an inotify instance.
        static bool IsInotify(FileSystemInfo fd)
        {
            try
            {
                return fd.LinkTarget == "anon_inode:inotify";
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
