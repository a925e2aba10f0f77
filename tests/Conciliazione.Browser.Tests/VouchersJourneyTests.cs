using System.Globalization;
using System.Xml.Linq;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 14 "Done when", end to end in Chromium with axe-core on every page: a funded family
/// downloads its voucher PDF and uploads two receipts; staff validate one and reject the other; the
/// family corrects it; staff validate the correction and make a batch whose pain.001 file parses as
/// XML with the batch's totals; the bank's payment is recorded and the family sees "Pagato".
/// </summary>
public sealed class VouchersJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;
    private static readonly XNamespace Pain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    [Fact]
    public async Task FundedFamily_GetsItsVoucher_SpendsIt_AndIsPaid_ThroughABatchWhosePain001MatchesIt()
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

        // A call funded through the real ranking and funding run; Maria's application is the one funded.
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(portal, 1_000m, reference: "AV-VJ-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        var app = (await GrantSeeds.ApplicationsAsync(portal, callId, [new SeedApplication(Isee: 5_000m)], first: first, familyId: mariaId))[0];
        await portal.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE applications SET applicant = jsonb_set(jsonb_set(applicant, '{{GivenName}}', '\"Maria\"'), '{{FamilyName}}', '\"Rossi\"') WHERE id = {app}", ct));
        await GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);
        Assert.Null((await GrantSeeds.WorkAsync(portal, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct))).Error);
        var provider = await portal.WithDbAsync(db => db.Providers.Where(p => p.AllianceId == GrantSeeds.Castellanza).OrderBy(p => p.LegalName).Select(p => new { p.Id, p.LegalName }).FirstAsync(ct));
        await FamilyVoucherSteps.MakeLiveAsync(portal, callId, provider.Id, provider.LegalName);
        await PayoutSeeds.DebtorAccountAsync(portal);
        var voucher = await portal.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.ApplicationId == app, ct));

        // 1. The family opens its voucher from the application and downloads the PDF.
        await family.GotoAsync($"/Family/Applications/Details/{app}");
        await family.Locator("[data-testid=voucher-link]").ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=voucher-code]")).ToHaveTextAsync(voucher.Code, new() { Timeout = Patience });
        await family.AssertNoAxeViolationsAsync();
        var pdfDownload = await family.RunAndWaitForDownloadAsync(() => family.Locator("[data-testid=voucher-pdf]").ClickAsync());
        var pdfBytes = await File.ReadAllBytesAsync(await pdfDownload.PathAsync(), ct);
        using (var pdf = PdfDocument.Open(pdfBytes))
        {
            var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains(voucher.Code, text, StringComparison.Ordinal);
            Assert.Contains("Maria", text, StringComparison.Ordinal);
        }

        // 2. Its bank account (the holder is the applicant, prefilled).
        await family.Locator("[data-testid=payee-link]").ClickAsync();
        var iban = Iban.ItalianFrom("05428", "11101", "777000" + first.ToString(CultureInfo.InvariantCulture));
        await family.GetByLabel("IBAN").FillAsync(Iban.Format(iban));
        await family.AssertNoAxeViolationsAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Salva il conto" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=payee-account]")).ToContainTextAsync(Iban.Mask(iban), new() { Timeout = Patience });

        // 3. Two receipts, one month each.
        var today = FamilyVoucherSteps.Today;
        await UploadReceiptAsync(family, "FT-A-" + first, today.AddDays(-60), today.AddDays(-31), "200,00", ct);
        await UploadReceiptAsync(family, "FT-B-" + first, today.AddDays(-30), today.AddDays(-1), "150,00", ct);
        await Assertions.Expect(family.Locator("[data-testid=receipt-status]")).ToHaveTextAsync(["In verifica", "In verifica"], new() { Timeout = Patience });
        await family.ScreenshotAsync("vouchers-01-family-two-receipts");
        await family.AssertNoAxeViolationsAsync();

        // 4. Staff validate the first and reject the second with a reason.
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        await page.GotoAsync($"/Staff/Receipts?Call={callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "n. FT-A-" + first })).ToBeVisibleAsync(new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "n. FT-A-" + first }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Importo ammissibile (euro)")).ToHaveValueAsync("200,00", new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Convalida il giustificativo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Giustificativo convalidato", new() { Timeout = Patience });

        await page.GotoAsync($"/Staff/Receipts?Call={callId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "n. FT-B-" + first }).ClickAsync();
        await page.GetByLabel("Motivo del rifiuto").FillAsync("La ricevuta non indica il nome del figlio.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Respingi il giustificativo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Giustificativo respinto", new() { Timeout = Patience });
        await page.ScreenshotAsync("vouchers-02-staff-rejected");
        await page.AssertNoAxeViolationsAsync();

        // 5. The family reads the reason and corrects the rejected receipt.
        await family.ReloadAsync();
        await Assertions.Expect(family.Locator("[data-testid=receipt-reason]")).ToContainTextAsync("non indica il nome del figlio", new() { Timeout = Patience });
        await family.AssertNoAxeViolationsAsync();
        await family.Locator("[data-testid=correct-link]").ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=rejection-reason]")).ToContainTextAsync("non indica il nome del figlio", new() { Timeout = Patience });
        await Assertions.Expect(family.GetByLabel("Importo pagato (euro)")).ToHaveValueAsync("150,00");
        await family.AssertNoAxeViolationsAsync();
        await AttachFilesAsync(family, ct);
        await family.GetByRole(AriaRole.Button, new() { Name = "Carica la correzione" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=receipt-status]")).ToHaveCountAsync(3, new() { Timeout = Patience });

        // 6. Staff validate the correction, then make the batch.
        await page.GotoAsync($"/Staff/Receipts?Call={callId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "n. FT-B-" + first }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Convalida il giustificativo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Giustificativo convalidato", new() { Timeout = Patience });

        await page.GotoAsync($"/Staff/Payouts?CallId={callId}");
        await Assertions.Expect(page.Locator("[data-testid=due-row]")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Produci la distinta" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Distinta prodotta", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=line]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("vouchers-03-staff-batch");
        await page.AssertNoAxeViolationsAsync();

        // The pain.001 file parses as XML and its totals are the batch's.
        var batch = await portal.WithDbAsync(db => db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleAsync(b => b.Lines.Any(l => l.VoucherId == voucher.Id), ct));
        await Assertions.Expect(page.Locator("[data-testid=total]")).ToContainTextAsync(Format(batch.Total));
        var xmlDownload = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-xml]").ClickAsync());
        var xml = XDocument.Load(await xmlDownload.PathAsync());
        Assert.Equal(Pain, xml.Root!.Name.Namespace);
        var header = xml.Root.Element(Pain + "CstmrCdtTrfInitn")!.Element(Pain + "GrpHdr")!;
        Assert.Equal("1", header.Element(Pain + "NbOfTxs")!.Value);
        Assert.Equal(batch.Total.ToString("0.00", CultureInfo.InvariantCulture), header.Element(Pain + "CtrlSum")!.Value);
        var transfer = Assert.Single(xml.Descendants(Pain + "CdtTrfTxInf"));
        Assert.Equal(batch.Total.ToString("0.00", CultureInfo.InvariantCulture), transfer.Descendants(Pain + "InstdAmt").Single().Value);
        Assert.Equal(iban, transfer.Element(Pain + "CdtrAcct")!.Descendants(Pain + "IBAN").Single().Value);
        Assert.Contains(batch.Lines[0].ProtocolNumber, transfer.Descendants(Pain + "Ustrd").Single().Value, StringComparison.Ordinal);

        // 7. The bank pays: the family sees "Pagato".
        await page.GetByLabel("Data valuta").FillAsync(FamilyVoucherSteps.Iso(today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registra il pagamento" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Pagamento registrato", new() { Timeout = Patience });
        await page.AssertNoAxeViolationsAsync();

        await family.ReloadAsync();
        await Assertions.Expect(family.Locator("[data-testid=payment-status]")).ToContainTextAsync("Pagato", new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("[data-testid=voucher-paid]")).ToHaveTextAsync(Format(batch.Total));
        await family.ScreenshotAsync("vouchers-04-family-paid");
        await family.AssertNoAxeViolationsAsync();
    }

    private static string Format(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("it-IT")) + " €";

    private static async Task UploadReceiptAsync(IPage family, string number, DateOnly from, DateOnly to, string amount, CancellationToken ct)
    {
        await family.Locator("[data-testid=receipt-upload-link]").ClickAsync();
        await family.GetByLabel("Numero della ricevuta o fattura").FillAsync(number);
        await family.GetByLabel("Data della ricevuta").FillAsync(FamilyVoucherSteps.Iso(to));
        await family.GetByLabel("Periodo dal").FillAsync(FamilyVoucherSteps.Iso(from));
        await family.GetByLabel("Periodo al").FillAsync(FamilyVoucherSteps.Iso(to));
        await family.GetByLabel("Importo pagato (euro)").FillAsync(amount);
        await family.GetByLabel("Data del pagamento").FillAsync(FamilyVoucherSteps.Iso(to));
        await family.GetByLabel("Come hai pagato").SelectOptionAsync("BankTransfer");
        await AttachFilesAsync(family, ct);
        await family.GetByRole(AriaRole.Button, new() { Name = "Carica il giustificativo" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=voucher-code]")).ToBeVisibleAsync(new() { Timeout = Patience });
    }

    private static async Task AttachFilesAsync(IPage family, CancellationToken ct)
    {
        var files = new List<string>();
        foreach (var name in new[] { "ricevuta", "bonifico" })
        {
            var path = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N") + ".pdf");
            await File.WriteAllBytesAsync(path, FamilyVoucherSteps.NewPdf(), ct);
            files.Add(path);
        }

        await family.Locator("#Input_Document").SetInputFilesAsync(files[0]);
        await family.Locator("#Input_Proof").SetInputFilesAsync(files[1]);
    }
}
