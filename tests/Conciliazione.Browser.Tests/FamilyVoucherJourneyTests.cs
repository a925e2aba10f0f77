using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 14, the family's voucher pages in Chromium with axe-core: from the home to the voucher (code
/// and QR code), the payee form refusing an invalid IBAN then saving a good one, and a receipt
/// refused when empty then uploaded with its two files.
/// </summary>
public sealed class FamilyVoucherJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    [Fact]
    public async Task Family_OpensItsVoucher_DeclaresItsIban_AndUploadsAReceipt_AxeFindsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var family = await portal.NewPageAsync();
        family.SetDefaultTimeout(Patience);
        family.SetDefaultNavigationTimeout(Patience);
        await family.GotoAsync("/");
        await family.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await family.ArriveAtAsync(portal.BaseUrl + "/Family");
        var mariaId = await portal.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == "RSSMRA85C52F205Q").Select(u => u.Id).SingleAsync(ct));

        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(portal, 1_000m, reference: "AV-VOF-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        var mariaApp = (await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 5_000m)], first: first, familyId: mariaId))[0];
        await GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);
        Assert.Null((await GrantSeeds.WorkAsync(portal, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct))).Error);
        var provider = await portal.WithDbAsync(db => db.Providers.Where(p => p.AllianceId == GrantSeeds.Castellanza).OrderBy(p => p.LegalName).Select(p => new { p.Id, p.LegalName }).FirstAsync(ct));
        await FamilyVoucherSteps.MakeLiveAsync(portal, callId, provider.Id, provider.LegalName);
        var code = await portal.WithDbAsync(db => db.Vouchers.Where(v => v.ApplicationId == mariaApp).Select(v => v.Code).SingleAsync(ct));

        // From the application to the voucher.
        await family.GotoAsync($"/Family/Applications/Details/{mariaApp}");
        await family.Locator("[data-testid=voucher-link]").ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=voucher-code]")).ToHaveTextAsync(code, new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("[data-testid=voucher-qr]")).ToBeVisibleAsync();
        await family.ScreenshotAsync("voucher-family-page");
        await family.AssertNoAxeViolationsAsync();

        // The list of vouchers from the home.
        await family.GotoAsync("/Family");
        await family.Locator("[data-testid=my-vouchers]").ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=voucher-row]").First).ToContainTextAsync(code, new() { Timeout = Patience });
        await family.AssertNoAxeViolationsAsync();
        await family.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();

        // The payee (the holder is prefilled with the applicant): an IBAN with a wrong check digit is refused, a good one is saved.
        await family.Locator("[data-testid=payee-link]").ClickAsync();
        await family.GetByLabel("IBAN").FillAsync("IT00X0542811101000000123456");
        await family.GetByRole(AriaRole.Button, new() { Name = "Salva il conto" }).ClickAsync();
        await Assertions.Expect(family.Locator("#Input_Iban-error")).ToBeVisibleAsync(new() { Timeout = Patience });
        await family.ScreenshotAsync("voucher-family-payee-refused");
        await family.AssertNoAxeViolationsAsync();
        var iban = Iban.ItalianFrom("05428", "11101", "123456");
        await family.GetByLabel("IBAN").FillAsync(Iban.Format(iban));
        await family.GetByRole(AriaRole.Button, new() { Name = "Salva il conto" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=payee-account]")).ToContainTextAsync(Iban.Mask(iban), new() { Timeout = Patience });

        // A receipt: sent empty first, then filled in with its two files.
        await family.Locator("[data-testid=receipt-upload-link]").ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Carica il giustificativo" }).ClickAsync();
        await Assertions.Expect(family.Locator("#form-errors")).ToContainTextAsync("Indicare il numero della ricevuta", new() { Timeout = Patience });
        await family.ScreenshotAsync("voucher-family-receipt-refused");
        await family.AssertNoAxeViolationsAsync();

        var today = FamilyVoucherSteps.Today;
        await family.GetByLabel("Numero della ricevuta o fattura").FillAsync("FT-" + first);
        await family.GetByLabel("Data della ricevuta").FillAsync(FamilyVoucherSteps.Iso(today.AddDays(-5)));
        await family.GetByLabel("Periodo dal").FillAsync(FamilyVoucherSteps.Iso(today.AddDays(-35)));
        await family.GetByLabel("Periodo al").FillAsync(FamilyVoucherSteps.Iso(today.AddDays(-6)));
        await family.GetByLabel("Importo pagato (euro)").FillAsync("350,00");
        await family.GetByLabel("Data del pagamento").FillAsync(FamilyVoucherSteps.Iso(today.AddDays(-4)));
        await family.GetByLabel("Come hai pagato").SelectOptionAsync("BankTransfer");
        var files = new List<string>();
        foreach (var name in new[] { "ricevuta", "bonifico" })
        {
            var path = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N") + ".pdf");
            await File.WriteAllBytesAsync(path, FamilyVoucherSteps.NewPdf(), ct);
            files.Add(path);
        }

        await family.Locator("#Input_Document").SetInputFilesAsync(files[0]);
        await family.Locator("#Input_Proof").SetInputFilesAsync(files[1]);
        await family.GetByRole(AriaRole.Button, new() { Name = "Carica il giustificativo" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=receipt-status]").First).ToHaveTextAsync("In verifica", new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("[data-testid=voucher-status]")).ToHaveTextAsync("In uso");
        await family.ScreenshotAsync("voucher-family-receipt-uploaded");
        await family.AssertNoAxeViolationsAsync();
    }
}
