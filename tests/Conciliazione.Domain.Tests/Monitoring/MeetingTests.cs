using System.Text;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Tests.Monitoring;

public sealed class MeetingTests
{
    private static readonly DateTimeOffset Now = new(2018, 1, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2018, 1, 20);

    private static Project Plan() => Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Piano di prova", "Piano", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));

    private static Meeting Planned(Project? project = null) =>
        Meeting.Plan(project ?? Plan(), "  Incontro di gennaio ", new DateOnly(2018, 1, 18), " Castellanza ", " ", Now, null);

    private static MonitoringDocument Pdf(Meeting m) =>
        MonitoringDocument.Upload(m.AllianceId, m.ProjectId, MonitoringDocumentPurpose.Minutes, new UploadedFile("v.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 verbale")), Now, null);

    [Fact]
    public void Plan_TrimsTheTexts_AndStartsPlanned_InTheProjectsAlliance()
    {
        var project = Plan();
        var m = Planned(project);

        Assert.Equal(("Incontro di gennaio", "Castellanza", (string?)null, MeetingStatus.Planned), (m.Title, m.Place, m.Agenda, m.Status));
        Assert.Equal((project.AllianceId, project.Id), (m.AllianceId, m.ProjectId));
    }

    [Fact]
    public void Plan_WithoutTitle_IsRefused() =>
        Assert.Equal("Inserire il titolo dell'incontro.", Assert.Throws<DomainException>(() => Meeting.Plan(Plan(), " ", Today, null, null, Now, null)).Message);

    [Fact]
    public void Plan_OnAClosedProject_IsRefused()
    {
        var project = Plan();
        project.Close(Today, null);

        Assert.Equal(Project.ClosedMessage, Assert.Throws<DomainException>(() => Planned(project)).Message);
    }

    [Fact]
    public void RecordHeld_InTheFuture_IsRefused() =>
        Assert.Throws<DomainException>(() => Planned().RecordHeld(Today.AddDays(1), [], Today));

    [Fact]
    public void RecordHeld_SetsDateAndAttendance_AndASecondRecordReplacesIt()
    {
        var m = Planned();
        var partner = Guid.NewGuid();
        m.RecordHeld(Today, [new MeetingAttendee { PartnerId = partner, Present = true, ReferentName = " Anna Verdi " }], Today);
        m.RecordHeld(Today.AddDays(-1), [new MeetingAttendee { PartnerId = partner, Present = false }, new MeetingAttendee { Present = true, ReferentName = "ATS" }], Today);

        Assert.Equal((MeetingStatus.Held, (DateOnly?)Today.AddDays(-1)), (m.Status, m.HeldOn));
        Assert.Equal(2, m.Attendees.Count);
        Assert.All(m.Attendees, a => Assert.Equal(m.Id, a.MeetingId));
    }

    [Fact]
    public void RecordHeld_TheSamePartnerTwice_OrAnUnnamedOutsider_IsRefused()
    {
        var partner = Guid.NewGuid();
        Assert.Throws<DomainException>(() => Planned().RecordHeld(Today, [new MeetingAttendee { PartnerId = partner }, new MeetingAttendee { PartnerId = partner }], Today));
        Assert.Throws<DomainException>(() => Planned().RecordHeld(Today, [new MeetingAttendee { Present = true, ReferentName = " " }], Today));
    }

    [Fact]
    public void Cancelled_CannotBeHeldNorRevised_AndHeldCannotBeCancelled()
    {
        var cancelled = Planned();
        cancelled.Cancel();
        Assert.Equal(Meeting.CancelledMessage, Assert.Throws<DomainException>(() => cancelled.RecordHeld(Today, [], Today)).Message);
        Assert.Equal(Meeting.CancelledMessage, Assert.Throws<DomainException>(() => cancelled.Revise("Nuovo", Today, null, null)).Message);

        var held = Planned();
        held.RecordHeld(Today, [], Today);
        Assert.Throws<DomainException>(held.Cancel);
    }

    [Fact]
    public void Minutes_OnlyAfterTheMeetingWasHeld_AndNeverEmpty()
    {
        var m = Planned();
        Assert.Throws<DomainException>(() => m.SetMinutes("Testo", null));

        m.RecordHeld(Today, [], Today);
        Assert.Equal("Scrivere il verbale o caricarlo in PDF.", Assert.Throws<DomainException>(() => m.SetMinutes("  ", null)).Message);

        m.SetMinutes(" Testo del verbale ", null);
        Assert.Equal("Testo del verbale", m.MinutesText);
        var pdf = Pdf(m);
        m.SetMinutes(null, pdf);
        Assert.Equal((null, (Guid?)pdf.Id), (m.MinutesText, m.MinutesDocumentId));
    }

    [Fact]
    public void Minutes_ANonPdfDocument_IsRefused()
    {
        var m = Planned();
        m.RecordHeld(Today, [], Today);
        var png = MonitoringDocument.Upload(m.AllianceId, m.ProjectId, MonitoringDocumentPurpose.IndicatorEvidence,
            new UploadedFile("f.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), Now, null);

        Assert.Equal(MonitoringDocument.NotPdfMessage, Assert.Throws<DomainException>(() => m.SetMinutes("Testo", png)).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 })]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0 })]
    public void Upload_MinutesThatAreNotAPdf_AreRefusedWithTheItalianMessage(byte[] bytes) =>
        Assert.Equal(MonitoringDocument.NotPdfMessage, Assert.Throws<DomainException>(() =>
            MonitoringDocument.Upload(Guid.NewGuid(), Guid.NewGuid(), MonitoringDocumentPurpose.Minutes, new UploadedFile("verbale.pdf", bytes), Now, null)).Message);

    [Fact]
    public void Share_NeedsMinutes_AndKeepsTheFirstSharingTime()
    {
        var m = Planned();
        m.RecordHeld(Today, [], Today);
        Assert.Equal("Non c'è ancora un verbale da condividere.", Assert.Throws<DomainException>(() => m.ShareMinutes(Now)).Message);

        m.SetMinutes("Testo", null);
        m.ShareMinutes(Now);
        m.ShareMinutes(Now.AddDays(1));

        Assert.Equal(Now, m.MinutesSharedAt);
    }
}
