using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Monitoring.Meetings;

/// <summary>Referents read the minutes staff shared, for their own alliance only; nothing else exists for them.</summary>
public sealed class ReferentMeetingsTests(PortalFactory factory) : PortalTest(factory)
{
    private async Task<PortalClient> ReferentAsync()
    {
        var account = await TestAccounts.CreateAsync(Factory, Roles.MunicipalReferent, municipality: "Castellanza");
        var client = Factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task List_ShowsOnlySharedMinutesOfTheAlliance_WithAttendanceByPartner()
    {
        await MeetingSeeds.HeldAsync(Factory, "Incontro condiviso", minutes: MeetingSeeds.MinutesText, share: true);
        await MeetingSeeds.HeldAsync(Factory, "Verbale non ancora condiviso", minutes: "bozza");
        await MeetingSeeds.PlannedAsync(Factory, "Incontro futuro");
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        await MeetingSeeds.HeldAsync(Factory, "Incontro di un'altra alleanza", minutes: "altrove", share: true, projectId: other.ProjectId);
        using var referent = await ReferentAsync();

        var home = await referent.GetDocumentAsync("/Referent");
        Assert.Equal("/Referent/Meetings", home.QuerySelector("[data-testid=meetings-link]")!.GetAttribute("href"));
        var page = await referent.GetDocumentAsync("/Referent/Meetings");

        var meeting = Assert.Single(page.QuerySelectorAll("[data-testid=meeting]"));
        Assert.Contains("Incontro condiviso", meeting.TextContent, StringComparison.Ordinal);
        var attendees = meeting.QuerySelectorAll("[data-testid=attendee]");
        Assert.Equal(13, attendees.Length);
        Assert.Single(attendees, a => a.TextContent.Contains("Mario Bianchi", StringComparison.Ordinal) && a.QuerySelector("[data-testid=present]")!.TextContent.Trim() == "Sì");
    }

    [Fact]
    public async Task Details_ShowsTheTextAndThePdf_AsAnAttachmentWithACleanName_Audited()
    {
        var pdf = MeetingSeeds.Pdf("condiviso");
        var id = await MeetingSeeds.HeldAsync(Factory, minutes: MeetingSeeds.MinutesText, pdf: pdf, share: true);
        using var referent = await ReferentAsync();

        var page = await referent.GetDocumentAsync("/Referent/Meetings/" + id);
        Assert.Equal(MeetingSeeds.MinutesText, page.Text("[data-testid=minutes-text]"));
        var link = page.QuerySelector("[data-testid=minutes-pdf] a")!.GetAttribute("href")!;

        using var download = await referent.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("verbale.pdf", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.MeetingMinutesDownloaded, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task NotShared_AnotherAlliances_OrUnknown_AreAll404_PageAndPdf()
    {
        var notShared = await MeetingSeeds.HeldAsync(Factory, minutes: "bozza", pdf: MeetingSeeds.Pdf());
        var planned = await MeetingSeeds.PlannedAsync(Factory);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var foreign = await MeetingSeeds.HeldAsync(Factory, minutes: "altrove", pdf: MeetingSeeds.Pdf(), share: true, projectId: other.ProjectId);
        using var referent = await ReferentAsync();

        foreach (var id in new[] { notShared, planned, foreign, Guid.NewGuid() })
        {
            using var page = await referent.GetAsync("/Referent/Meetings/" + id);
            using var pdf = await referent.GetAsync($"/Referent/Meetings/{id}?handler=Pdf");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        }
    }
}
