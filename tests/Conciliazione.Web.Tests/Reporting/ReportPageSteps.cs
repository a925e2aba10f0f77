using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>Steps of the report page tests: URLs, a version in a given state without running the job, the verifier's upload.</summary>
public static class ReportPageSteps
{
    public static string IndexUrl => $"/Staff/Project/Reports/{CastellanzaPlan.CurrentProjectId}";

    public static string ReportUrl(Guid id) => $"/Staff/Project/Reports/Report/{id}";

    /// <summary>A version stored straight in the database (no job runs for it): queued, generating, ready with the given bytes, or failed.</summary>
    public static async Task<MonitoringReport> StoredAsync(PortalFactory factory, string period, ReportStatus status, Guid by, byte[]? pdf = null, Guid? projectId = null)
    {
        Assert.True(ReportPeriod.TryParse(period, out var p));
        return await factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(x => x.Id == (projectId ?? CastellanzaPlan.CurrentProjectId), TestContext.Current.CancellationToken);
            var version = 1 + (await db.MonitoringReports.Where(r => r.ProjectId == project.Id && r.PeriodKey == p.Key).MaxAsync(r => (int?)r.Version, TestContext.Current.CancellationToken) ?? 0);
            var report = MonitoringReport.Request(project, p, version, DateTimeOffset.UtcNow, by);
            if (status != ReportStatus.Queued)
            {
                report.Start();
                report.Progress(40, "Impaginazione");
            }

            if (status == ReportStatus.Ready)
            {
                db.MonitoringReportFiles.Add(report.Complete(pdf ?? "%PDF-1.4 rapporto di prova"u8.ToArray(), "PK\u0003\u0004 zip"u8.ToArray(), [], "{}", DateTimeOffset.UtcNow));
            }
            else if (status == ReportStatus.Failed)
            {
                report.Fail("Errore durante la preparazione del rapporto. Riprova; se succede ancora, contatta l'assistenza.");
            }

            db.MonitoringReports.Add(report);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return report;
        });
    }

    /// <summary>Submits the verifier's upload form with a file, as a browser would (antiforgery token included).</summary>
    public static async Task<IHtmlDocument> VerifyFileAsync(PortalClient client, string fileName, byte[] bytes)
    {
        var page = await client.GetDocumentAsync("/Verifica");
        var form = (IHtmlFormElement)page.QuerySelector("form[data-testid=file-form]")!;
        using var body = new MultipartFormDataContent();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden"))
        {
            body.Add(new StringContent(input.Value), input.Name!);
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        body.Add(file, "pdf", fileName);
        using var response = await client.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.ParseAsync(response);
    }

    public static async Task<IHtmlDocument> VerifyHashAsync(PortalClient client, string hash)
    {
        var page = await client.GetDocumentAsync("/Verifica");
        using var response = await client.SubmitAsync(page, new Dictionary<string, string> { ["Hash"] = hash }, "form[data-testid=hash-form]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.ParseAsync(response);
    }
}
