using AngleSharp.Html.Dom;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Monitoring.Spending;

/// <summary>Submitting the spending forms as a browser would (multipart, with the document) and seeding entries directly.</summary>
public static class SpendingSteps
{
    public static readonly string SpendingUrl = $"/Staff/Project/Spending/{CastellanzaPlan.CurrentProjectId}";
    public static readonly string CofinancingUrl = $"/Staff/Project/Cofinancing/{CastellanzaPlan.CurrentProjectId}";

    public static byte[] Pdf(string tag = "fattura") => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {tag}\n%%EOF\n");

    /// <summary>Posts the record form of <paramref name="page"/>: its own fields, <paramref name="values"/> over them, and the file when given.</summary>
    public static async Task<HttpResponseMessage> RecordAsync(PortalClient client, IHtmlDocument page, IReadOnlyDictionary<string, string> values, (string Name, byte[] Bytes)? file)
    {
        var form = page.QuerySelector("form[data-testid=record-form]") as IHtmlFormElement ?? throw new InvalidOperationException("No record form.");
        using var body = new MultipartFormDataContent();
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("file" or "submit" or "radio" or "checkbox"):
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name, IsChecked: true } check when check.Type is "radio":
                    fields.Add(new(name, check.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } area:
                    fields.Add(new(name, area.Value));
                    break;
                default:
                    break;
            }
        }

        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            body.Add(content, "document", f.Name);
        }

        return await client.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), body, TestContext.Current.CancellationToken);
    }

    /// <summary>Rows of (text, text, amount) from <paramref name="sql"/> with @project bound to the current project: sums computed without EF.</summary>
    public static async Task<List<(string Key, string Sub, decimal Amount)>> SumsAsync(PortalFactory factory, string sql)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("project", CastellanzaPlan.CurrentProjectId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string, decimal)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDecimal(2)));
        }

        return rows;
    }

    public static Task<Guid> PartnerAsync(PortalFactory factory, string name) =>
        factory.WithDbAsync(db => db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId && p.Name == name).Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken));

    /// <summary>A cost recorded straight through the domain (as the page would), optionally withdrawn.</summary>
    public static Task<Guid> CostAsync(PortalFactory factory, CostCategory category, Guid partnerId, decimal amount, bool withdrawn = false) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await db.Projects.SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        var doc = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.Cost, new UploadedFile("fattura.pdf", Pdf()), DateTimeOffset.UtcNow, null);
        var entry = CostEntry.Record(project, category, partnerId, amount, new DateOnly(2018, 5, 10), "Fattura di prova", doc, DateTimeOffset.UtcNow, null);
        if (withdrawn)
        {
            entry.Withdraw(project, "Registrata per errore", DateTimeOffset.UtcNow);
        }

        db.MonitoringDocuments.Add(doc);
        db.CostEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    });

    /// <summary>Co-financing recorded straight through the domain, optionally withdrawn.</summary>
    public static Task<Guid> CofinancingAsync(PortalFactory factory, Guid partnerId, CofinancingKind kind, decimal amount, bool withdrawn = false) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await db.Projects.SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        var doc = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.Cofinancing, new UploadedFile("bonifico.pdf", Pdf("bonifico")), DateTimeOffset.UtcNow, null);
        var entry = CofinancingEntry.Record(project, partnerId, kind, amount, new DateOnly(2018, 6, 1), "Bonifico di prova", doc, DateTimeOffset.UtcNow, null);
        if (withdrawn)
        {
            entry.Withdraw(project, "Registrato per errore", DateTimeOffset.UtcNow);
        }

        db.MonitoringDocuments.Add(doc);
        db.CofinancingEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    });
}
