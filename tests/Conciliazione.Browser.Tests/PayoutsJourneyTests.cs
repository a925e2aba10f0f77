using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 14, the money going out: an operator opens the payouts of a call, checks the total selected
/// against what is committed, produces the batch, then records the bank's payment with the value date.
/// axe-core finds nothing on the way.
/// </summary>
public sealed class PayoutsJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Operator_ProducesABatch_AndRecordsItPaid()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var funded = await VoucherSeeds.FundedAsync(portal, families: 2, reference: "AV-PJ-" + suffix, firstProtocol: Random.Shared.Next(10_000, 900_000));
        await PayoutSeeds.DebtorAccountAsync(portal);
        for (var i = 0; i < 2; i++)
        {
            await PayoutSeeds.DeclareIbanAsync(portal, funded.VoucherIds[i], i + 1);
            await PayoutSeeds.ValidatedReceiptAsync(portal, funded.VoucherIds[i], 300m);
        }

        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Payouts?CallId={funded.CallId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=due-row]")).ToHaveCountAsync(2, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=payable]")).ToContainTextAsync("300,00 €", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Calcola il totale selezionato" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=selected-committed]")).ToContainTextAsync("700,00 €", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-payouts-selection");

        await page.GetByRole(AriaRole.Button, new() { Name = "Produci la distinta" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Distinta prodotta", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=line]")).ToHaveCountAsync(2, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=total]")).ToContainTextAsync("300,00 €", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-payout-batch");

        var today = await PayoutSeeds.WorkAsync(portal, w => Task.FromResult(w.Today));
        await page.GetByLabel("Data valuta").FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registra il pagamento" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Pagamento registrato", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToContainTextAsync(today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
    }
}
