using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Authorization;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Authorization;

/// <summary>
/// Who may open and post to the review pages: every Razor page under /Staff/Applications and
/// /Family/Applications, found by walking the page endpoints (so a page added later is checked
/// without touching this test). Referents, auditors and families are refused; anonymous visitors
/// are sent to sign in; an operator of another alliance gets 404 on this alliance's application.
/// </summary>
public sealed partial class ReviewPagesAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private const string StaffPages = "/Staff/Applications";
    private const string FamilyPages = "/Family/Applications";

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"\{(\w+)(?::([^}?]*))?(\?)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>Each review page's path, address (route values filled, the application's id for "id") and whether its model has POST handlers.</summary>
    private List<(string Path, string Url, bool HasId, bool Posts, bool AdminOnly)> ReviewPages(Guid applicationId)
    {
        var models = typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PageModel))).ToList();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>())
            .Where(p => p?.AttributeRouteInfo?.Template is not null
                && (p.ViewEnginePath.StartsWith(StaffPages, StringComparison.Ordinal) || p.ViewEnginePath.StartsWith(FamilyPages, StringComparison.Ordinal)))
            .Select(p => (Path: p!.ViewEnginePath, Template: p.AttributeRouteInfo!.Template!))
            .DistinctBy(p => p.Path)
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .Select(p =>
            {
                var hasId = false;
                var url = "/" + RouteParameter().Replace(p.Template, m =>
                {
                    var constraint = m.Groups[2].Value;
                    if (m.Groups[1].Value == "id")
                    {
                        hasId = true;
                        return applicationId.ToString();
                    }

                    return constraint.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
                        : constraint.Contains("int", StringComparison.Ordinal) || constraint.Contains("long", StringComparison.Ordinal) ? "1"
                        : m.Groups[3].Success ? ""
                        : "x";
                }).TrimEnd('/');
                var modelName = "Conciliazione.Web.Pages" + p.Path.Replace('/', '.') + "Model";
                var model = models.SingleOrDefault(t => t.FullName == modelName);
                var posts = model?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)) == true;
                var adminOnly = model?.GetCustomAttributes<AuthorizeAttribute>().Any(a => a.Policy == Policies.Admin) == true;
                return (p.Path, url.EndsWith("/Index", StringComparison.Ordinal) ? url[..^"/Index".Length] : url, hasId, posts, adminOnly);
            })
            .ToList();
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string? token, Guid applicationId)
    {
        var fields = new Dictionary<string, string> { ["version"] = "1", ["reviewerId"] = applicationId.ToString() };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private static async Task<PortalClient> SignedInAsync(PortalFactory factory, string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task EveryReviewPage_RefusesOthers_SendsAnonymousToSignIn_AndHidesTheApplicationFromAnotherAlliance()
    {
        var call = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        var id = await ReviewSeeds.OneAsync(factory, call, 1);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(factory, Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(factory, Roles.Auditor);
        using var staff = await SignedInAsync(factory, Roles.Staff);
        using var foreignStaff = await SignedInAsync(factory, Roles.Staff, other.Id);
        using var foreignAdmin = await SignedInAsync(factory, Roles.Admin, other.Id);
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [referent] = await ReviewSeeds.TokenAsync(referent, "/Referent"),
            [auditor] = await ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [staff] = await ReviewSeeds.TokenAsync(staff),
            [foreignStaff] = await ReviewSeeds.TokenAsync(foreignStaff),
            [foreignAdmin] = await ReviewSeeds.TokenAsync(foreignAdmin),
        };

        var pages = ReviewPages(id);
        Assert.Contains(pages, p => p.Path == "/Staff/Applications/Index");
        Assert.Contains(pages, p => p.Path == "/Staff/Applications/Details" && p.HasId);
        Assert.Contains(pages, p => p.Path == "/Staff/Applications/TakeInCharge" && p.Posts);
        Assert.Contains(pages, p => p.Path == "/Staff/Applications/Assign" && p.Posts && p.AdminOnly);
        Assert.Contains(pages, p => p.Path == "/Family/Applications/Details" && p.HasId);

        var problems = new StringBuilder();
        void Expect(bool ok, string what, HttpResponseMessage response)
        {
            if (!ok)
            {
                problems.Append(what).Append(" answered ").Append((int)response.StatusCode).Append(' ').AppendLine(response.Headers.Location?.OriginalString);
            }
        }

        foreach (var (path, url, hasId, posts, adminOnly) in pages)
        {
            using (var get = await anonymous.GetAsync(url))
            {
                Expect(IsLogin(get), "anonymous GET " + url, get);
            }

            using (var post = await PostAsync(anonymous, url, null, id))
            {
                Expect(IsLogin(post), "anonymous POST " + url, post);
            }

            var refused = path.StartsWith(StaffPages, StringComparison.Ordinal)
                ? new[] { ("referent", referent), ("auditor", auditor), ("family", family.Portal) }
                : new[] { ("referent", referent), ("auditor", auditor), ("staff", staff) };
            foreach (var (who, client) in refused)
            {
                using (var get = await client.GetAsync(url))
                {
                    Expect(IsForbidden(get), who + " GET " + url, get);
                }

                using var post = await PostAsync(client, url, tokens[client], id);
                Expect(IsForbidden(post), who + " POST " + url, post);
            }

            if (!hasId || !path.StartsWith(StaffPages, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                if (adminOnly && client == foreignStaff)
                {
                    // An admin-only step refuses a non-admin operator before looking at the application.
                    using var refusedGet = await client.GetAsync(url);
                    using var refusedPost = await PostAsync(client, url, tokens[client], id);
                    Expect(IsForbidden(refusedGet), who + " GET " + url, refusedGet);
                    Expect(IsForbidden(refusedPost), who + " POST " + url, refusedPost);
                    continue;
                }

                using (var get = await client.GetAsync(url))
                {
                    if (get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.OriginalString.StartsWith(StaffPages, StringComparison.Ordinal))
                    {
                        // A POST-only page sends a GET back to the application's page: that one must be a 404.
                        using var followed = await client.GetAsync(get.Headers.Location.OriginalString);
                        Expect(followed.StatusCode == HttpStatusCode.NotFound, who + " GET " + url + " -> " + get.Headers.Location, followed);
                    }
                    else
                    {
                        Expect(get.StatusCode == HttpStatusCode.NotFound, who + " GET " + url, get);
                    }
                }

                if (posts)
                {
                    using var post = await PostAsync(client, url, tokens[client], id);
                    // 405 (a page whose forms post to named handlers only) says nothing about the application either.
                    Expect(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, who + " POST " + url, post);
                }
            }
        }

        // The own alliance's operator opens the same application: the 404s above are about the alliance, not a broken page.
        using var own = await staff.GetAsync($"{StaffPages}/Details/{id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(problems.Length == 0, problems.ToString());
        Assert.Null((await ReviewSeeds.LoadAsync(factory, id)).ReviewerId);
    }
}
