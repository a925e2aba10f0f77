using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 16, the monitoring report in a real Chromium, on a phone (320 CSS px): staff sign in with TOTP,
/// watch a version's progress move without reloading, generate a report, download it and submit it to
/// the ATS; anyone then checks the downloaded PDF on the verifier, which rejects a copy changed by one
/// byte. axe-core finds nothing on any page and no page scrolls sideways.
/// </summary>
public sealed class ReportJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private const int Width = 320;

    /// <summary>A version staff generated, downloaded and submitted to the ATS: its id, its SHA-256 and the PDF as downloaded.</summary>
    public sealed record SubmittedReport(Guid Id, string Sha256, string PdfPath);

    [Fact]
    public async Task Staff_GenerateAndSubmitAReport_TheAuditorDownloadsItAndItsData_TheVerifierAcceptsIt_AndRejectsAModifiedCopy()
    {
        var report = await SubmittedReportAsync(portal);
        await AuditorDownloadsAsync(report);

        var visitor = await portal.NewPageAsync(Width, 720);
        await visitor.GotoAsync("/");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Verifica un rapporto" }).ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Verifica di un rapporto di monitoraggio", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(visitor, "report-verifier");

        await visitor.GetByLabel("Rapporto in PDF (massimo 20 MB)").SetInputFilesAsync(report.PdfPath);
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Verifica il file" }).ClickAsync();
        var verified = visitor.Locator("[data-testid=verified]");
        await Assertions.Expect(verified).ToContainTextAsync("Documento emesso da questo portale", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(verified).ToContainTextAsync(report.Sha256, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(visitor.Locator("[data-testid=verified-submission]")).ToContainTextAsync("Inviato ad ATS il", new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(visitor, "report-verifier-issued");

        var modified = await File.ReadAllBytesAsync(report.PdfPath, TestContext.Current.CancellationToken);
        modified[modified.Length / 2] ^= 0x01;
        var modifiedPath = Path.Combine(Path.GetTempPath(), "rapporto-modificato-" + Guid.NewGuid().ToString("N")[..8] + ".pdf");
        await File.WriteAllBytesAsync(modifiedPath, modified, TestContext.Current.CancellationToken);
        try
        {
            await visitor.GetByLabel("Rapporto in PDF (massimo 20 MB)").SetInputFilesAsync(modifiedPath);
            await visitor.GetByRole(AriaRole.Button, new() { Name = "Verifica il file" }).ClickAsync();
            await Assertions.Expect(visitor.Locator("[data-testid=not-issued]")).ToHaveTextAsync("Questo file non è stato emesso da questo portale (o è stato modificato).", new() { Timeout = BrowserPortal.Patience });
            await Assertions.Expect(verified).ToHaveCountAsync(0, new() { Timeout = BrowserPortal.Patience });
            await CheckPageAsync(visitor, "report-verifier-not-issued");
        }
        finally
        {
            File.Delete(modifiedPath);
        }
    }

    /// <summary>
    /// Staff (TOTP) see a version's progress move and a failure offer "Genera di nuovo", then generate
    /// the annual report 2018, download its PDF and submit it to the ATS. Other journeys (the ATS
    /// auditor's) start from here.
    /// </summary>
    public static async Task<SubmittedReport> SubmittedReportAsync(BrowserPortal portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var page = await portal.NewPageAsync(Width, 720);
        await page.GotoAsync("/Staff");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });

        // A version waiting for its job (stored without one, so the test moves it): the page follows it without reloading.
        var waiting = await ReportPageSteps.StoredAsync(portal, "2018", ReportStatus.Queued, staff.Id);
        await page.GotoAsync($"/Staff/Project/Overview/{CastellanzaPlan.CurrentProjectId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rapporti di monitoraggio per ATS" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rapporti di monitoraggio", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "report-versions");
        await page.Locator($"tr[data-report='{waiting.Id}'] a").ClickAsync();
        var progress = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "%" });
        await Assertions.Expect(progress).ToContainTextAsync("In coda: 0%", new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "report-progress");
        await MoveAsync(portal, waiting.Id, r => r.Start());
        await MoveAsync(portal, waiting.Id, r => r.Progress(60, "Creazione del PDF"));
        await Assertions.Expect(progress).ToContainTextAsync("In preparazione: 60% · Creazione del PDF", new() { Timeout = BrowserPortal.Patience });
        await MoveAsync(portal, waiting.Id, r => r.Fail("Errore durante la preparazione del rapporto. Riprova; se succede ancora, contatta l'assistenza."));
        await Assertions.Expect(page.Locator("[data-testid=failure]")).ToContainTextAsync("Riprova", new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "report-failed");

        // Generate again: the job makes the PDF; the page shows it ready without the user reloading.
        await page.GetByRole(AriaRole.Link, new() { Name = "Genera di nuovo" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Periodo")).ToHaveValueAsync("2018", new() { Timeout = BrowserPortal.Patience });
        await page.GetByRole(AriaRole.Button, new() { Name = "Genera il rapporto" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Pronto", new() { Timeout = BrowserPortal.Patience });
        var sha = (await page.Locator("[data-testid=sha256]").TextContentAsync())!.Trim();
        await CheckPageAsync(page, "report-ready");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-pdf]").ClickAsync());
        var version = (waiting.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"rapporto-monitoraggio-2018-v{version}.pdf", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), "rapporto-" + Guid.NewGuid().ToString("N")[..8] + ".pdf");
        await download.SaveAsAsync(path);
        Assert.Equal(sha, MonitoringReport.HashOf(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)));

        await page.GetByRole(AriaRole.Button, new() { Name = "Invia ad ATS la versione " + version }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=submitted]")).ToContainTextAsync("Inviato ad ATS il", new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "report-submitted");
        var id = await portal.WithDbAsync(db => db.MonitoringReports.Where(r => r.Sha256 == sha).Select(r => r.Id).SingleAsync(TestContext.Current.CancellationToken));
        return new SubmittedReport(id, sha, path);
    }

    /// <summary>The ATS auditor (TOTP) finds the submitted version in the area, downloads the PDF (the same bytes) and its data.</summary>
    private async Task AuditorDownloadsAsync(SubmittedReport report)
    {
        var auditor = await TestAccounts.CreateAsync(portal, Roles.Auditor);
        var page = await portal.NewPageAsync(Width, 720);
        await page.GotoAsync("/Audit");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(auditor.Email);
        await page.Locator("#Input_Password").FillAsync(auditor.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(auditor.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rapporti di monitoraggio", Level = 1 })).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=period-2018]")).ToContainTextAsync(report.Sha256, new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "audit-reports");

        await page.Locator($"a[href*='{report.Id}']").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-facts] [data-testid=sha256]")).ToHaveTextAsync(report.Sha256, new() { Timeout = BrowserPortal.Patience });
        await CheckPageAsync(page, "audit-report");

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=pdf-link]").ClickAsync());
        var pdfPath = await pdf.PathAsync();
        Assert.Equal(report.Sha256, MonitoringReport.HashOf(await File.ReadAllBytesAsync(pdfPath, TestContext.Current.CancellationToken)));

        var data = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=csv-link]").ClickAsync());
        Assert.EndsWith(".zip", data.SuggestedFilename, StringComparison.Ordinal);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(await data.PathAsync()))
        {
            Assert.Contains(zip.Entries, e => e.Name == "partner.csv");
        }

        var workbook = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=xlsx-link]").ClickAsync());
        Assert.EndsWith(".xlsx", workbook.SuggestedFilename, StringComparison.Ordinal);
        Assert.True(new FileInfo(await workbook.PathAsync()).Length > 0);
    }

    private static Task MoveAsync(BrowserPortal portal, Guid id, Action<MonitoringReport> change) =>
        portal.WithDbAsync(async db =>
        {
            change(await db.MonitoringReports.SingleAsync(r => r.Id == id, TestContext.Current.CancellationToken));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

    /// <summary>axe-core, no sideways scrolling at 320 px, and a screenshot.</summary>
    private static async Task CheckPageAsync(IPage page, string screenshot)
    {
        await page.EvaluateAsync("document.fonts.ready");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{page.Url} is {scrollWidth} px wide at {Width} px");
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync(screenshot + "-" + Width.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
