using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;

namespace Conciliazione.Web.Tests.Monitoring.Indicators;

/// <summary>
/// The indicator pages and evidence documents are for staff of the project's alliance: families,
/// municipal referents and auditors are refused, anonymous visitors sent to sign in, and staff of
/// another alliance get 404 for the project, the record page and the evidence document.
/// </summary>
public sealed class IndicatorPagesAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsForbidden(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task OnlyStaffOfTheAlliance_SeeIndicatorsAndEvidence()
    {
        var indicator = await IndicatorSteps.IndicatorAsync(factory, "C1", "Soggetti coinvolti");
        var doc = await IndicatorSteps.DocumentAsync(factory);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        var otherDoc = await IndicatorSteps.DocumentAsync(factory, other.Id, other.ProjectId);
        string[] urls =
        [
            $"/Staff/Project/Indicators/Index/{CastellanzaPlan.CurrentProjectId}",
            $"/Staff/Project/Indicators/Record/{indicator.Id}",
            $"/Staff/Project/Indicators/Evidence/{doc.Id}",
        ];

        using (var staff = await SignedInAsync(Roles.Staff))
        {
            foreach (var url in urls)
            {
                using var ok = await staff.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            // Another alliance's evidence document: 404, as if it did not exist.
            using var foreign = await staff.GetAsync($"/Staff/Project/Indicators/Evidence/{otherDoc.Id}");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var otherStaff = await SignedInAsync(Roles.Staff, other.Id))
        {
            foreach (var url in urls)
            {
                using var hidden = await otherStaff.GetAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            }
        }

        foreach (var role in new[] { Roles.Family, Roles.MunicipalReferent, Roles.Auditor })
        {
            using var client = await SignedInAsync(role);
            foreach (var url in urls)
            {
                using var refused = await client.GetAsync(url);
                Assert.True(IsForbidden(refused), $"{role} {url}: {refused.StatusCode}");
            }
        }

        using var anonymous = factory.CreatePortalClient();
        foreach (var url in urls)
        {
            using var login = await anonymous.GetAsync(url);
            Assert.True(IsLogin(login), $"{url}: {login.StatusCode}");
        }

        var downloads = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.AuditEvents, a => a.Action == Domain.Auditing.AuditActions.IndicatorEvidenceDownloaded, TestContext.Current.CancellationToken));
        Assert.Equal(1, downloads);
    }
}
