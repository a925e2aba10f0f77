using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Monitoring.Referent;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 15, the municipal referent's dashboard in a real Chromium: the referent signs in with TOTP, reads the
/// figures of the municipality's residents as charts with their tables, axe-core finds nothing, and at 320 px the
/// page does not scroll sideways.
/// </summary>
public sealed class ReferentJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Referent_SignsInWithTotp_AndReadsTheDashboard_OnADesktopAndAPhone()
    {
        await ReferentSeeds.FundedCallAsync(portal,
            [.. Enumerable.Range(0, 6).Select(i => new ResidentSpec("Cardano al Campo", Paid: i < 5 ? 150m : 0m)), new ResidentSpec("Marnate")],
            reference: "AV-REFJ-" + Guid.NewGuid().ToString("N")[..6], firstProtocol: Random.Shared.Next(10_000, 900_000));
        var referent = await TestAccounts.CreateAsync(portal, Roles.MunicipalReferent, municipality: "Cardano al Campo");

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Referent");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(referent.Email);
        await page.Locator("#Input_Password").FillAsync(referent.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(referent.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cruscotto del comune", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=municipality]")).ToHaveTextAsync("Comune di Cardano al Campo");
        await Assertions.Expect(page.Locator("[data-testid=headline-applications]")).ToHaveTextAsync("5");
        await Assertions.Expect(page.Locator("[data-testid=headline-granted]")).ToHaveTextAsync("2.000 €");
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "Domande, contributi e voucher per bando" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Dati del grafico: Domande, contributi e voucher per bando" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main figure svg[role=img]")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Euro concessi e pagati per bando" }).Filter(new() { HasText = "Scarica i dati in CSV" })).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("referent-dashboard");

        await page.SetViewportSizeAsync(320, 720);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cruscotto del comune", Level = 1 })).ToBeVisibleAsync();
        await page.EvaluateAsync("document.fonts.ready");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 320, $"the dashboard is {scrollWidth} px wide at 320 px");
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("referent-dashboard-320");
    }
}
