using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Vouchers;

namespace Conciliazione.Web.Tests.Monitoring.LeadDashboard;

/// <summary>
/// Who may see the lead-partner dashboard and its CSV: staff and administrators of the alliance.
/// Anonymous visitors are sent to sign in; families, municipal referents and auditors are refused.
/// </summary>
public sealed class LeadDashboardAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly string[] Urls = ["/Staff/Dashboard", "/Staff/Dashboard?handler=Csv&chart=fondi", "/Staff/Dashboard?handler=Csv&chart=domande"];

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role)
    {
        var account = await TestAccounts.CreateAsync(factory, role, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    [Fact]
    public async Task TheDashboard_IsForStaffOfTheAlliance_NotForFamiliesReferentsOrAuditors()
    {
        var ct = TestContext.Current.CancellationToken;
        await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-LDA-01");
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var admin = await SignedInAsync(Roles.Admin);

        foreach (var url in Urls)
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

            foreach (var client in new[] { staff, admin })
            {
                using var own = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, own.StatusCode);
                Assert.Contains("AV-LDA-01", await own.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }
        }
    }
}
