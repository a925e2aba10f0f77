using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 14, budget execution: an operator goes from the staff home to the budget execution, reads a
/// call's figures (committed, validated, still to reimburse) and finds the CSV download; axe-core
/// finds nothing on the page.
/// </summary>
public sealed class ExecutionJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Operator_OpensTheBudgetExecution_FromTheStaffHome()
    {
        var funded = await VoucherSeeds.FundedAsync(portal, families: 2, reference: "AV-EXJ-" + Guid.NewGuid().ToString("N")[..6], firstProtocol: Random.Shared.Next(10_000, 900_000));
        await ReceiptSeeds.AddAsync(portal, funded, [new SeedReceipt(0, 300m), new SeedReceipt(1, 99.99m), new SeedReceipt(1, 50m, Outcome: ReceiptStatus.Rejected)]);
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Staff");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Esecuzione del budget: impegnato, liquidato, pagato, recuperato" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Esecuzione del budget dei voucher", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        var row = page.Locator($"tr[data-call='{funded.CallId}']");
        await Assertions.Expect(row.Locator("[data-testid=committed]")).ToHaveTextAsync("700,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(row.Locator("[data-testid=validated]")).ToHaveTextAsync("399,99 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(row.Locator("[data-testid=to-reimburse]")).ToHaveTextAsync("200,00 €", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Scarica in CSV" })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-budget-execution");
    }
}
