using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>Issue 12: a reviewer reads an application in Chromium, ticks the checklist and adds a note; axe-core finds nothing.</summary>
public sealed class StaffApplicationPageTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Reviewer_ReadsTheApplication_TicksTheChecklist_AndAddsANote()
    {
        var callId = await CallSeeds.CallAsync(portal, DateTimeOffset.UtcNow, reference: "AV-BROWSER-" + Guid.NewGuid().ToString("N")[..6]);
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var seed = await ApplicationSeeds.SubmittedAsync(portal, callId, "2026/" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "BNCLCU16E12F205" + FiscalCode.CheckCharacter("BNCLCU16E12F205"), new DateOnly(2016, 5, 12),
            staffId: staff.Id, after: (a, by) =>
            {
                a.TakeInCharge(by!.Value, DateTimeOffset.UtcNow);
                return true;
            });
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Applications/Details/{seed.Id}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=checks]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-application");

        await page.Locator("label[for=Checklist_Items_0__Done]").ClickAsync();
        await page.Locator("#Checklist_Items_0__Note").FillAsync("Documento controllato allo sportello");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva la lista di controllo" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Lista di controllo salvata.", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("#Checklist_Items_0__Done")).ToBeCheckedAsync();

        await page.GetByLabel("Nuova nota").FillAsync("Famiglia richiamata per il contratto del nido.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aggiungi la nota" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=note]")).ToContainTextAsync("Famiglia richiamata per il contratto del nido.", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
    }
}
