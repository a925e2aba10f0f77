using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>Issue 13: staff draw the control sample, record a failed control and revoke the grant in Chromium; axe-core finds nothing on the pages.</summary>
public sealed class ControlsJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Staff_DrawTheSample_RecordAFailedControl_AndRevokeTheGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(portal, 1_000m, reference: "AV-CTL-" + Guid.NewGuid().ToString("N")[..6]);
        await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 5_000m), new SeedApplication(Isee: 9_000m), new SeedApplication(Isee: 12_000m)],
            first: Random.Shared.Next(100_000, 900_000));
        await GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);
        Assert.Null((await GrantSeeds.WorkAsync(portal, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct))).Error);

        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Grants/Controls/{callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=draw-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.Locator("label[for=Input_Rule_Count]").ClickAsync();
        await page.GetByLabel("Percentuale o numero").FillAsync("1");
        await page.GetByLabel("Seme (facoltativo)").FillAsync("controlli-browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estrai il campione" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=seed]")).ToHaveTextAsync("controlli-browser", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.Locator("[data-testid=controls] tbody a").First.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=outcome-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.Locator("label[for=Input_Outcome_Failed]").ClickAsync();
        await page.GetByLabel("Note (obbligatorie se il controllo non è superato)").FillAsync("ISEE dichiarato diverso da quello dell'attestazione INPS.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registra l'esito" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=revoke-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.GetByLabel("Motivi della revoca")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("attestazione INPS"));
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoca il contributo" }).ClickAsync();

        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Contributo revocato", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=application-status]")).ToHaveTextAsync("Revocata");
        await page.AssertNoAxeViolationsAsync();
    }
}
