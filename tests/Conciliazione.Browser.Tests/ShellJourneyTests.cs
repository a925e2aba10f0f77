using System.Globalization;
using Conciliazione.Web.Seeding;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>The public shell and the staff login journey in a real Chromium.</summary>
public sealed class ShellJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Theory]
    [InlineData("/", "home")]
    [InlineData("/Account/Login", "login")]
    [InlineData("/Privacy", "privacy")]
    [InlineData("/Accessibility", "accessibility")]
    public async Task PublicPage_HasNoAxeViolations_AndEveryAssetLoads(string url, string name)
    {
        var page = await portal.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                failed.Add(r.Status.ToString(CultureInfo.InvariantCulture) + " " + r.Url);
            }
        };
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                failed.Add("console: " + m.Text);
            }
        };

        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.EvaluateAsync("document.fonts.ready");

        Assert.Equal(200, response!.Status);
        Assert.Equal("it", await page.GetAttributeAsync("html", "lang"));
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.True(await page.EvaluateAsync<bool>("document.fonts.check('16px \"Titillium Web\"')"), "Titillium Web did not load");
        await page.ScreenshotAsync("shell-" + name);
        await page.AssertNoAxeViolationsAsync();
    }

    [Fact]
    public async Task SkipLink_IsFirstOnKeyboard_AndMovesToMainContent()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("document.activeElement.textContent.trim()");
        Assert.Equal("Vai al contenuto principale", focused);
        await page.Keyboard.PressAsync("Enter");
        // The jump is a navigation within the page: wait for the URL the user sees, not read it at once.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#main$"));
    }

    [Fact]
    public async Task DemoStaff_LogsIn_EnrolsTotp_AndReachesStaffArea()
    {
        var page = await portal.NewPageAsync();
        var (email, _, _, _) = DemoSeeder.Accounts[1];

        await page.GotoAsync("/Staff");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Indirizzo e-mail").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync("Conciliazione-demo-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();

        // Wait for what the user sees next (the enrolment page's heading), not for the load event of
        // the whole page and its assets.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Attiva la verifica in due passaggi", new() { Timeout = BrowserPortal.Patience });
        Assert.Contains("/Account/Manage/EnableAuthenticator", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("staff-enrol-totp");
        await page.AssertNoAxeViolationsAsync();
        var key = (await page.Locator("[data-testid=shared-key]").TextContentAsync())!;
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Attiva" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10, new() { Timeout = BrowserPortal.Patience });
        Assert.Contains("/Account/Manage/ShowRecoveryCodes", page.Url, StringComparison.Ordinal);
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ho salvato i codici, continua" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Area operatori", new() { Timeout = BrowserPortal.Patience });
        Assert.EndsWith("/Staff", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("staff-home");
        await page.AssertNoAxeViolationsAsync();
    }
}
