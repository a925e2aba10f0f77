using Conciliazione.Domain.Identity;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Who may see the budget execution and its CSV: staff and administrators of the alliance. Anonymous
/// visitors are sent to sign in; families, municipal referents and auditors are refused; an operator
/// of another alliance sees only that alliance's calls, in the page and in the CSV.
/// </summary>
public sealed class ExecutionAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly string[] Urls = ["/Staff/Vouchers/Execution", "/Staff/Vouchers/Execution?handler=Csv"];

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
    public async Task TheExecution_IsForStaffOfTheAlliance_Only()
    {
        var ct = TestContext.Current.CancellationToken;
        await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-EXA-01");
        var otherAlliance = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var admin = await SignedInAsync(Roles.Admin);
        using var foreignStaff = await SignedInAsync(Roles.Staff, otherAlliance.Id);

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
                Assert.Contains("AV-EXA-01", await own.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }

            using var foreign = await foreignStaff.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
            var text = await foreign.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain("AV-EXA-01", text, StringComparison.Ordinal);
            Assert.Contains(AllianceBuilder.OtherProjectTitle, System.Net.WebUtility.HtmlDecode(text), StringComparison.Ordinal);
        }

    }
}
