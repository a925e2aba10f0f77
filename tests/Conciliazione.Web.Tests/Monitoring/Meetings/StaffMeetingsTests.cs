using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Monitoring.Meetings;

/// <summary>Staff plan, revise, cancel and record meetings, write or upload the minutes and share them.</summary>
public sealed class StaffMeetingsTests(PortalFactory factory) : PortalTest(factory)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Italian(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Plan_SavesThePlannedMeeting_WithAnAuditRow_AndListsItAmongTheUpcoming()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var on = MeetingSeeds.Today.AddDays(30);
        var form = await client.GetDocumentAsync("/Staff/Meetings/Edit");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.ProjectId"] = CastellanzaPlan.CurrentProjectId.ToString(),
            ["Input.Title"] = "Incontro di avvio",
            ["Input.PlannedOn"] = Iso(on),
            ["Input.Place"] = "Municipio di Castellanza",
            ["Input.Agenda"] = "1. Presentazione delle azioni",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = await Factory.WithDbAsync(db => db.Meetings.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("Incontro di avvio", on, MeetingStatus.Planned, CastellanzaPlan.AllianceId), (meeting.Title, meeting.PlannedOn, meeting.Status, meeting.AllianceId));
        Assert.Equal("/Staff/Meetings/" + meeting.Id, response.Headers.Location!.OriginalString);
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.MeetingPlanned, TestContext.Current.CancellationToken));
        Assert.Equal((staff.Id, meeting.Id.ToString()), (audit.ActorId, audit.EntityId));

        var list = await client.GetDocumentAsync("/Staff/Meetings");
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=upcoming] [data-testid=meeting]"));
        Assert.Contains("Incontro di avvio", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(Italian(on), row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Programmato", row.QuerySelector("[data-testid=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Plan_WithoutTitleAndDate_ShowsItalianMessages_AndKeepsWhatWasTyped()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync("/Staff/Meetings/Edit", new Dictionary<string, string>
        {
            ["Input.Title"] = "",
            ["Input.PlannedOn"] = "non è una data",
            ["Input.Place"] = "Sala riunioni",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Inserire il titolo dell'incontro.", page.Errors());
        Assert.Contains("Inserire una data prevista valida.", page.Errors());
        Assert.Equal("Sala riunioni", page.InputValue("#Input_Place"));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Meetings.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task List_ShowsUpcomingFirst_NearestFirst_ThenPastAndCancelled()
    {
        var far = await MeetingSeeds.PlannedAsync(Factory, "Lontano", MeetingSeeds.Today.AddDays(60));
        await MeetingSeeds.PlannedAsync(Factory, "Vicino", MeetingSeeds.Today.AddDays(5));
        await MeetingSeeds.HeldAsync(Factory, "Già svolto");
        var cancelled = await MeetingSeeds.PlannedAsync(Factory, "Annullato", MeetingSeeds.Today.AddDays(10));
        await Factory.WithDbAsync(async db =>
        {
            var m = await db.Meetings.SingleAsync(x => x.Id == cancelled, TestContext.Current.CancellationToken);
            m.Cancel();
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var list = await client.GetDocumentAsync("/Staff/Meetings");

        Assert.Equal(["Vicino", "Lontano"], list.QuerySelectorAll("[data-testid=upcoming] [data-testid=meeting] a").Select(a => a.TextContent.Trim()));
        var past = list.QuerySelectorAll("[data-testid=past] [data-testid=meeting]").Select(r => r.TextContent).ToList();
        Assert.Equal(2, past.Count);
        Assert.Contains(past, r => r.Contains("Annullato", StringComparison.Ordinal));
        Assert.Contains(past, r => r.Contains("Già svolto", StringComparison.Ordinal) && r.Contains("Svolto", StringComparison.Ordinal));
        Assert.NotEqual(Guid.Empty, far);
    }

    [Fact]
    public async Task Revise_ChangesTheMeeting_AndASecondStaleEdit_IsRefusedWithTheConcurrencyMessage()
    {
        var id = await MeetingSeeds.PlannedAsync(Factory, "Primo titolo");
        var (alice, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bob, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = alice;
        using var _b = bob;
        var aliceForm = await alice.GetDocumentAsync("/Staff/Meetings/Edit/" + id);
        var bobForm = await bob.GetDocumentAsync("/Staff/Meetings/Edit/" + id);

        using (var first = await alice.SubmitAsync(aliceForm, new Dictionary<string, string> { ["Input.Title"] = "Titolo di Alice" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var second = await bob.SubmitAsync(bobForm, new Dictionary<string, string> { ["Input.Title"] = "Titolo di Bob" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await PortalClient.ParseAsync(second);
        Assert.Contains(Concurrency.Message, page.Errors());
        Assert.Equal("Titolo di Bob", page.InputValue("#Input_Title"));
        Assert.Equal("Titolo di Alice", (await MeetingSeeds.LoadAsync(Factory, id)).Title);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.MeetingRevised, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Cancel_APlannedMeeting_MarksItCancelled_AndItCanNoLongerBeRevised()
    {
        var id = await MeetingSeeds.PlannedAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var editForm = await client.GetDocumentAsync("/Staff/Meetings/Edit/" + id);
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);

        using (var response = await client.SubmitAsync(page, new Dictionary<string, string>(), "form#cancel-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.Equal(MeetingStatus.Cancelled, (await MeetingSeeds.LoadAsync(Factory, id)).Status);
        var after = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        Assert.Equal("Annullato", after.Text("[data-testid=status]"));
        Assert.Null(after.QuerySelector("[data-testid=edit-link]"));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.MeetingCancelled && a.EntityId == id.ToString(), TestContext.Current.CancellationToken)));

        // A form opened before the cancellation is refused (stale version), and the meeting stays cancelled.
        using var stale = await client.SubmitAsync(editForm, new Dictionary<string, string> { ["Input.Title"] = "Dopo l'annullamento" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.NotEmpty((await PortalClient.ParseAsync(stale)).Errors());
        Assert.Equal(MeetingStatus.Cancelled, (await MeetingSeeds.LoadAsync(Factory, id)).Status);
    }

    [Fact]
    public async Task RecordHeld_SavesTheDateAndOneRowPerPartner_WithTheNamesFromTheSignInSheet()
    {
        var id = await MeetingSeeds.PlannedAsync(Factory, on: MeetingSeeds.Today.AddDays(-1));
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var partners = await Factory.WithDbAsync(db => db.Partners.AsNoTracking().Where(p => p.AllianceId == CastellanzaPlan.AllianceId).ToDictionaryAsync(p => p.Id, p => p.Name, TestContext.Current.CancellationToken));
        var form = await client.GetDocumentAsync("/Staff/Meetings/Held/" + id);
        var rows = form.QuerySelectorAll("[data-testid=partner-row]");
        Assert.Equal(partners.Count, rows.Length);
        var castellanza = Enumerable.Range(0, rows.Length).Single(i => rows[i].TextContent.Contains("Comune di Castellanza", StringComparison.Ordinal));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.HeldOn"] = Iso(MeetingSeeds.Today.AddDays(-1)),
            [$"Input.Rows[{castellanza}].Present"] = "true",
            [$"Input.Rows[{castellanza}].ReferentName"] = "Anna Verdi",
            ["Input.Others"] = "Dott.ssa Neri (ATS Insubria)\n",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = await MeetingSeeds.LoadAsync(Factory, id);
        Assert.Equal((MeetingStatus.Held, MeetingSeeds.Today.AddDays(-1)), (meeting.Status, meeting.HeldOn));
        Assert.Equal(partners.Count + 1, meeting.Attendees.Count);
        var present = Assert.Single(meeting.Attendees, a => a.Present && a.PartnerId is not null);
        Assert.Equal(("Comune di Castellanza", "Anna Verdi"), (partners[present.PartnerId!.Value], present.ReferentName));
        Assert.Contains(meeting.Attendees, a => a.PartnerId is null && a.Present && a.ReferentName == "Dott.ssa Neri (ATS Insubria)");
        Assert.Equal(staff.Id, (await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.MeetingHeld, TestContext.Current.CancellationToken))).ActorId);

        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        Assert.Equal("Svolto", page.Text("[data-testid=status]"));
        var attendee = page.QuerySelectorAll("[data-testid=attendee]").Single(r => r.TextContent.Contains("Comune di Castellanza", StringComparison.Ordinal));
        Assert.Contains("Anna Verdi", attendee.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sì", attendee.QuerySelector("[data-testid=present]")!.TextContent.Trim());
    }

    [Fact]
    public async Task RecordHeld_AStaleAttendanceCorrection_IsRefusedWithTheConcurrencyMessage_EvenWhenOnlyTheRowsChange()
    {
        var id = await MeetingSeeds.HeldAsync(Factory);
        var (alice, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bob, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = alice;
        using var _b = bob;
        var aliceForm = await alice.GetDocumentAsync("/Staff/Meetings/Held/" + id);
        var bobForm = await bob.GetDocumentAsync("/Staff/Meetings/Held/" + id);

        // Two partners absent so far (the seed marks one present).
        var absent = Enumerable.Range(0, aliceForm.QuerySelectorAll("[data-testid=partner-row]").Length)
            .Where(i => !aliceForm.QuerySelector($"#Input_Rows_{i}__Present")!.HasAttribute("checked")).Take(2).ToList();
        var (a, b) = (absent[0], absent[1]);

        // Same date: only the attendance rows change, not the meeting's own columns.
        using (var first = await alice.SubmitAsync(aliceForm, new Dictionary<string, string> { [$"Input.Rows[{a}].Present"] = "true", [$"Input.Rows[{a}].ReferentName"] = "Nome di Alice" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var second = await bob.SubmitAsync(bobForm, new Dictionary<string, string> { [$"Input.Rows[{b}].Present"] = "true", [$"Input.Rows[{b}].ReferentName"] = "Nome di Bob" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await PortalClient.ParseAsync(second);
        Assert.Contains(Concurrency.Message, page.Errors());
        Assert.Equal("Nome di Bob", page.InputValue($"#Input_Rows_{b}__ReferentName"));
        var names = (await MeetingSeeds.LoadAsync(Factory, id)).Attendees.Where(a => a.Present).Select(a => a.ReferentName).Order(StringComparer.Ordinal);
        Assert.Equal(["Mario Bianchi", "Nome di Alice"], names);
    }

    [Fact]
    public async Task RecordHeld_PresentWithoutName_OrInTheFuture_IsRefused_KeepingWhatWasTyped()
    {
        var id = await MeetingSeeds.PlannedAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Meetings/Held/" + id);

        using var noName = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.HeldOn"] = Iso(MeetingSeeds.Today),
            ["Input.Rows[0].Present"] = "true",
            ["Input.Rows[1].ReferentName"] = "Luigi Gialli",
        });
        var page = await PortalClient.ParseAsync(noName);
        Assert.Contains("Indicare il nome del referente presente, come scritto sul foglio firme.", page.Errors());
        Assert.Equal("Luigi Gialli", page.InputValue("#Input_Rows_1__ReferentName"));

        using var future = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.HeldOn"] = Iso(MeetingSeeds.Today.AddDays(3)) });
        Assert.Contains("La data in cui si è tenuto l'incontro non può essere futura.", (await PortalClient.ParseAsync(future)).Errors());
        Assert.Equal(MeetingStatus.Planned, (await MeetingSeeds.LoadAsync(Factory, id)).Status);
    }

    [Fact]
    public async Task Minutes_TextAndPdf_AreSaved_AndThePdfDownloadsAsAnAttachmentWithACleanName()
    {
        var id = await MeetingSeeds.HeldAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        var pdf = MeetingSeeds.Pdf("firmato");

        using var response = await MeetingSeeds.PostMinutesAsync(client, page, MeetingSeeds.MinutesText, pdf, "../../verbale firmato.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = await MeetingSeeds.LoadAsync(Factory, id);
        Assert.Equal(MeetingSeeds.MinutesText, meeting.MinutesText);
        var document = await Factory.WithDbAsync(db => db.MonitoringDocuments.AsNoTracking().SingleAsync(d => d.Id == meeting.MinutesDocumentId, TestContext.Current.CancellationToken));
        Assert.Equal((MonitoringDocumentPurpose.Minutes, "verbale_firmato.pdf"), (document.Purpose, document.FileName));
        Assert.Null(meeting.MinutesSharedAt);

        using var download = await client.GetAsync($"/Staff/Meetings/{id}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("verbale_firmato.pdf", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("exe")]
    public async Task Minutes_ANonPdfFile_IsRefusedWithTheItalianMessage_AndTheTextIsKept(string kind)
    {
        var id = await MeetingSeeds.HeldAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        var (bytes, name, type) = kind == "png" ? (MeetingSeeds.Png, "foto.png", "image/png") : (MeetingSeeds.Exe, "verbale.pdf", "application/pdf");

        using var response = await MeetingSeeds.PostMinutesAsync(client, page, "Testo scritto a mano", bytes, name, type);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await PortalClient.ParseAsync(response);
        Assert.Contains(MonitoringDocument.NotPdfMessage, after.Errors());
        Assert.Equal("Testo scritto a mano", after.InputValue("#Minutes_Text"));
        var meeting = await MeetingSeeds.LoadAsync(Factory, id);
        Assert.False(meeting.HasMinutes);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.MonitoringDocuments.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Minutes_AnOversizePdf_IsRefused_AndTheTextIsKept()
    {
        var id = await MeetingSeeds.HeldAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        var big = new byte[Conciliazione.Domain.Applications.FileSignature.MaxBytes + 1];
        MeetingSeeds.Pdf().CopyTo(big, 0);

        using var response = await MeetingSeeds.PostMinutesAsync(client, page, "Testo del verbale", big);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await PortalClient.ParseAsync(response);
        Assert.Contains("Il file supera i 10 MB consentiti.", after.Errors());
        Assert.Equal("Testo del verbale", after.InputValue("#Minutes_Text"));
        Assert.False((await MeetingSeeds.LoadAsync(Factory, id)).HasMinutes);
    }

    [Fact]
    public async Task Minutes_BeforeTheMeetingWasHeld_AreNotOffered_AndAPostIsRefused()
    {
        var id = await MeetingSeeds.PlannedAsync(Factory);
        var held = await MeetingSeeds.HeldAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        Assert.Null(page.QuerySelector("form#minutes-form"));

        // The form of a held meeting, replayed on the planned one.
        var heldPage = await client.GetDocumentAsync("/Staff/Meetings/" + held);
        var token = heldPage.QuerySelector("form#minutes-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Testo"), "Minutes.Text" } };
        using var response = await client.Http.PostAsync(new Uri($"/Staff/Meetings/{id}?handler=Minutes", UriKind.Relative), body, TestContext.Current.CancellationToken);

        Assert.Contains("Il verbale si inserisce dopo aver registrato che l'incontro si è tenuto.", (await PortalClient.ParseAsync(response)).Errors());
        Assert.Null((await MeetingSeeds.LoadAsync(Factory, id)).MinutesText);
    }

    [Fact]
    public async Task Share_MakesTheMinutesVisibleToReferents_AndIsAudited()
    {
        var id = await MeetingSeeds.HeldAsync(Factory, minutes: MeetingSeeds.MinutesText);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync("/Staff/Meetings/" + id);

        using var response = await client.SubmitAsync(page, new Dictionary<string, string>(), "form#share-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull((await MeetingSeeds.LoadAsync(Factory, id)).MinutesSharedAt);
        var after = await client.GetDocumentAsync("/Staff/Meetings/" + id);
        Assert.StartsWith("Condiviso con i referenti il ", after.Text("[data-testid=shared]"), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("form#share-form"));
        Assert.Equal(staff.Id, (await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.MeetingMinutesShared, TestContext.Current.CancellationToken))).ActorId);
    }

    [Fact]
    public async Task AnotherAlliancesMeeting_IsNotFound_ForStaff()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var id = await MeetingSeeds.HeldAsync(Factory, minutes: "Altrove", pdf: MeetingSeeds.Pdf(), share: true, projectId: other.ProjectId);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var token = await Conciliazione.Web.Tests.Staff.Applications.ReviewSeeds.TokenAsync(client, "/Staff/Meetings/Edit");

        foreach (var url in new[] { $"/Staff/Meetings/{id}", $"/Staff/Meetings/Edit/{id}", $"/Staff/Meetings/Held/{id}", $"/Staff/Meetings/{id}?handler=Pdf" })
        {
            using var get = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        foreach (var handler in new[] { "Cancel", "Share" })
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = "0" });
            using var post = await client.Http.PostAsync(new Uri($"/Staff/Meetings/{id}?handler={handler}", UriKind.Relative), content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Empty((await client.GetDocumentAsync("/Staff/Meetings")).QuerySelectorAll("[data-testid=meeting]"));
    }

    [Fact]
    public async Task GetOnTheStateChangingHandlers_Answers404Or405_AndChangesNothing()
    {
        var planned = await MeetingSeeds.PlannedAsync(Factory);
        var held = await MeetingSeeds.HeldAsync(Factory, minutes: MeetingSeeds.MinutesText);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        foreach (var url in new[] { $"/Staff/Meetings/{planned}?handler=Cancel", $"/Staff/Meetings/{held}?handler=Share", $"/Staff/Meetings/{held}?handler=Minutes" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, url + " answered " + (int)response.StatusCode);
        }

        Assert.Equal(MeetingStatus.Planned, (await MeetingSeeds.LoadAsync(Factory, planned)).Status);
        Assert.Null((await MeetingSeeds.LoadAsync(Factory, held)).MinutesSharedAt);
    }
}
