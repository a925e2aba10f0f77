using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Tests.Applications;

public sealed class ApplicationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Pdf = "%PDF-1.7 contenuto"u8.ToArray();

    private static Application Draft() =>
        Application.StartDraft(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi" }, Now);

    [Fact]
    public void Submit_FreezesTheApplication_WithProtocolAndHistory()
    {
        var application = Draft();
        var version = Guid.NewGuid();

        application.Submit(version, "2026/000001", Guid.NewGuid(), Now.AddMinutes(5));

        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Equal("2026/000001", application.ProtocolNumber);
        Assert.Equal(version, application.CallVersionId);
        var step = Assert.Single(application.History);
        Assert.Equal((ApplicationStatus.Draft, ApplicationStatus.Submitted), (step.From, step.To));
        var ex = Assert.Throws<DomainException>(() => application.UpdateIsee(new IseeSection { HasIsee = true, Value = 1m }, Now));
        Assert.Contains("già stata inviata", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => application.AttachDocument("isee", "x.pdf", UploadKind.Pdf, Pdf, Now));
    }

    [Fact]
    public void Withdraw_IsAllowedBeforeADecision_AndRecorded()
    {
        var application = Draft();
        Assert.Throws<DomainException>(() => application.Withdraw(Guid.NewGuid(), Now, null));
        application.Submit(Guid.NewGuid(), "2026/000002", Guid.NewGuid(), Now);

        application.Withdraw(application.FamilyUserId, Now.AddDays(1), "Non serve più");

        Assert.Equal(ApplicationStatus.Withdrawn, application.Status);
        Assert.Equal("Non serve più", application.History[^1].Reason);
        Assert.Throws<DomainException>(() => application.Withdraw(application.FamilyUserId, Now.AddDays(2), null));
    }

    [Fact]
    public void AttachDocument_RefusesContentThatIsNotWhatItClaims_AndOversizedFiles()
    {
        var application = Draft();
        var exe = "MZ\u0090\u0000 eseguibile"u8.ToArray();

        Assert.Throws<DomainException>(() => application.AttachDocument("isee", "isee.pdf", UploadKind.Pdf, exe, Now));
        var big = new byte[FileSignature.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        Assert.Throws<DomainException>(() => application.AttachDocument("isee", "isee.pdf", UploadKind.Pdf, big, Now));

        var doc = application.AttachDocument("isee", "../../isee 2026.pdf", UploadKind.Pdf, Pdf, Now);
        Assert.Equal("isee_2026.pdf", doc.FileName);
        Assert.Equal(64, doc.Sha256.Length);
    }

    [Theory]
    [InlineData(ApplicationStatus.Submitted, "Inviata")]
    [InlineData(ApplicationStatus.DocumentsRequested, "Integrazione richiesta")]
    [InlineData(ApplicationStatus.WaitingList, "In lista d'attesa")]
    [InlineData(ApplicationStatus.Renounced, "Rinunciata")]
    public void Statuses_HaveTheirItalianLabels(ApplicationStatus status, string label) =>
        Assert.Equal(label, ApplicationStatuses.Italian(status));
}
