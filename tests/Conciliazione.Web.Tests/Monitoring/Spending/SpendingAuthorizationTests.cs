using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Monitoring.Spending.SpendingSteps;

namespace Conciliazione.Web.Tests.Monitoring.Spending;

/// <summary>
/// The spending pages, their CSVs and their documents are for the alliance's staff: families,
/// municipal referents and auditors are refused; another alliance's staff get 404 for this
/// project and for its documents, even through their own project's URL.
/// </summary>
public sealed class SpendingAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
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
    public async Task SpendingPagesCsvAndDocuments_AreForStaffOfTheAlliance_Only()
    {
        var marnate = await PartnerAsync(factory, "Comune di Marnate");
        var costId = await CostAsync(factory, CostCategory.Staff, marnate, 100m);
        var cofinancingId = await CofinancingAsync(factory, marnate, CofinancingKind.Cash, 50m);
        var (costDoc, cofinancingDoc) = await factory.WithDbAsync(async db => (
            await db.CostEntries.Where(c => c.Id == costId).Select(c => c.DocumentId).SingleAsync(TestContext.Current.CancellationToken),
            await db.CofinancingEntries.Where(c => c.Id == cofinancingId).Select(c => c.DocumentId).SingleAsync(TestContext.Current.CancellationToken)));
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        string[] urls =
        [
            SpendingUrl, SpendingUrl + "?handler=Csv", $"{SpendingUrl}?handler=Document&documentId={costDoc}",
            CofinancingUrl, CofinancingUrl + "?handler=Csv&table=enti", CofinancingUrl + "?handler=Csv&table=fonti", $"{CofinancingUrl}?handler=Document&documentId={cofinancingDoc}",
        ];
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);

        foreach (var url in urls)
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

        // Through their own project's page, another alliance's document is still not theirs.
        foreach (var url in new[] { $"/Staff/Project/Spending/{other.ProjectId}?handler=Document&documentId={costDoc}", $"/Staff/Project/Cofinancing/{other.ProjectId}?handler=Document&documentId={cofinancingDoc}" })
        {
            using var foreign = await foreignStaff.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        // A cost document is not served as a co-financing one (nor the other way round).
        using (var crossed = await staff.GetAsync($"{CofinancingUrl}?handler=Document&documentId={costDoc}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
        }
    }

    [Fact]
    public async Task AnotherAlliancesStaff_CannotRecordOrWithdrawOnThisProject()
    {
        var ct = TestContext.Current.CancellationToken;
        var marnate = await PartnerAsync(factory, "Comune di Marnate");
        var costId = await CostAsync(factory, CostCategory.Staff, marnate, 100m);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);
        var ownPage = await foreignStaff.GetDocumentAsync($"/Staff/Project/Spending/{other.ProjectId}");

        // The other alliance's own form, pointed at this project's entry and at its own project with this alliance's partner.
        using (var withdraw = await foreignStaff.Http.PostAsync(new Uri($"{SpendingUrl}?handler=Withdraw", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ownPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["entryId"] = costId.ToString(),
            ["reason"] = "non mio",
        }), ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        }

        using (var record = await RecordAsync(foreignStaff, ownPage, new Dictionary<string, string>
        {
            ["Input.Category"] = nameof(CostCategory.Staff),
            ["Input.PartnerId"] = marnate.ToString(),
            ["Input.Amount"] = "10",
            ["Input.Date"] = "2018-01-10",
            ["Input.Description"] = "x",
        }, ("f.pdf", Pdf())))
        {
            Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        }

        Assert.False(await factory.WithDbAsync(db => db.CostEntries.AnyAsync(c => c.WithdrawnAt != null || c.ProjectId == other.ProjectId, ct)));
    }
}
