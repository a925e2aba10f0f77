using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Exports;

/// <summary>
/// The staff list exports are staff-only (the /Staff folder policy): anonymous visitors are sent to sign
/// in; families, municipal referents and auditors are refused and nothing is audited as downloaded.
/// </summary>
public sealed class StaffListExportsAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role)
    {
        var account = await TestAccounts.CreateAsync(factory, role, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task EveryListExport_IsRefusedToReferentFamilyAuditor_AndSendsAnonymousToSignIn()
    {
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1);
        var project = CastellanzaPlan.CurrentProjectId;
        string[] urls =
        [
            $"/Staff/Applications?call={funded.CallId}&handler=Csv", $"/Staff/Applications?call={funded.CallId}&handler=Xlsx",
            $"/Staff/Grants/Funding/{funded.CallId}?handler=Csv", $"/Staff/Grants/Funding/{funded.CallId}?handler=Xlsx",
            $"/Staff/Vouchers?call={funded.CallId}&handler=Csv", $"/Staff/Vouchers?call={funded.CallId}&handler=Xlsx",
            "/Staff/Receipts?status=All&handler=Csv", "/Staff/Receipts?status=All&handler=Xlsx",
            "/Staff/Payouts?handler=Csv", "/Staff/Payouts?handler=Xlsx",
            $"/Staff/Project/Indicators/{project}?handler=Csv", $"/Staff/Project/Indicators/{project}?handler=Xlsx",
            $"/Staff/Project/Spending/{project}?handler=CostsCsv", $"/Staff/Project/Spending/{project}?handler=CostsXlsx",
        ];
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);

        foreach (var url in urls)
        {
            foreach (var (who, client) in new[] { ("famiglia", family.Portal), ("referente", referent), ("revisore", auditor) })
            {
                using var refused = await client.GetAsync(url);
                Assert.True(
                    refused.StatusCode == HttpStatusCode.Forbidden || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                    $"{who} got {(int)refused.StatusCode} on {url}");
            }

            using var signIn = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Contains("/Account/Login", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);

            using var allowed = await staff.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var audited = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ListExported, TestContext.Current.CancellationToken));
        Assert.Equal(urls.Length, audited);
    }
}
