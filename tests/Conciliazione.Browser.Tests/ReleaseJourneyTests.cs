using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 13, the release pages in Chromium with axe-core: a funded family reads its grant and
/// renounces; staff revoke another funded application (reasons first refused when empty) and find
/// the recovery list.
/// </summary>
public sealed class ReleaseJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    private async Task<IPage> NewPageAsync()
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        return page;
    }

    [Fact]
    public async Task Family_ReadsItsGrantAndRenounces_Staff_RevokeWithReasons_AxeFindsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var family = await NewPageAsync();
        await family.GotoAsync("/");
        await family.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await family.ArriveAtAsync(portal.BaseUrl + "/Family");
        var mariaId = await portal.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == "RSSMRA85C52F205Q").Select(u => u.Id).SingleAsync(ct));

        // Budget 1,000, 350 each: Maria (ISEE 5,000) and another family (8,000) funded, a third (12,000) waits.
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(portal, 1_000m, reference: "AV-REL-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        var mariaApp = (await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 5_000m)], first: first, familyId: mariaId))[0];
        var others = await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 8_000m), new SeedApplication(Isee: 12_000m)], first: first + 1);
        await GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);
        Assert.Null((await GrantSeeds.WorkAsync(portal, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct))).Error);

        await family.GotoAsync($"/Family/Applications/Details/{mariaApp}");
        await Assertions.Expect(family.Locator("[data-testid=grant-funded]")).ToContainTextAsync("350,00 €", new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("[data-testid=grant-position]")).ToContainTextAsync("al posto 1.");
        await family.ScreenshotAsync("release-family-funded");
        await family.AssertNoAxeViolationsAsync();

        await family.Locator("[data-testid=renounce-link]").ClickAsync();
        await family.ArriveAtAsync($"**/Family/Applications/Renounce/{mariaApp}");
        await Assertions.Expect(family.Locator("[data-testid=renounce-warning]")).ToContainTextAsync("La rinuncia è definitiva.");
        await family.AssertNoAxeViolationsAsync();
        await family.GetByLabel("Motivo (facoltativo)").FillAsync("Non ci serve più");
        await family.GetByRole(AriaRole.Button, new() { Name = "Confermo la rinuncia" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=status]")).ToHaveTextAsync("Rinunciata", new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("[data-testid=grant-renounced]")).ToContainTextAsync("Non ci serve più");
        await family.ScreenshotAsync("release-family-renounced");
        await family.AssertNoAxeViolationsAsync();

        // The freed 350 funded the one that waited; staff revoke the other funded application.
        var page = await NewPageAsync();
        await page.GotoAsync($"/Staff/Applications/Details/{others[0]}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=revoke-link]").ClickAsync(new() { Timeout = Patience });
        await page.ArriveAtAsync($"**/Staff/Applications/Revoke/{others[0]}");
        await Assertions.Expect(page.Locator("[data-testid=recovery-preview]")).ToContainTextAsync("non si registra alcun recupero");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoca il contributo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors, .invalid-feedback").First).ToContainTextAsync("Indicare i motivi della revoca", new() { Timeout = Patience });
        await page.ScreenshotAsync("release-staff-revoke-refused");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByLabel("Motivi della revoca").FillAsync("Controllo art. 71: residenza dichiarata non confermata dal comune.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoca il contributo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Revocata", new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();

        await page.GotoAsync("/Staff/Grants/Recoveries");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Recuperi dopo le revoche", new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();
    }
}
