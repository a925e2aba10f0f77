using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Hosting;

namespace Conciliazione.Web.Tests.Security;

/// <summary>
/// The portal with host filtering off ("*") and a public origin different from the address the
/// test clients use, so a link can only come from the configured origin.
/// </summary>
public sealed class AnyHostPortalFactory : SpidPortalFactory
{
    public const string Origin = "https://conciliazione.example.org";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AllowedHosts", "*");
        builder.UseSetting("Portal:PublicOrigin", Origin);
    }
}

/// <summary>Links in e-mails come from Portal:PublicOrigin, never from the request's Host header.</summary>
public sealed class EmailLinksTests(AnyHostPortalFactory factory) : IClassFixture<AnyHostPortalFactory>, IAsyncLifetime
{
    private const string ForgedHost = "evil.example";

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PasswordReset_WithForgedHost_LinksToThePublicOrigin()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        using var client = factory.CreatePortalClient();
        var form = await client.GetDocumentAsync("/Account/ForgotPassword");
        client.Http.DefaultRequestHeaders.Host = ForgedHost;

        using var sent = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = staff.Email });

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        AssertLinkToOrigin(factory.Mailbox.LatestLinkTo(staff.Email), "/Account/ResetPassword?");
    }

    [Fact]
    public async Task Invitation_WithForgedHost_LinksToThePublicOrigin()
    {
        var admin = await TestAccounts.CreateAsync(factory, Roles.Admin);
        using var client = factory.CreatePortalClient();
        await client.LoginAsync(admin);
        var form = await client.GetDocumentAsync("/Admin/Users/Create");
        client.Http.DefaultRequestHeaders.Host = ForgedHost;

        using var created = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Operatore Invitato",
            ["Input.Email"] = "invitato@example.org",
            ["Input.Role"] = Roles.Staff,
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        AssertLinkToOrigin(factory.Mailbox.LatestLinkTo("invitato@example.org"), "/Account/ResetPassword?");
    }

    [Fact]
    public async Task ContactConfirmation_WithForgedHost_LinksToThePublicOrigin()
    {
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var profile = await browser.Portal.GetDocumentAsync("/Family/Profile");
        browser.Portal.Http.DefaultRequestHeaders.Host = ForgedHost;

        using var saved = await browser.Portal.SubmitAsync(profile, new Dictionary<string, string>
        {
            ["Input.ContactEmail"] = "famiglia.rossi@example.org",
            ["Input.Phone"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        AssertLinkToOrigin(factory.Mailbox.LatestLinkTo("famiglia.rossi@example.org"), "/Account/ConfirmContactEmail?token=");
    }

    private static void AssertLinkToOrigin(string link, string path)
    {
        Assert.DoesNotContain(ForgedHost, link, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(AnyHostPortalFactory.Origin + path, link, StringComparison.Ordinal);
    }
}
