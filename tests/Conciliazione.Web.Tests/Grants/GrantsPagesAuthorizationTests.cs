using System.Text;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Who may open and post to the staff grants pages: every Razor page under /Staff/Grants, found by
/// walking the page endpoints (a page added later is checked without touching this test).
/// Anonymous visitors are sent to sign in; referents, auditors and families are refused; an
/// operator of another alliance gets 404 for this alliance's call, and the ledger shows and moves
/// only its own alliance's money.
/// </summary>
public sealed partial class GrantsPagesAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private const string GrantsPages = "/Staff/Grants";

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"\{(\w+)(?::([^}?]*))?(\?)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>Each grants page's path, its address (this alliance's call for "callId") and whether it is about that call.</summary>
    private List<(string Path, string Url, bool ForCall)> Pages(Guid callId) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>())
            .Where(p => p?.AttributeRouteInfo?.Template is not null && p.ViewEnginePath.StartsWith(GrantsPages, StringComparison.Ordinal))
            .Select(p => (Path: p!.ViewEnginePath, Template: p.AttributeRouteInfo!.Template!))
            .DistinctBy(p => p.Path)
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .Select(p =>
            {
                var forCall = false;
                var url = "/" + RouteParameter().Replace(p.Template, m =>
                {
                    if (m.Groups[1].Value == "callId")
                    {
                        forCall = true;
                        return callId.ToString();
                    }

                    return m.Groups[2].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
                        : m.Groups[2].Value.Contains("int", StringComparison.Ordinal) ? "1"
                        : m.Groups[3].Success ? "" : "x";
                }).TrimEnd('/');
                return (p.Path, url.EndsWith("/Index", StringComparison.Ordinal) ? url[..^"/Index".Length] : url, forCall);
            })
            .ToList();

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string? token, IDictionary<string, string>? fields = null)
    {
        fields ??= new Dictionary<string, string>();
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
    public async Task EveryGrantsPage_RefusesOthers_SendsAnonymousToSignIn_AndHidesTheCallFromAnotherAlliance()
    {
        var ct = TestContext.Current.CancellationToken;
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff, withTotp: false);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m, reference: "AV-AUTH-01");
        var other = await GrantSeeds.ClosedCallAsync(factory, 500m, reference: "AV-AUTH-02");
        await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(1_000m)]);
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staffAccount.Id);
        var otherAlliance = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var foreignStaff = await SignedInAsync(Roles.Staff, otherAlliance.Id);
        using var foreignAdmin = await SignedInAsync(Roles.Admin, otherAlliance.Id);
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [referent] = await ReviewSeeds.TokenAsync(referent, "/Referent"),
            [auditor] = await ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [foreignStaff] = await ReviewSeeds.TokenAsync(foreignStaff),
            [foreignAdmin] = await ReviewSeeds.TokenAsync(foreignAdmin),
        };

        var pages = Pages(callId);
        Assert.Contains(pages, p => p.Path == "/Staff/Grants/Funding" && p.ForCall);
        Assert.Contains(pages, p => p.Path == "/Staff/Grants/Ledger" && !p.ForCall);

        var problems = new StringBuilder();
        void Expect(bool ok, string what, HttpResponseMessage response)
        {
            if (!ok)
            {
                problems.Append(what).Append(" answered ").Append((int)response.StatusCode).Append(' ').AppendLine(response.Headers.Location?.OriginalString);
            }
        }

        foreach (var (_, url, forCall) in pages)
        {
            using (var get = await anonymous.GetAsync(url))
            {
                Expect(IsLogin(get), "anonymous GET " + url, get);
            }

            using (var post = await PostAsync(anonymous, url, null))
            {
                Expect(IsLogin(post), "anonymous POST " + url, post);
            }

            foreach (var (who, client) in new[] { ("referent", referent), ("auditor", auditor), ("family", family.Portal) })
            {
                using (var get = await client.GetAsync(url))
                {
                    Expect(IsForbidden(get), who + " GET " + url, get);
                }

                using var post = await PostAsync(client, url, tokens[client]);
                Expect(IsForbidden(post), who + " POST " + url, post);
            }

            if (!forCall)
            {
                continue;
            }

            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                using (var get = await client.GetAsync(url))
                {
                    Expect(get.StatusCode == HttpStatusCode.NotFound, who + " GET " + url, get);
                }

                using var post = await PostAsync(client, url, tokens[client]);
                Expect(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, who + " POST " + url, post);
                using var run = await PostAsync(client, url + "?handler=Run", tokens[client]);
                Expect(run.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, who + " POST " + url + "?handler=Run", run);
            }
        }

        // The ledger of another alliance shows none of this alliance's calls, and cannot move their money.
        var foreignLedger = await foreignStaff.GetDocumentAsync("/Staff/Grants/Ledger");
        Assert.DoesNotContain("AV-AUTH-01", foreignLedger.Body!.TextContent, StringComparison.Ordinal);
        using (var move = await foreignStaff.SubmitAsync(foreignLedger, new Dictionary<string, string>
        {
            ["Input.FromCallId"] = other.ToString(),
            ["Input.ToCallId"] = callId.ToString(),
            ["Input.Amount"] = "100",
            ["Input.Reason"] = "Prova",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, move.StatusCode);
            Assert.Contains("Scegliere due bandi dello stesso progetto.", (await PortalClient.ParseAsync(move)).Errors());
        }

        // The own alliance's operator opens the same pages: the 404s above are about the alliance, not a broken page.
        foreach (var (_, url, _) in pages.Where(p => p.Path is "/Staff/Grants/Funding" or "/Staff/Grants/Ledger"))
        {
            using var own = await staff.GetAsync(url);
            Expect(own.StatusCode == HttpStatusCode.OK, "own staff GET " + url, own);
        }

        Assert.True(problems.Length == 0, problems.ToString());
        Assert.Equal(0m, await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));
        Assert.Equal(500m, await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == other).Select(c => c.Budget).SingleAsync(ct)));
        Assert.False(await factory.WithDbAsync(db => db.CallReallocations.AnyAsync(ct)));
    }
}
