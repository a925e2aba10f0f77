using System.Text;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Who may open and post to the staff ranking page (/Staff/Grants/Ranking/{callId}) and its steps
/// (freeze, publish, discard): anonymous visitors are sent to sign in; families, referents and
/// auditors are refused; an operator or administrator of another alliance gets 404 and changes
/// nothing. The public ranking page is open to anyone, but only for a published ranking.
/// </summary>
public sealed class RankingPagesAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string? token)
    {
        var fields = new Dictionary<string, string> { ["Discard.Reason"] = "prova", ["Fingerprint"] = "x" };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task StaffRankingPage_RefusesOthers_SendsAnonymousToSignIn_AndHidesTheCallFromAnotherAlliance()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 5_000m)]);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);
        using var foreignAdmin = await SignedInAsync(Roles.Admin, other.Id);
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [referent] = await ReviewSeeds.TokenAsync(referent, "/Referent"),
            [auditor] = await ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [foreignStaff] = await ReviewSeeds.TokenAsync(foreignStaff),
            [foreignAdmin] = await ReviewSeeds.TokenAsync(foreignAdmin),
        };
        var page = $"/Staff/Grants/Ranking/{callId}";
        var posts = new[] { "Freeze", "Publish", "Discard" }.Select(h => $"{page}?handler={h}").ToList();
        var problems = new StringBuilder();
        void Expect(bool ok, string what, HttpResponseMessage response)
        {
            if (!ok)
            {
                problems.Append(what).Append(" answered ").Append((int)response.StatusCode).Append(' ').AppendLine(response.Headers.Location?.OriginalString);
            }
        }

        using (var get = await anonymous.GetAsync(page))
        {
            Expect(IsLogin(get), "anonymous GET", get);
        }

        foreach (var url in posts)
        {
            using var post = await PostAsync(anonymous, url, null);
            Expect(IsLogin(post), "anonymous POST " + url, post);
        }

        foreach (var (who, client) in new[] { ("family", family.Portal), ("referent", referent), ("auditor", auditor) })
        {
            using (var get = await client.GetAsync(page))
            {
                Expect(IsForbidden(get), who + " GET", get);
            }

            foreach (var url in posts)
            {
                using var post = await PostAsync(client, url, tokens[client]);
                Expect(IsForbidden(post), who + " POST " + url, post);
            }
        }

        foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
        {
            using (var get = await client.GetAsync(page))
            {
                Expect(get.StatusCode == HttpStatusCode.NotFound, who + " GET", get);
            }

            foreach (var url in posts)
            {
                using var post = await PostAsync(client, url, tokens[client]);
                Expect(post.StatusCode == HttpStatusCode.NotFound, who + " POST " + url, post);
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
        Assert.False(await factory.WithDbAsync(db => db.Rankings.AnyAsync(r => r.CallId == callId, ct)));
        using var own = await staff.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }
}
