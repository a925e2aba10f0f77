using System.IO.Compression;
using System.Text.Json;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 18's GDPR pages in Chromium: an administrator sets the alliance's retention period (a wrong value
/// is explained in Italian and kept in the field), staff read it without a form, and a family downloads
/// the archive of its own data from its profile. axe-core finds nothing; at 320 px nothing scrolls sideways.
/// </summary>
public sealed class PrivacyJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    [Fact]
    public async Task Admin_SetsTheRetentionPeriod_AWrongValueIsExplainedAndKept_StaffOnlyReadIt()
    {
        var admin = await TestAccounts.CreateAsync(portal, Roles.Admin);
        var page = await portal.NewPageAsync();
        await SignInAsync(page, "/Staff/Alliance/Retention", admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conservazione dei dati personali", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator(".alert-danger, .invalid-feedback:visible")).ToHaveCountAsync(0);
        await page.AssertNoAxeViolationsAsync();

        var months = page.GetByLabel("Mesi dopo la chiusura della domanda");
        await months.FillAsync("500");
        await months.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".alert-danger").First).ToContainTextAsync("Indicare un numero di mesi tra 1 e 120", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(months).ToHaveValueAsync("500");
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("retention-error");

        await months.FillAsync("24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva il periodo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=retention-current]")).ToHaveTextAsync("Periodo attuale: 24 mesi dalla chiusura della domanda.", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("retention-saved");

        await page.SetViewportSizeAsync(320, 720);
        await page.ReloadAsync();
        await page.EvaluateAsync("document.fonts.ready");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 320, $"the retention page is {scrollWidth} px wide at 320 px");
        await page.ScreenshotAsync("retention-320");

        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var reader = await portal.NewPageAsync();
        await SignInAsync(reader, "/Staff/Alliance/Retention", staff);
        await Assertions.Expect(reader.Locator("[data-testid=retention-current]")).ToHaveTextAsync("Periodo attuale: 24 mesi dalla chiusura della domanda.", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(reader.Locator("[data-testid=admin-only]")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Locator("[data-testid=retention-form]")).ToHaveCountAsync(0);
        await reader.AssertNoAxeViolationsAsync();
    }

    [Fact]
    public async Task Family_DownloadsItsDataFromTheProfile_AsAZipWithItsIdentity_ByKeyboard()
    {
        // Signed in through the test SPID provider, as families are.
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Family");
        await page.Locator("[data-testid=signin-spid]").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Benvenuta/o, Maria", new() { Timeout = BrowserPortal.Patience });
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigazione principale" }).GetByRole(AriaRole.Link, new() { Name = "Il mio profilo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "I tuoi dati" })).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();

        // Keyboard only: focus the button and press Enter.
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Scarica i tuoi dati" });
        await button.FocusAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => button.PressAsync("Enter"), new() { Timeout = BrowserPortal.Patience });

        Assert.Matches("^conciliazione-dati-personali-[0-9]{8}\\.zip$", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var zip = ZipFile.OpenRead(path);
        var json = zip.GetEntry("dati.json");
        Assert.NotNull(json);
        using var reader = new StreamReader(json.Open());
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("Rossi", doc.RootElement.GetProperty("identity").GetProperty("familyName").GetString());
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("applications").ValueKind);
        await Assertions.Expect(page.Locator("[data-testid=export-refused]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("family-profile-data");
    }

    private static async Task SignInAsync(IPage page, string url, TestAccount account)
    {
        await page.GotoAsync(url);
        await page.GetByLabel("Indirizzo e-mail").FillAsync(account.Email);
        await page.Locator("#Input_Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(account.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();
    }
}
