using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Monitoring.Indicators;

/// <summary>Shared steps of the indicator tests: the seeded plan's indicators, the record form, evidence files.</summary>
public static class IndicatorSteps
{
    public static readonly byte[] Pdf = "%PDF-1.4\n% verbale della riunione\n%%EOF\n"u8.ToArray();

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    /// <summary>The seeded plan's indicator of action <paramref name="action"/> whose name starts with <paramref name="name"/>.</summary>
    public static Task<Indicator> IndicatorAsync(PortalFactory factory, string action, string name) => factory.WithDbAsync(db =>
        db.Indicators.AsNoTracking()
            .Where(i => db.ProjectActions.Any(a => a.Id == i.ActionId && a.ProjectId == CastellanzaPlan.CurrentProjectId && a.Code == action) && i.Name.StartsWith(name))
            .SingleAsync(TestContext.Current.CancellationToken));

    public static Task<Guid> ActionIdAsync(PortalFactory factory, string action) => factory.WithDbAsync(db =>
        db.ProjectActions.Where(a => a.ProjectId == CastellanzaPlan.CurrentProjectId && a.Code == action).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));

    public static Task<List<IndicatorValue>> ValuesAsync(PortalFactory factory, Guid indicatorId) => factory.WithDbAsync(db =>
        db.IndicatorValues.AsNoTracking().Where(v => v.IndicatorId == indicatorId).OrderBy(v => v.RecordedAt).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>An evidence document of the Castellanza project, saved.</summary>
    public static Task<MonitoringDocument> DocumentAsync(PortalFactory factory, Guid? allianceId = null, Guid? projectId = null) => factory.WithDbAsync(async db =>
    {
        var doc = MonitoringDocument.Upload(allianceId ?? CastellanzaPlan.AllianceId, projectId ?? CastellanzaPlan.CurrentProjectId, MonitoringDocumentPurpose.IndicatorEvidence, new UploadedFile("verbale.pdf", Pdf), DateTimeOffset.UtcNow, null);
        db.MonitoringDocuments.Add(doc);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return doc;
    });

    /// <summary>Posts the record form of <paramref name="page"/> (multipart) with its own values overlaid by <paramref name="typed"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(PortalClient client, IHtmlDocument page, IReadOnlyDictionary<string, string> typed, byte[]? document, string fileName = "verbale.pdf")
    {
        var form = page.QuerySelector<IHtmlFormElement>("#record-form") ?? throw new InvalidOperationException("no record form");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("file" or "submit" or "button"):
                    fields[name] = input.Value;
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields[name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } area:
                    fields[name] = area.Value;
                    break;
                default:
                    break;
            }
        }

        foreach (var (name, value) in typed)
        {
            fields[name] = value;
        }

        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (document is not null)
        {
            var file = new ByteArrayContent(document);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "Input.Document", fileName);
        }

        return await client.Http.PostAsync(new Uri(new Uri(page.Url).PathAndQuery, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
