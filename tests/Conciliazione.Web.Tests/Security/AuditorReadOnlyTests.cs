using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Security;

/// <summary>SECURITY-CHECKS #15: an auditor's POST anywhere is a 403, never a redirect or a change.</summary>
public sealed class AuditorReadOnlyTests(PortalFactory factory) : PortalTest(factory)
{
    [Theory]
    [InlineData("/Staff/Calls/Create")]
    [InlineData("/Admin/Users/Create")]
    [InlineData("/Audit")]
    [InlineData("/Family/Profile")]
    [InlineData("/Account/ForgotPassword")]
    public async Task AuditorPost_IsForbidden(string path)
    {
        var auditor = await TestAccounts.CreateAsync(Factory, Roles.Auditor);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(auditor);
        var home = await client.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Title"] = "x" });
        using var response = await client.Http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var denied = await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.AccessDenied && e.EntityId == path, TestContext.Current.CancellationToken));
        Assert.Equal(1, denied);
    }

    [Fact]
    public async Task AuditorPost_ToALongAddress_IsForbidden_AndStillAudited()
    {
        var auditor = await TestAccounts.CreateAsync(Factory, Roles.Auditor);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(auditor);
        var home = await client.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var path = $"/Staff/Applications/DocumentRequest/{Guid.NewGuid()}/{Guid.NewGuid()}";
        Assert.True(path.Length > AuditEvent.MaxShort);

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await client.Http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await Factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == AuditActions.AccessDenied && e.ActorId == auditor.Id && e.EntityId!.StartsWith("/Staff/Applications/DocumentRequest/")).Select(e => e.EntityId).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(path[..(AuditEvent.MaxShort - 3)] + "...", stored);
    }

    [Fact]
    public async Task Auditor_CanStillSignOut()
    {
        var auditor = await TestAccounts.CreateAsync(Factory, Roles.Auditor);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(auditor);
        var home = await client.GetDocumentAsync("/");

        using var logout = await client.SubmitAsync(home, new Dictionary<string, string>(), "form[action='/Account/Logout']");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
    }
}
