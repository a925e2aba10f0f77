using System.Globalization;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 6 in a real Chromium: a family finds the demo childcare call, checks eligibility, signs
/// in with SPID, fills the wizard, uploads documents, submits, downloads the receipt and sees the
/// status. axe-core runs on every page it visits; screenshots are kept.
/// </summary>
public sealed class ApplicationJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    [Fact]
    public async Task Family_AppliesOnline_FromPrecheckToReceipt()
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Find the call from the home page and check eligibility anonymously.
        await page.GotoAsync("/");
        await page.Locator("[data-testid=calls-link]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "[DEMO] Voucher per i servizi all'infanzia" }).First.ClickAsync();
        await Step(page, "apply-01-call");
        await page.Locator("[data-testid=precheck-link]").ClickAsync();
        await page.Locator("label[for='eleg-res-si']").ClickAsync();
        await page.Locator("label[for='eleg-partner-no']").ClickAsync();
        await page.Locator("label[for='eleg-work-Employee']").ClickAsync();
        await page.Locator("label[for='eleg-other-si']").ClickAsync();
        await page.Locator("#Input_ChildBirthDate").FillAsync(Iso(today.AddYears(-2)));
        await page.Locator("#Input_IseeValue").FillAsync("12.500,00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica" }).ClickAsync();
        Assert.Equal("Hai i requisiti per partecipare", (await page.Locator("#esito").TextContentAsync())!.Trim());
        await Step(page, "apply-02-precheck");

        // Apply: the portal asks to sign in, SPID brings the family back to the call.
        await page.GetByRole(AriaRole.Link, new() { Name = "Presenta la domanda con SPID o CIE" }).ClickAsync();
        await page.Locator("[data-testid=signin-spid]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await page.ArriveAtAsync("**/Family/Applications/Start/**");
        await Step(page, "apply-03-start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inizia una nuova domanda" }).ClickAsync();

        await page.ArriveAtAsync("**/Family/Applications/Edit/**");
        await page.Locator("#Applicant_Email").FillAsync("maria.rossi@example.org");
        await Step(page, "apply-04-applicant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/nucleo");
        await page.Locator("#Household_OtherParentName").FillAsync("Marco Rossi");
        await page.Locator("#Household_OtherParentEmployment").SelectOptionAsync("Employee");
        await page.Locator("#Household_ChildGivenName").FillAsync("Luca");
        await page.Locator("#Household_ChildFamilyName").FillAsync("Rossi");
        var birth = today.AddYears(-2);
        await page.Locator("#Household_ChildBirthDate").FillAsync(Iso(birth));
        await page.Locator("#Household_ChildSex").SelectOptionAsync("M");
        await page.Locator("#Household_ChildFiscalCode").FillAsync(Web.Tests.Family.Applications.ApplicationSteps.ChildCode(birth, female: false));
        await Step(page, "apply-05-household");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/lavoro");
        await page.Locator("#Employment_ResidenceMunicipalityId").SelectOptionAsync(new SelectOptionValue { Label = "Castellanza" });
        await page.Locator("#Employment_Kind").SelectOptionAsync("Employee");
        await page.Locator("#Employment_EmployerName").FillAsync("Comune di Castellanza");
        await Step(page, "apply-06-employment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/isee");
        await page.Locator("label[for='Isee_HasIsee']").ClickAsync();
        await page.Locator("#Isee_Type").SelectOptionAsync("Minorenni");
        await page.Locator("#Isee_Value").FillAsync("12.500,00");
        await page.Locator("#Isee_DsuNumber").FillAsync("INPS-ISEE-2026-00012345A-00");
        await page.Locator("#Isee_ExpiresOn").FillAsync(Iso(today.AddMonths(6)));
        await Step(page, "apply-07-isee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/servizio");
        await page.Locator("#Service_ServiceType").SelectOptionAsync("Micronido");
        await page.Locator("#Service_Provider").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#Service_From").FillAsync(Iso(today.AddDays(10)));
        await page.Locator("#Service_To").FillAsync(Iso(today.AddDays(100)));
        await page.Locator("#Service_MonthlyCost").FillAsync("450,00");
        await Step(page, "apply-08-service");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/dichiarazioni");
        foreach (var label in await page.Locator("label[for^='Declarations_Accepted_']").AllAsync())
        {
            await label.ClickAsync();
        }

        await page.Locator("label[for='Declarations_PrivacyAccepted']").ClickAsync();
        await Step(page, "apply-09-declarations");
        await page.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();

        await page.ArriveAtAsync("**/Family/Applications/Documents/**");
        var pdf = Path.Combine(Path.GetTempPath(), "isee-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(pdf, Web.Tests.Family.Applications.ApplicationSteps.Pdf, TestContext.Current.CancellationToken);
        for (var i = 0; i < 2; i++)
        {
            await page.Locator("input[type=file]").Nth(i).SetInputFilesAsync(pdf);
            await page.Locator("main form[enctype='multipart/form-data'] button[type=submit]").Nth(i).ClickAsync();
            // What the family sees once the upload is stored: the documents page back, listing one more file.
            // (Not WaitForLoadState: right after the click it may answer for the page being left.)
            await Assertions.Expect(page.Locator("main section ul li a")).ToHaveCountAsync(i + 1, new() { Timeout = BrowserPortal.Patience });
        }

        await Step(page, "apply-10-documents");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continua al riepilogo" }).ClickAsync();

        await page.ArriveAtAsync("**/Family/Applications/Review/**");
        Assert.Equal(0, await page.Locator("[data-testid=problems]").CountAsync());
        await Step(page, "apply-11-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invia la domanda" }).ClickAsync();

        await page.ArriveAtAsync("**/Family/Applications/Details/**");
        Assert.Equal("Inviata", (await page.Locator("[data-testid=status]").TextContentAsync())!.Trim());
        var confirmation = (await page.Locator("[data-testid=submitted]").TextContentAsync())!;
        var protocol = System.Text.RegularExpressions.Regex.Match(confirmation, @"\d{4}/\d{6}").Value;
        Assert.NotEmpty(protocol);
        await Step(page, "apply-12-submitted");

        // The receipt is prepared by a background job: the family reloads the page until it is offered.
        var receiptLink = page.GetByRole(AriaRole.Link, new() { Name = "Scarica la ricevuta (PDF)" });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await receiptLink.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The receipt was never offered");
            await page.Locator("[data-testid=receipt-pending]").WaitForAsync(new() { Timeout = 10_000 });
            await page.ReloadAsync();
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Scarica la ricevuta (PDF)" }).ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), "ricevuta-" + Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(saved);
        using (var receipt = PdfDocument.Open(saved))
        {
            var text = string.Join(' ', receipt.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains(protocol, text, StringComparison.Ordinal);
            Assert.Contains("Luca Rossi", text, StringComparison.Ordinal);
            Assert.Contains("Micronido", text, StringComparison.Ordinal);
            Assert.Contains("entrambi i genitori lavorano", text, StringComparison.Ordinal);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Le mie domande" }).First.ClickAsync();
        await page.ArriveAtAsync("**/Family/Applications");
        Assert.Contains(protocol, (await page.Locator("main table").TextContentAsync())!, StringComparison.Ordinal);
        await Step(page, "apply-13-my-applications");
    }

    private static async Task Step(IPage page, string name)
    {
        await page.ScreenshotAsync(name);
        await page.AssertNoAxeViolationsAsync();
    }
}
