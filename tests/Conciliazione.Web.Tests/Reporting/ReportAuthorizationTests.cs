using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Reporting.ReportPageSteps;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>
/// The staff report pages, their progress JSON and their downloads are for the alliance's staff only:
/// anonymous visitors are sent to sign in, families, referents and auditors are refused, and another
/// alliance's staff get 404 for this alliance's versions (submitting one included).
/// </summary>
public sealed class ReportAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    [Fact]
    public async Task ReportPagesAndDownloads_AreForStaffOfTheAlliance_Only()
    {
        var author = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var report = await StoredAsync(factory, "2018-S1", ReportStatus.Ready, author.Id);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        string[] reportUrls =
        [
            ReportUrl(report.Id), ReportUrl(report.Id) + "?handler=Progress", ReportUrl(report.Id) + "?handler=Pdf", ReportUrl(report.Id) + "?handler=Zip",
        ];
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);

        foreach (var url in reportUrls.Append(IndexUrl))
        {
            using (var get = await anonymous.GetAsync(url))
            {
                Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
                Assert.Contains("/Account/Login", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }

            foreach (var client in new[] { family.Portal, referent, auditor })
            {
                using var get = await client.GetAsync(url);
                Assert.True(IsForbidden(get), $"{url} answered {(int)get.StatusCode} {get.Headers.Location}");
            }

            using (var own = await staff.GetAsync(url))
            {
                Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            }

            using var foreign = await foreignStaff.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        // Submitting this alliance's version with a token of the other alliance's own pages: not found, nothing recorded.
        var ownPage = await foreignStaff.GetDocumentAsync($"/Staff/Project/Reports/{other.ProjectId}");
        using (var submit = await foreignStaff.Http.PostAsync(new Uri(ReportUrl(report.Id) + "?handler=Submit", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ownPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        }

        // Nor can they ask for a report of this alliance's project through the form.
        using (var request = await foreignStaff.Http.PostAsync(new Uri(IndexUrl, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ownPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Period"] = "2018",
        }), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, request.StatusCode);
        }

        Assert.False(await factory.WithDbAsync(db => db.MonitoringReports.AnyAsync(r => r.SubmittedAt != null || r.PeriodKey == "2018", TestContext.Current.CancellationToken)));
    }
}
