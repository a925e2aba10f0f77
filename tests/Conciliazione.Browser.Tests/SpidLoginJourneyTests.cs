using Conciliazione.TestIdp;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// The browser portal with SPID and CIE pointed at the test identity provider, itself on a real
/// loopback port. The portal's port is known only once it runs, so its origin is then added to
/// the provider's allowed redirect targets.
/// </summary>
public class SpidBrowserPortal : BrowserPortal
{
    public TestIdpServer Idp { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Idp.StartAsync();
        await base.InitializeAsync();
        Idp.Services.GetRequiredService<TestIdpOptions>().PortalOrigins.Add(BaseUrl);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        SpidSettings.Apply(builder, Idp.Address);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A family enters with SPID in a real Chromium: home, provider's picker, family area, logout, again.</summary>
public sealed class SpidLoginJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    /// <summary>Two servers and a browser on two shared cores: the first hops of a journey can be slow.</summary>
    private const float Patience = BrowserPortal.Patience;

    private async Task<IPage> NewPageAsync()
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        return page;
    }

    [Fact]
    public async Task Family_EntersWithSpid_IsGreetedByName_AndComesBackToTheSameAccount()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await page.ScreenshotAsync("spid-home-buttons");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await page.ArriveAtAsync(portal.Idp.Address + "connect/authorize**");
        Assert.Equal("Scegli un'identità di prova", (await page.Locator("h1").TextContentAsync())!.Trim());
        await page.ScreenshotAsync("spid-identity-picker");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();

        await page.ArriveAtAsync(portal.BaseUrl + "/Family");
        Assert.Equal("Benvenuta/o, Maria", (await page.Locator("h1").TextContentAsync())!.Trim());
        await page.ScreenshotAsync("spid-family-home");
        await page.AssertNoAxeViolationsAsync();

        // Logout ends the portal session, then the provider's, and lands on the home page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Esci" }).ClickAsync();
        await page.ArriveAtAsync(portal.BaseUrl + "/");
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await page.ArriveAtAsync(portal.BaseUrl + "/Family");
        Assert.Equal("Benvenuta/o, Maria", (await page.Locator("h1").TextContentAsync())!.Trim());
        var accounts = await portal.WithDbAsync(db => db.Users.CountAsync(u => u.FiscalCode == "RSSMRA85C52F205Q", TestContext.Current.CancellationToken));
        Assert.Equal(1, accounts);
    }

    [Fact]
    public async Task LoginPage_SpidButton_IsReachableByKeyboard()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.AssertNoAxeViolationsAsync();

        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<string>("document.activeElement.textContent.trim()") == "Entra con SPID";
        }

        Assert.True(reached, "\"Entra con SPID\" is not reachable with Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAtAsync(portal.Idp.Address + "connect/authorize**");
    }

    [Fact]
    public async Task IdentityWithoutFiscalCode_EndsOnAnAccessibleItalianErrorPage()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Entra con CIE" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Anna Neri" }).ClickAsync();

        await page.ArriveAtAsync(portal.BaseUrl + "/Account/ExternalLoginError**");
        Assert.Equal("Accesso non riuscito", (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.Contains("non ha comunicato il tuo codice fiscale", await page.Locator("[data-testid=sign-in-error]").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("spid-error-missing-fiscal-code");
        await page.AssertNoAxeViolationsAsync();
    }
}
