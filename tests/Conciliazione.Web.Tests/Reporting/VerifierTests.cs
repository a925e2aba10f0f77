using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Pages;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Reporting.ReportPageSteps;
using static Conciliazione.Web.Tests.Reporting.ReportSteps;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>Issue 16: anyone checks on /Verifica that a report PDF (or its SHA-256) is a version the portal issued, and which.</summary>
public sealed class VerifierTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task StoredPdf_AndItsHash_AreRecognised_AModifiedCopyIsNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var report = await GenerateAsync(Factory, "2018-S1");
        var pdf = (await FileAsync(Factory, report.Id)).Pdf;
        using var anonymous = Factory.CreatePortalClient();

        var verified = await VerifyFileAsync(anonymous, "rapporto.pdf", pdf);
        var text = verified.Text("[data-testid=verified]");
        Assert.Contains("Documento emesso da questo portale", text, StringComparison.Ordinal);
        Assert.Contains("Rapporto di monitoraggio 1° semestre 2018, versione 1", text, StringComparison.Ordinal);
        Assert.Contains(report.Sha256!, text, StringComparison.Ordinal);
        Assert.Equal("Questa versione non è stata inviata ad ATS.", verified.Text("[data-testid=verified-submission]"));
        Assert.Null(verified.QuerySelector("[data-testid=not-issued]"));

        var modified = (byte[])pdf.Clone();
        modified[modified.Length / 2] ^= 0x01;
        var refused = await VerifyFileAsync(anonymous, "rapporto.pdf", modified);
        Assert.Equal(VerificaModel.NotIssuedMessage, refused.Text("[data-testid=not-issued]"));
        Assert.Null(refused.QuerySelector("[data-testid=verified]"));

        await Factory.WithDbAsync(async db =>
        {
            var stored = await db.MonitoringReports.SingleAsync(r => r.Id == report.Id, ct);
            stored.Submit(DateTimeOffset.UtcNow, stored.RequestedBy);
            await db.SaveChangesAsync(ct);
        });
        var byHash = await VerifyHashAsync(anonymous, "  " + report.Sha256!.ToUpperInvariant() + " ");
        Assert.Contains("versione 1", byHash.Text("[data-testid=verified]"), StringComparison.Ordinal);
        Assert.StartsWith("Inviato ad ATS il", byHash.Text("[data-testid=verified-submission]"), StringComparison.Ordinal);

        var unknown = await VerifyHashAsync(anonymous, new string('a', 64));
        Assert.Equal(VerificaModel.NotIssuedMessage, unknown.Text("[data-testid=not-issued]"));
    }

    [Fact]
    public async Task Answer_NamesTheVersion_AndNoPerson()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff);
        var ready = await StoredAsync(Factory, "2017", ReportStatus.Ready, staff.Id, "%PDF-1.7 un altro rapporto"u8.ToArray());
        using var anonymous = Factory.CreatePortalClient();

        var page = await VerifyHashAsync(anonymous, ready.Sha256!);

        Assert.Contains("Anno 2017, versione 1", page.Text("[data-testid=verified]"), StringComparison.Ordinal);
        var name = await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == staff.Id).Select(u => u.DisplayName).SingleAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(staff.Email, page.Source.Text, StringComparison.OrdinalIgnoreCase);
        if (name.Length > 0)
        {
            Assert.DoesNotContain(name, page.Text("main"), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task NotAPdf_AndAMalformedHash_GetAClearMessage_KeepingWhatWasTyped()
    {
        using var anonymous = Factory.CreatePortalClient();

        var notPdf = await VerifyFileAsync(anonymous, "rapporto.pdf", "PK\u0003\u0004 un foglio di calcolo"u8.ToArray());
        Assert.Equal(VerificaModel.NotPdfMessage, notPdf.Text("#pdf-error"));
        Assert.Null(notPdf.QuerySelector("[data-testid=not-issued]"));

        const string typed = "1234-non-è-un-hash";
        var malformed = await VerifyHashAsync(anonymous, typed);
        Assert.Equal(VerificaModel.BadHashMessage, malformed.Text("#Hash-error"));
        Assert.Equal(typed, malformed.InputValue("#Hash"));
        Assert.Equal("true", malformed.QuerySelector("#Hash")!.GetAttribute("aria-invalid"));
        Assert.Null(malformed.QuerySelector("[data-testid=not-issued]"));

        var shortHash = await VerifyHashAsync(anonymous, new string('a', 63));
        Assert.Equal(VerificaModel.BadHashMessage, shortHash.Text("#Hash-error"));
    }
}
