using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Monitoring;

namespace Conciliazione.Web.Tests.Monitoring.Meetings;

/// <summary>
/// Who may open the meeting pages: staff the staff pages, referents the referent pages; a family or
/// an auditor is refused both, anonymous visitors are sent to sign in, and a refused POST changes nothing.
/// </summary>
public sealed class MeetingsAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsForbidden(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden
        || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    private async Task<PortalClient> SignedInAsync(string role)
    {
        var account = await TestAccounts.CreateAsync(factory, role, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    [Fact]
    public async Task MeetingPages_RefuseFamiliesAndAuditors_SendAnonymousToSignIn_AndReferentsStayOutOfTheStaffPages()
    {
        var planned = await MeetingSeeds.PlannedAsync(factory);
        var shared = await MeetingSeeds.HeldAsync(factory, minutes: MeetingSeeds.MinutesText, pdf: MeetingSeeds.Pdf(), share: true);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var staff = await SignedInAsync(Roles.Staff);
        var staffPages = new[] { "/Staff/Meetings", "/Staff/Meetings/Edit", $"/Staff/Meetings/Edit/{planned}", $"/Staff/Meetings/{planned}", $"/Staff/Meetings/Held/{planned}", $"/Staff/Meetings/{shared}?handler=Pdf" };
        var referentPages = new[] { "/Referent/Meetings", $"/Referent/Meetings/{shared}", $"/Referent/Meetings/{shared}?handler=Pdf" };
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await Conciliazione.Web.Tests.Staff.Applications.ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [auditor] = await Conciliazione.Web.Tests.Staff.Applications.ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [referent] = await Conciliazione.Web.Tests.Staff.Applications.ReviewSeeds.TokenAsync(referent, "/Referent"),
        };

        var problems = new List<string>();
        foreach (var url in staffPages.Concat(referentPages))
        {
            using var get = await anonymous.GetAsync(url);
            if (!IsLogin(get))
            {
                problems.Add($"anonymous GET {url}: {(int)get.StatusCode}");
            }

            foreach (var (who, client) in new[] { ("family", family.Portal), ("auditor", auditor) })
            {
                using var refused = await client.GetAsync(url);
                if (!IsForbidden(refused))
                {
                    problems.Add($"{who} GET {url}: {(int)refused.StatusCode}");
                }
            }
        }

        foreach (var url in staffPages)
        {
            using var refused = await referent.GetAsync(url);
            if (!IsForbidden(refused))
            {
                problems.Add($"referent GET {url}: {(int)refused.StatusCode}");
            }
        }

        foreach (var url in referentPages)
        {
            using var refused = await staff.GetAsync(url);
            if (!IsForbidden(refused))
            {
                problems.Add($"staff GET {url}: {(int)refused.StatusCode}");
            }
        }

        foreach (var (client, token) in tokens)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Version"] = "0" });
            using var post = await client.Http.PostAsync(new Uri($"/Staff/Meetings/{planned}?handler=Cancel", UriKind.Relative), content, TestContext.Current.CancellationToken);
            if (!IsForbidden(post))
            {
                problems.Add($"POST Cancel: {(int)post.StatusCode}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(MeetingStatus.Planned, (await MeetingSeeds.LoadAsync(factory, planned)).Status);
    }
}
