using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>Issue 14: staff look a voucher code up, validate one receipt and reject another in Chromium; axe-core finds nothing on the pages.</summary>
public sealed class StaffReceiptsJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Staff_LookAVoucherUp_ValidateOneReceipt_AndRejectAnotherWithAReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var funded = await VoucherSeeds.FundedAsync(portal, families: 1, reference: "AV-RC-" + tag, firstProtocol: Random.Shared.Next(100_000, 900_000));
        var first = await StaffReceiptSeeds.SubmittedAsync(portal, funded.VoucherIds[0], "A-" + tag, 120m);
        var second = await StaffReceiptSeeds.SubmittedAsync(portal, funded.VoucherIds[0], "B-" + tag, 80m);
        var code = await portal.WithDbAsync(db => db.Vouchers.Where(v => v.Id == funded.VoucherIds[0]).Select(v => v.Code).SingleAsync(ct));
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Staff/Vouchers");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=lookup-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Codice del voucher").FillAsync(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca il voucher" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Voucher " + code, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=voucher-receipt]")).ToHaveCountAsync(2);
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "n. A-" + tag }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=validate-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.GetByLabel("Importo ammissibile (euro)")).ToHaveValueAsync("120,00");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Importo ammissibile (euro)").FillAsync("100,00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Convalida il giustificativo" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Giustificativo convalidato", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=eligible]")).ToHaveTextAsync("100,00 €");
        await page.AssertNoAxeViolationsAsync();

        await page.GotoAsync($"/Staff/Receipts?call={funded.CallId}");
        await Assertions.Expect(page.Locator($"[data-testid=receipt][data-id='{second}']")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator($"[data-testid=receipt][data-id='{first}']")).ToHaveCountAsync(0);
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "n. B-" + tag }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=reject-form]")).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await page.GetByRole(AriaRole.Button, new() { Name = "Respingi il giustificativo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("Indicare il motivo", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Motivo del rifiuto").FillAsync("La ricevuta non indica il periodo del servizio.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Respingi il giustificativo" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Giustificativo respinto", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=reason]")).ToHaveTextAsync("La ricevuta non indica il periodo del servizio.");
        await page.AssertNoAxeViolationsAsync();
    }
}
