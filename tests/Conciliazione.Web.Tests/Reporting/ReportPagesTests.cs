using System.Text.Json;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Pages.Staff.Project.Reports;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Reporting.ReportPageSteps;
using static Conciliazione.Web.Tests.Reporting.ReportSteps;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>Issue 16: staff ask for a report version, follow its progress, download it exactly as archived and submit it to the ATS.</summary>
public sealed class ReportPagesTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Staff_GenerateAVersion_SeeItReady_DownloadTheArchivedBytes_AndSubmitItOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var index = await client.GetDocumentAsync(IndexUrl);
        Assert.Contains("1° semestre 2018", index.Text("#Period"), StringComparison.Ordinal);
        Guid id;
        using (var generated = await client.SubmitAsync(index, new Dictionary<string, string> { ["Period"] = "2018-S1" }, "form[data-testid=generate-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
            var location = generated.Headers.Location!.OriginalString;
            Assert.StartsWith("/Staff/Project/Reports/Report/", location, StringComparison.Ordinal);
            id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        }

        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ReportRequested && a.ActorId == staff.Id && a.EntityId == id.ToString(), ct)));
        var report = await WaitFinishedAsync(Factory, id);
        Assert.Equal(ReportStatus.Ready, report.Status);

        using (var progress = await client.GetAsync(ReportUrl(id) + "?handler=Progress"))
        {
            Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
            var json = JsonDocument.Parse(await progress.Content.ReadAsStringAsync(ct)).RootElement;
            Assert.Equal("Ready", json.GetProperty("status").GetString());
            Assert.Equal("Pronto", json.GetProperty("label").GetString());
            Assert.Equal(100, json.GetProperty("percent").GetInt32());
            Assert.True(json.GetProperty("finished").GetBoolean());
        }

        var page = await client.GetDocumentAsync(ReportUrl(id));
        Assert.Equal("Pronto", page.Text("[data-testid=status]"));
        Assert.Equal(report.Sha256, page.Text("[data-testid=sha256]"));
        Assert.Null(page.QuerySelector("#report-progress"));

        using (var pdf = await client.GetAsync(page.QuerySelector("[data-testid=download-pdf]")!.GetAttribute("href")!))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("rapporto-monitoraggio-2018-S1-v1.pdf", pdf.Content.Headers.ContentDisposition.FileNameStar ?? pdf.Content.Headers.ContentDisposition.FileName);
            Assert.Equal(report.Sha256, MonitoringReport.HashOf(await pdf.Content.ReadAsByteArrayAsync(ct)));
        }

        using (var zip = await client.GetAsync(page.QuerySelector("[data-testid=download-zip]")!.GetAttribute("href")!))
        {
            Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            Assert.Equal("rapporto-monitoraggio-2018-S1-v1-dati-csv.zip", zip.Content.Headers.ContentDisposition!.FileNameStar ?? zip.Content.Headers.ContentDisposition.FileName);
            Assert.Equal((await FileAsync(Factory, id)).DataZip, await zip.Content.ReadAsByteArrayAsync(ct));
        }

        Assert.Equal(2, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ReportDownloaded && a.ActorId == staff.Id && a.EntityId == id.ToString(), ct)));

        using (var submitted = await client.SubmitAsync(page, new Dictionary<string, string>(), "form[data-testid=submit-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        }

        var after = await client.GetDocumentAsync(ReportUrl(id));
        Assert.StartsWith("Inviato ad ATS il", after.Text("[data-testid=submitted]"), StringComparison.Ordinal);
        Assert.Contains("Rapporto inviato ad ATS.", after.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("form[data-testid=submit-form]"));
        var stored = await Factory.WithDbAsync(db => db.MonitoringReports.AsNoTracking().SingleAsync(r => r.Id == id, ct));
        Assert.Equal(staff.Id, stored.SubmittedBy);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ReportSubmitted && a.EntityId == id.ToString(), ct)));

        // The same button again (a second tab, a double click): a clear message, not an error page, and nothing changes.
        using (var again = await client.SubmitAsync(page, new Dictionary<string, string>(), "form[data-testid=submit-form]"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var refused = await PortalClient.ParseAsync(again);
            Assert.Contains(ReportModel.AlreadySubmittedMessage, refused.Errors());
            Assert.StartsWith("Inviato ad ATS il", refused.Text("[data-testid=submitted]"), StringComparison.Ordinal);
        }

        Assert.Equal(stored.SubmittedAt, (await Factory.WithDbAsync(db => db.MonitoringReports.AsNoTracking().SingleAsync(r => r.Id == id, ct))).SubmittedAt);

        var listed = await client.GetDocumentAsync(IndexUrl);
        var row = $"section[data-period='2018-S1'] tr[data-report='{id}']";
        Assert.Equal("Pronto", listed.Text(row + " [data-testid=status]"));
        Assert.StartsWith("Inviato il", listed.Text(row + " [data-testid=submitted]"), StringComparison.Ordinal);
        Assert.Equal(report.Sha256, listed.QuerySelector(row + " [data-testid=sha]")!.GetAttribute("title"));
    }

    [Fact]
    public async Task Request_WhileOneOfThePeriodIsInProgress_ShowsTheMessageOnTheForm_AndKeepsTheSelection()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var queued = await StoredAsync(Factory, "2018", ReportStatus.Queued, staff.Id);

        var index = await client.GetDocumentAsync(IndexUrl);
        using var response = await client.SubmitAsync(index, new Dictionary<string, string> { ["Period"] = "2018" }, "form[data-testid=generate-form]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await PortalClient.ParseAsync(response);
        Assert.Equal(MonitoringReport.InProgressMessage, refused.Text("#Period-error"));
        Assert.Equal("2018", ((AngleSharp.Html.Dom.IHtmlSelectElement)refused.QuerySelector("#Period")!).Value);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.MonitoringReports.CountAsync(r => r.PeriodKey == "2018", ct)));
        Assert.Equal("In coda (0%)", refused.Text($"tr[data-report='{queued.Id}'] [data-testid=status]"));

        using var none = await client.SubmitAsync(index, new Dictionary<string, string> { ["Period"] = "" }, "form[data-testid=generate-form]");
        Assert.Equal("Scegliere il periodo del rapporto.", (await PortalClient.ParseAsync(none)).Text("#Period-error"));
    }

    [Fact]
    public async Task VersionInProgress_ShowsPercentAndStep_InALiveRegion_WithAReloadLink_AndTheProgressJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var generating = await StoredAsync(Factory, "2017-S2", ReportStatus.Generating, staff.Id);

        var page = await client.GetDocumentAsync(ReportUrl(generating.Id));

        var live = page.QuerySelector("#report-progress [role=status]")!;
        Assert.Equal("polite", live.GetAttribute("aria-live"));
        Assert.Equal("40", page.Text("[data-testid=progress-percent]"));
        Assert.Equal("Impaginazione", page.Text("[data-testid=progress-step]"));
        Assert.Equal("40", page.QuerySelector("progress[data-testid=progress-bar]")!.GetAttribute("value"));
        Assert.Equal(ReportUrl(generating.Id), page.QuerySelector("a[data-testid=refresh]")!.GetAttribute("href"));
        Assert.Contains(page.QuerySelectorAll("script[src]"), s => s.GetAttribute("src")!.StartsWith("/js/report-progress.js", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("[data-testid=download-pdf]"));
        Assert.Null(page.QuerySelector("form[data-testid=submit-form]"));

        using var progress = await client.GetAsync(page.QuerySelector("#report-progress")!.GetAttribute("data-progress-url")!);
        Assert.Equal("no-store", progress.Headers.CacheControl!.ToString());
        var json = JsonDocument.Parse(await progress.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(("Generating", "In preparazione", 40, "Impaginazione", false),
            (json.GetProperty("status").GetString(), json.GetProperty("label").GetString(), json.GetProperty("percent").GetInt32(), json.GetProperty("step").GetString(), json.GetProperty("finished").GetBoolean()));
    }

    [Fact]
    public async Task FailedVersion_ShowsTheReason_AndLeadsToGenerateAgain_WithThePeriodChosen()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var failed = await StoredAsync(Factory, "2018-S2", ReportStatus.Failed, staff.Id);

        var page = await client.GetDocumentAsync(ReportUrl(failed.Id));

        Assert.Contains("Riprova", page.Text("[data-testid=failure]"), StringComparison.Ordinal);
        var retry = await client.GetDocumentAsync(page.QuerySelector("a[data-testid=retry]")!.GetAttribute("href")!);
        Assert.Equal("2018-S2", ((AngleSharp.Html.Dom.IHtmlSelectElement)retry.QuerySelector("#Period")!).Value);
        using var again = await client.SubmitAsync(retry, new Dictionary<string, string>(), "form[data-testid=generate-form]");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(2, await Factory.WithDbAsync(db => db.MonitoringReports.CountAsync(r => r.PeriodKey == "2018-S2", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Submit_OfAVersionNotReady_IsRefusedWithAMessage()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var ready = await StoredAsync(Factory, "2017-S1", ReportStatus.Ready, staff.Id);
        var page = await client.GetDocumentAsync(ReportUrl(ready.Id));
        var generating = await StoredAsync(Factory, "2017", ReportStatus.Generating, staff.Id);

        // The form of a ready version, pointed at one still being generated.
        var form = page.QuerySelector("form[data-testid=submit-form]")!;
        form.SetAttribute("action", form.GetAttribute("action")!.Replace(ready.Id.ToString(), generating.Id.ToString(), StringComparison.Ordinal));
        using var response = await client.SubmitAsync(page, new Dictionary<string, string>(), "form[data-testid=submit-form]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Si può inviare ad ATS solo un rapporto pronto.", (await PortalClient.ParseAsync(response)).Errors());
    }
}
