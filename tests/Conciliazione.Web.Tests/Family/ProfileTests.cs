using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Family;

/// <summary>The family profile: identity data read-only, contact e-mail verified by a link, phone.</summary>
public sealed class ProfileTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Profile_ShowsIdentityData_ReadOnly()
    {
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");

        var page = await browser.Portal.GetDocumentAsync("/Family/Profile");

        Assert.Equal("RSSMRA85C52F205Q", page.Text("[data-testid=fiscal-code]"));
        var identity = page.Text("[data-testid=identity-data]");
        Assert.Contains("Maria", identity, StringComparison.Ordinal);
        Assert.Contains("12/03/1985", identity, StringComparison.Ordinal);
        Assert.Contains("maria.rossi@example.org", identity, StringComparison.Ordinal);
        var fields = page.QuerySelector("main form")!.QuerySelectorAll("input:not([type=hidden])").Select(i => i.GetAttribute("name")).ToList();
        Assert.Equal(["Input.ContactEmail", "Input.Phone"], fields);
    }

    [Fact]
    public async Task ContactEmail_IsVerifiedByTheEmailedLink_AndIsNotTheAccountKey()
    {
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var profile = await browser.Portal.GetDocumentAsync("/Family/Profile");

        using var saved = await browser.Portal.SubmitAsync(profile, new Dictionary<string, string>
        {
            ["Input.ContactEmail"] = "famiglia.rossi@example.org",
            ["Input.Phone"] = "+39 0331 123456",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await browser.Portal.GetDocumentAsync("/Family/Profile");
        Assert.Contains("non è ancora confermato", after.Text("[data-testid=contact-email-status]"), StringComparison.Ordinal);

        var link = factory.Mailbox.LatestLinkTo("famiglia.rossi@example.org");
        Assert.StartsWith(PortalFactory.PublicOrigin + "/Account/ConfirmContactEmail?token=", link, StringComparison.Ordinal);
        using var elsewhere = factory.CreatePortalClient();
        var confirm = await elsewhere.GetDocumentAsync(new Uri(link).PathAndQuery);
        using var confirmed = await elsewhere.SubmitAsync(confirm, new Dictionary<string, string>());
        Assert.Contains("Indirizzo e-mail confermato", (await PortalClient.ParseAsync(confirmed)).Text("[data-testid=confirm-result]"), StringComparison.Ordinal);

        var status = (await browser.Portal.GetDocumentAsync("/Family/Profile")).Text("[data-testid=contact-email-status]");
        Assert.Contains("famiglia.rossi@example.org è confermato", status, StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.Users.AsNoTracking()
            .Where(u => u.FiscalCode == "RSSMRA85C52F205Q")
            .Select(u => new { u.Email, Profile = db.FamilyProfiles.Single(p => p.UserId == u.Id) })
            .SingleAsync(TestContext.Current.CancellationToken));
        Assert.Null(stored.Email);
        Assert.NotNull(stored.Profile.ContactEmailVerifiedAt);
        Assert.Equal("+39 0331 123456", stored.Profile.Phone);
    }

    [Fact]
    public async Task ConfirmLink_ForAnAddressReplacedSince_ConfirmsNothing()
    {
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        using (await browser.Portal.PostFormAsync("/Family/Profile", new Dictionary<string, string> { ["Input.ContactEmail"] = "vecchio@example.org" }))
        {
        }

        var oldLink = factory.Mailbox.LatestLinkTo("vecchio@example.org");
        using (await browser.Portal.PostFormAsync("/Family/Profile", new Dictionary<string, string> { ["Input.ContactEmail"] = "nuovo@example.org" }))
        {
        }

        var confirm = await browser.Portal.GetDocumentAsync(new Uri(oldLink).PathAndQuery);
        using var result = await browser.Portal.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Contains("non è valido", (await PortalClient.ParseAsync(result)).Text("[data-testid=confirm-result]"), StringComparison.Ordinal);
        Assert.Null(await factory.WithDbAsync(db => db.FamilyProfiles.Select(p => p.ContactEmailVerifiedAt).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task TamperedConfirmLink_IsRefused()
    {
        using var client = factory.CreatePortalClient();

        var page = await client.GetDocumentAsync("/Account/ConfirmContactEmail?token=CfDJ8-not-a-token");

        Assert.Contains("non è valido o è scaduto", page.Text("[data-testid=confirm-result]"), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main form"));
    }

    [Theory]
    [InlineData("non-una-email", "", "L'indirizzo e-mail non è valido.")]
    [InlineData("", "abc", "Il numero di telefono non è valido")]
    public async Task InvalidContacts_AreRejected_WithItalianMessages_AndNothingSaved(string email, string phone, string message)
    {
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");

        using var response = await browser.Portal.PostFormAsync("/Family/Profile", new Dictionary<string, string>
        {
            ["Input.ContactEmail"] = email,
            ["Input.Phone"] = phone,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await PortalClient.ParseAsync(response)).Errors(), e => e.StartsWith(message, StringComparison.Ordinal));
        var stored = await factory.WithDbAsync(db => db.FamilyProfiles.Select(p => new { p.ContactEmail, p.Phone }).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Null(stored.ContactEmail);
        Assert.Null(stored.Phone);
    }

    [Fact]
    public async Task StaffUser_CannotOpenFamilyProfile()
    {
        var staff = await TestAccounts.CreateAsync(factory, Conciliazione.Domain.Identity.Roles.Staff);
        using var client = factory.CreatePortalClient();
        await client.LoginAsync(staff);

        using var response = await client.GetAsync("/Family/Profile");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
