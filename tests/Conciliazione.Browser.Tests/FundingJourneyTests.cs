using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 13, staff side of the money: an operator opens a call's funding page, reads what the run will
/// do, presses "Concedi i contributi", then moves free money between two calls on the funds ledger
/// (first asking too much: the form says so and keeps what was typed). axe-core finds nothing on the way.
/// </summary>
public sealed class FundingJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Operator_GrantsTheCall_ThenMovesFreeMoneyToAnotherCall()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(portal, 1_000m, reference: "AV-FJ-A-" + suffix);
        var otherId = await GrantSeeds.ClosedCallAsync(portal, 500m, reference: "AV-FJ-B-" + suffix);
        await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(1_000m), new SeedApplication(2_000m), new SeedApplication(3_000m)], first: Random.Shared.Next(10_000, 900_000));
        await GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);

        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Grants/Funding/{callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=plan]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=plan-funded]")).ToContainTextAsync("700,00", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-funding-plan");

        await page.GetByRole(AriaRole.Button, new() { Name = "Concedi i contributi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("2 domande finanziate", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=free]")).ToHaveTextAsync("300,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=reserve] tbody tr")).ToHaveCountAsync(1, new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-funding-done");

        await page.GetByRole(AriaRole.Link, new() { Name = "Registro dei fondi: progetto, bandi e spostamenti tra bandi" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-call='{callId}'] [data-testid=committed]")).ToHaveTextAsync("700,00 €", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();

        await page.Locator("#Input_FromCallId").SelectOptionAsync(callId.ToString());
        await page.Locator("#Input_ToCallId").SelectOptionAsync(otherId.ToString());
        await page.GetByLabel("Importo (euro)").FillAsync("400");
        await page.GetByLabel("Motivo").FillAsync("Il bando B ha più domande");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sposta i fondi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("ha liberi solo 300,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.GetByLabel("Importo (euro)")).ToHaveValueAsync("400");
        await Assertions.Expect(page.GetByLabel("Motivo")).ToHaveValueAsync("Il bando B ha più domande");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByLabel("Importo (euro)").FillAsync("300");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sposta i fondi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("300,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator($"tr[data-call='{otherId}'] [data-testid=budget]")).ToHaveTextAsync("800,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=moves]")).ToContainTextAsync("Il bando B ha più domande", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-funds-ledger");
    }
}
