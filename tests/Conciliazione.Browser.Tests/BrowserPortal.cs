using System.Net;
using Conciliazione.Web.Seeding;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// The portal on a real loopback port (Kestrel) with the demo data, and one system Chromium
/// driven by Playwright. Shared by the journeys of a test class.
/// </summary>
/// <remarks>
/// The browser test classes run in parallel, each with its own server, database and Chromium, on
/// two cores that other builds may share. The first request to each kind of page (JIT of Razor
/// views, EF query compilation, Identity's PBKDF2, Chromium's first start) took more than
/// Playwright's default 30 s once, so every page gets <see cref="Patience"/> and the fixture warms
/// the portal and the browser up before the first test.
/// </remarks>
public class BrowserPortal : PortalFactory
{
    /// <summary>How long a step may wait for what the user should see: generous, for two busy cores.</summary>
    public const float Patience = 120_000;

    private IPlaywright? playwright;

    public BrowserPortal() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await SeedDemoAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CONCILIAZIONE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                // The browser's own texts (the file input's "Scegli file") in Italian, as a family in Lombardy sees them.
                "--lang=it-IT",
            ],
        });
        await WarmUpAsync();
    }

    /// <summary>
    /// Opens the public pages and the login form once, in the browser, so the first test does not
    /// pay for compiling them (server) and for starting the renderer (Chromium).
    /// </summary>
    private async Task WarmUpAsync()
    {
        var page = await NewPageAsync();
        foreach (var url in new[] { "/", "/Account/Login", "/Calls", "/Alliance" })
        {
            await page.GotoAsync(url);
            await page.Locator("h1").First.WaitForAsync();
        }

        await page.Context.CloseAsync();
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Kestrel on plain-http loopback: no redirection to https.
        builder.UseSetting("Portal:PublicOrigin", "http://127.0.0.1");
    }

    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync();
    }

    /// <summary>A page in a fresh context (no cookies), with <see cref="Patience"/> for every wait.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "it-IT",
            TimezoneId = "Europe/Rome",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(Patience);
        context.SetDefaultNavigationTimeout(Patience);
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
