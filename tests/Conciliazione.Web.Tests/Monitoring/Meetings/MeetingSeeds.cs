using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Monitoring.Meetings;

/// <summary>Meetings of the Castellanza plan (or another alliance's project) in each state, and minutes files.</summary>
public static class MeetingSeeds
{
    public const string MinutesText = "Presenti i referenti dei comuni. Si approva lo stato di avanzamento delle azioni.";

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);

    /// <summary>A small but real PDF (only its "%PDF-" head matters to the portal).</summary>
    public static byte[] Pdf(string text = "verbale") => Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    /// <summary>A Windows executable's head ("MZ"), as if renamed .pdf.</summary>
    public static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    public static Task<Guid> PlannedAsync(PortalFactory factory, string title = "Incontro di monitoraggio", DateOnly? on = null, Guid? projectId = null) =>
        factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var project = await db.Projects.SingleAsync(p => p.Id == (projectId ?? CastellanzaPlan.CurrentProjectId), ct);
            var meeting = Meeting.Plan(project, title, on ?? Today.AddDays(20), "Sala consiliare", "1. Stato delle azioni", DateTimeOffset.UtcNow, null);
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            return meeting.Id;
        });

    /// <summary>A meeting held two days ago: the first partner present (with its referent's name), the others absent; minutes optional.</summary>
    public static Task<Guid> HeldAsync(PortalFactory factory, string title = "Incontro svolto", string? minutes = null, byte[]? pdf = null, bool share = false, Guid? projectId = null) =>
        factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var project = await db.Projects.SingleAsync(p => p.Id == (projectId ?? CastellanzaPlan.CurrentProjectId), ct);
            var partners = await db.Partners.Where(p => p.AllianceId == project.AllianceId).OrderBy(p => p.Name).Select(p => p.Id).ToListAsync(ct);
            var meeting = Meeting.Plan(project, title, Today.AddDays(-2), "Sala consiliare", "1. Stato delle azioni", DateTimeOffset.UtcNow, null);
            meeting.RecordHeld(Today.AddDays(-2),
                partners.Select((p, i) => new MeetingAttendee { PartnerId = p, Present = i == 0, ReferentName = i == 0 ? "Mario Bianchi" : null }), Today);
            MonitoringDocument? document = null;
            if (pdf is not null)
            {
                document = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.Minutes, new UploadedFile("verbale.pdf", pdf), DateTimeOffset.UtcNow, null);
                db.MonitoringDocuments.Add(document);
            }

            if (minutes is not null || document is not null)
            {
                meeting.SetMinutes(minutes, document);
            }

            if (share)
            {
                meeting.ShareMinutes(DateTimeOffset.UtcNow);
            }

            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            return meeting.Id;
        });

    public static Task<Meeting> LoadAsync(PortalFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.Meetings.AsNoTracking().Include(m => m.Attendees).SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken));

    /// <summary>Posts the minutes form of a meeting's staff page, as a browser would (multipart, with a file when given).</summary>
    public static async Task<HttpResponseMessage> PostMinutesAsync(PortalClient client, IHtmlDocument page, string text, byte[]? file, string fileName = "verbale.pdf", string contentType = "application/pdf")
    {
        var form = page.QuerySelector("form#minutes-form")!;
        using var body = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            body.Add(new StringContent(hidden.Value), hidden.Name!);
        }

        body.Add(new StringContent(text), "Minutes.Text");
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            body.Add(content, "pdf", fileName);
        }

        return await client.Http.PostAsync(new Uri(new Uri(page.Url).PathAndQuery + "?handler=Minutes", UriKind.Relative), body, TestContext.Current.CancellationToken);
    }
}
