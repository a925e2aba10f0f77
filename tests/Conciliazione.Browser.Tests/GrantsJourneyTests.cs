using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 13 "Done when", end to end in Chromium with axe-core on every page: staff rank a call,
/// publish the ranking and grant; the first family sees "Finanziata" and its position; the
/// second, on the reserve list, is funded when the first renounces.
/// </summary>
public sealed class GrantsJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    private async Task<(IPage Page, Guid UserId)> FamilyAsync(string name, string fiscalCode)
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        await page.ArriveAtAsync(portal.BaseUrl + "/Family");
        var id = await portal.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == fiscalCode).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken));
        return (page, id);
    }

    [Fact]
    public async Task Staff_RankPublishAndGrant_TheFamilySeesItsPosition_AndTheReserveMovesUpWhenItRenounces()
    {
        var (maria, mariaId) = await FamilyAsync("Maria Rossi", "RSSMRA85C52F205Q");
        var (laura, lauraId) = await FamilyAsync("Laura Verdi", "VRDLRA90L63E514O");

        // 350 per child and a budget of 350: one voucher. Maria (ISEE 5,000) ranks first, Laura (9,000) second.
        var callId = await GrantSeeds.ClosedCallAsync(portal, 350m, reference: "AV-GJ-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        var mariaApp = (await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 5_000m)], first: first, familyId: mariaId))[0];
        var lauraApp = (await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 9_000m)], first: first + 1, familyId: lauraId))[0];

        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Grants/Ranking/{callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        // Rank: the preview, then freeze and publish.
        await Assertions.Expect(page.Locator("[data-testid=ranking] tbody tr")).ToHaveCountAsync(2, new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Congela la graduatoria" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Graduatoria congelata", new() { Timeout = Patience });
        await page.GetByRole(AriaRole.Button, new() { Name = "Pubblica la graduatoria" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ranking-state]")).ToContainTextAsync("Pubblicata il", new() { Timeout = Patience });
        await page.ScreenshotAsync("grants-01-ranking-published");
        await page.AssertNoAxeViolationsAsync();

        // Grant: the funding page says what the run will do, then does it.
        await page.Locator("[data-testid=funding-link]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=plan-funded]")).ToContainTextAsync("1", new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Concedi i contributi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=committed]")).ToHaveTextAsync("350,00 €", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=grants] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=reserve] tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("grants-02-funding-done");
        await page.AssertNoAxeViolationsAsync();

        // Maria sees her voucher and her place; Laura sees hers on the reserve list.
        await maria.GotoAsync($"/Family/Applications/Details/{mariaApp}");
        await Assertions.Expect(maria.Locator("[data-testid=status]")).ToHaveTextAsync("Finanziata", new() { Timeout = Patience });
        await Assertions.Expect(maria.Locator("[data-testid=grant-funded]")).ToContainTextAsync("350,00 €");
        await Assertions.Expect(maria.Locator("[data-testid=grant-position]")).ToContainTextAsync("al posto 1.");
        await maria.ScreenshotAsync("grants-03-family-funded");
        await maria.AssertNoAxeViolationsAsync();

        await laura.GotoAsync($"/Family/Applications/Details/{lauraApp}");
        await Assertions.Expect(laura.Locator("[data-testid=status]")).ToHaveTextAsync("In lista d'attesa", new() { Timeout = Patience });
        await Assertions.Expect(laura.Locator("[data-testid=grant-waiting]")).ToBeVisibleAsync();
        await laura.AssertNoAxeViolationsAsync();

        // Maria renounces: the freed 350 funds Laura at once.
        await maria.Locator("[data-testid=renounce-link]").ClickAsync();
        await maria.GetByRole(AriaRole.Button, new() { Name = "Confermo la rinuncia" }).ClickAsync();
        await Assertions.Expect(maria.Locator("[data-testid=status]")).ToHaveTextAsync("Rinunciata", new() { Timeout = Patience });
        await maria.AssertNoAxeViolationsAsync();

        await laura.ReloadAsync();
        await Assertions.Expect(laura.Locator("[data-testid=status]")).ToHaveTextAsync("Finanziata", new() { Timeout = Patience });
        await Assertions.Expect(laura.Locator("[data-testid=grant-funded]")).ToContainTextAsync("350,00 €");
        await laura.ScreenshotAsync("grants-04-reserve-moved-up");
        await laura.AssertNoAxeViolationsAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=committed]")).ToHaveTextAsync("350,00 €", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=reserve] tbody tr")).ToHaveCountAsync(0);
    }
}
