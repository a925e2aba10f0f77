using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>Issue 12 in a real Chromium: staff ask for documents, the family sees the request first and answers it; every page passes axe.</summary>
public sealed class DocumentRequestJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private static async Task SignInAsync(IPage page, TestAccount account)
    {
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_Email").FillAsync(account.Email);
        await page.Locator("#Input_Password").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        if (account.TotpKey is { } key)
        {
            await page.ArriveAtAsync("**/Account/LoginWith2fa**");
            await page.Locator("#Input_Code").FillAsync(Totp.Code(key));
            await page.Locator("main form button[type=submit]").First.ClickAsync();
        }
    }

    [Fact]
    public async Task Staff_RequestDocuments_TheFamilySeesItFirst_AndAnswersWithTheFiles()
    {
        await portal.ResetAsync();
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var seeded = await DocumentRequestSteps.InReviewAsync(portal, staff.Id);
        var page = await portal.NewPageAsync();
        await SignInAsync(page, staff);
        await page.ArriveAtAsync("**/Staff**");

        await page.GotoAsync($"/Staff/Applications/Details/{seeded.ApplicationId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Richiedi documenti alla famiglia" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Richiedi documenti per la domanda {seeded.Protocol}", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.Locator("label[for='doc-doc-1']").ClickAsync();
        await page.GetByLabel("Altro documento 1").FillAsync("Contratto con il nido");
        await page.GetByLabel("Messaggio per la famiglia").FillAsync("Serve l'attestazione aggiornata e il contratto firmato.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invia la richiesta alla famiglia" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=request-status]")).ToContainTextAsync("Aperta: in attesa della famiglia", new() { Timeout = BrowserPortal.Patience });
        await page.ScreenshotAsync("requests-staff-details");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Proroga la scadenza o annulla la richiesta" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Richiesta di integrazione della domanda {seeded.Protocol}", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.Context.CloseAsync();

        var family = await portal.NewPageAsync();
        await SignInAsync(family, seeded.Family);
        await family.ArriveAtAsync("**/Family");
        var callout = family.Locator("[data-testid=open-request]");
        await Assertions.Expect(callout).ToContainTextAsync("Contratto con il nido", new() { Timeout = BrowserPortal.Patience });
        await family.ScreenshotAsync("requests-family-home");
        await family.AssertNoAxeViolationsAsync();
        await callout.GetByRole(AriaRole.Link).ClickAsync();

        await family.ArriveAtAsync("**/Family/Applications/Integrazione/**");
        await family.AssertNoAxeViolationsAsync();
        var pdf = Path.Combine(Path.GetTempPath(), "integrazione-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(pdf, Web.Tests.Family.Applications.ApplicationSteps.Pdf, TestContext.Current.CancellationToken);
        await family.GetByLabel("Attestazione ISEE").SetInputFilesAsync(pdf);
        await family.GetByRole(AriaRole.Button, new() { Name = "Invia i documenti" }).ClickAsync();

        // One file is missing: the page says which, and the note stays.
        await Assertions.Expect(family.Locator("#item-altro-1-error")).ToContainTextAsync("Contratto con il nido", new() { Timeout = BrowserPortal.Patience });
        await family.AssertNoAxeViolationsAsync();
        await family.GetByLabel("Nota per l'ufficio (facoltativa)").FillAsync("Il contratto è firmato da entrambi.");
        await family.GetByLabel("Attestazione ISEE").SetInputFilesAsync(pdf);
        await family.GetByLabel("Contratto con il nido").SetInputFilesAsync(pdf);
        await family.GetByRole(AriaRole.Button, new() { Name = "Invia i documenti" }).ClickAsync();

        await Assertions.Expect(family.Locator("[data-testid=answer-sent]")).ToContainTextAsync("Documenti inviati.", new() { Timeout = BrowserPortal.Patience });
        await family.ScreenshotAsync("requests-family-sent");
        await family.AssertNoAxeViolationsAsync();
    }
}
