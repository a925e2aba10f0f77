using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 15, lead-partner dashboard: an operator on a phone (320 CSS px) goes from the staff home to the
/// dashboard, reads a funded call's committed money in the funds chart's table and finds the CSV
/// download; the page does not scroll sideways and axe-core finds nothing.
/// </summary>
public sealed class LeadDashboardJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Theory]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task Operator_OpensTheDashboard_FromTheStaffHome_WithoutScrollingSideways(int width)
    {
        var reference = "AV-LDJ-" + Guid.NewGuid().ToString("N")[..6];
        await VoucherSeeds.FundedAsync(portal, families: 2, reference: reference, firstProtocol: Random.Shared.Next(10_000, 900_000));
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);

        var page = await portal.NewPageAsync(width, 800);
        await page.GotoAsync("/Staff");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Cruscotto del capofila: domande, fondi, indicatori, scadenze e incontri" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cruscotto del capofila", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        var row = page.Locator("figure[aria-labelledby='fondi-caption'] tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = reference }) });
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("700,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("figure[aria-labelledby='fondi-caption'] a[download]")).ToContainTextAsync("Scarica i dati in CSV", new() { Timeout = BrowserPortal.Patience });
        await page.EvaluateAsync("document.fonts.ready");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the dashboard is {scrollWidth} px wide at {width} px");
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync($"staff-lead-dashboard-{width}");
    }
}
