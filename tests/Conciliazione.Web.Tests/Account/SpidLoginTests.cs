using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Account;

/// <summary>
/// Families sign in with SPID/CIE through a real OpenID Connect redirect flow against the local
/// test identity provider on a loopback port: no fake authentication handler.
/// </summary>
public sealed class SpidLoginTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private const string MariaFiscalCode = "RSSMRA85C52F205Q";

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task FirstLogin_CreatesFamilyAccount_KeyedByFiscalCode_AndGreetsByName()
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.SignInAsync("maria-rossi");

        Assert.Equal("/Family", browser.LastUrl!.AbsolutePath);
        Assert.Equal("Benvenuta/o, Maria", page.Text("h1"));
        var account = await factory.WithDbAsync(db => db.Users.AsNoTracking()
            .Where(u => u.FiscalCode == MariaFiscalCode)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.PasswordHash, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToList() })
            .SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Maria Rossi", account.DisplayName);
        Assert.Null(account.Email);
        Assert.Null(account.PasswordHash);
        Assert.Equal([Roles.Family], account.Roles);
        var profile = await factory.WithDbAsync(db => db.FamilyProfiles.AsNoTracking().SingleAsync(p => p.UserId == account.Id, TestContext.Current.CancellationToken));
        Assert.Equal(("Maria", "Rossi", new DateOnly(1985, 3, 12), "maria.rossi@example.org"), (profile.GivenName, profile.FamilyName, profile.BirthDate, profile.IdentityEmail));
        var audit = await AuditRowsAsync();
        Assert.Contains(audit, a => a.Action == AuditActions.FamilyAccountCreated && a.ActorId == account.Id);
        Assert.Contains(audit, a => a.Action == AuditActions.LoginSucceeded && a.ActorId == account.Id && a.Details == "spid");
    }

    [Fact]
    public async Task PlainFiscalCode_WithoutTinitPrefix_IsAcceptedToo()
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.SignInAsync("giuseppe-bianchi");

        Assert.Equal("Benvenuta/o, Giuseppe", page.Text("h1"));
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.FiscalCode == "BNCGPP79S05C139P", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task SecondLogin_WithSpidOrCie_ReachesTheSameAccount()
    {
        using (var first = new SpidBrowser(factory))
        {
            await first.SignInAsync("maria-rossi");
        }

        using (var second = new SpidBrowser(factory))
        {
            var page = await second.SignInAsync("maria-rossi");
            Assert.Equal("Benvenuta/o, Maria", page.Text("h1"));
        }

        using (var withCie = new SpidBrowser(factory))
        {
            var page = await withCie.SignInAsync("maria-rossi", provider: "cie");
            Assert.Equal("Benvenuta/o, Maria", page.Text("h1"));
        }

        var accounts = await factory.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == MariaFiscalCode).Select(u => u.Id).ToListAsync(TestContext.Current.CancellationToken));
        var id = Assert.Single(accounts);
        var logins = (await AuditRowsAsync()).Where(a => a.Action == AuditActions.LoginSucceeded && a.ActorId == id).Select(a => a.Details).ToList();
        Assert.Equal(["spid", "spid", "cie"], logins);
    }

    [Theory]
    [InlineData("anna-neri", "missing-fiscal-code", "non ha comunicato il tuo codice fiscale")]
    [InlineData("paolo-ferrari", "invalid-fiscal-code", "codice fiscale comunicato dal servizio di identità non è valido")]
    public async Task IdentityWithoutValidFiscalCode_ShowsItalianError_AndCreatesNoAccount(string identity, string reason, string message)
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.SignInAsync(identity);

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Equal("Accesso non riuscito", page.Text("h1"));
        Assert.Contains(message, page.Text("[data-testid=sign-in-error]"), StringComparison.Ordinal);
        Assert.Contains("Non è stato creato nessun account", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await FamilyAccountsAsync());
        var failure = Assert.Single(await AuditRowsAsync(), a => a.Action == AuditActions.LoginFailed);
        Assert.Equal("spid:" + reason, failure.Details);
        Assert.Null(failure.ActorId);
        using var family = await browser.Portal.GetAsync("/Family");
        Assert.Equal(HttpStatusCode.Redirect, family.StatusCode);
    }

    [Fact]
    public async Task TamperedState_OnTheCallback_ShowsItalianError_AndCreatesNoAccount()
    {
        using var browser = new SpidBrowser(factory);
        var picker = await browser.OpenPickerAsync(await browser.StartAsync());
        var callback = await browser.PickAsync(picker, "maria-rossi");

        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tampered = QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = state[..^4] + (state.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            ["iss"] = query["iss"],
        });
        using var response = await browser.FollowAsync(new Uri(tampered));
        var page = await PortalClient.ParseAsync(response);

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Contains("non è valida", page.Text("[data-testid=sign-in-error]"), StringComparison.Ordinal);
        Assert.Equal(0, await FamilyAccountsAsync());
        Assert.Contains(await AuditRowsAsync(), a => a.Action == AuditActions.LoginFailed && a.Details == "spid:invalid-response");
    }

    [Fact]
    public async Task ReplayedResponse_IsRefused()
    {
        using var browser = new SpidBrowser(factory);
        var picker = await browser.OpenPickerAsync(await browser.StartAsync());
        var callback = await browser.PickAsync(picker, "maria-rossi");
        using (var first = await browser.FollowAsync(callback))
        {
            Assert.Equal("/Family", browser.LastUrl!.AbsolutePath);
        }

        using var replay = await browser.FollowAsync(callback);

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Contains(await AuditRowsAsync(), a => a.Action == AuditActions.LoginFailed && a.Details == "spid:invalid-response");
        Assert.Equal(1, await FamilyAccountsAsync());
    }

    [Fact]
    public async Task CallbackWithoutProviderRoundTrip_ShowsItalianError()
    {
        using var browser = new SpidBrowser(factory);

        using var response = await browser.FollowAsync(new Uri("/Account/ExternalLoginCallback?returnUrl=%2FFamily", UriKind.Relative));

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Equal(0, await FamilyAccountsAsync());
    }

    [Fact]
    public async Task CancelAtTheProvider_ShowsItalianMessage()
    {
        using var browser = new SpidBrowser(factory);
        var picker = await browser.OpenPickerAsync(await browser.StartAsync());

        using var response = await browser.FollowAsync(await browser.CancelAsync(picker));
        var page = await PortalClient.ParseAsync(response);

        Assert.Contains("Hai annullato l'accesso", page.Text("[data-testid=sign-in-error]"), StringComparison.Ordinal);
        Assert.Contains(await AuditRowsAsync(), a => a.Action == AuditActions.LoginFailed && a.Details == "spid:cancelled");
        Assert.Equal(0, await FamilyAccountsAsync());
    }

    [Fact]
    public async Task AuthorizationRequest_UsesCodeFlowWithPkceStateNonceAndSpidLevel()
    {
        using var browser = new SpidBrowser(factory);

        var authorize = QueryHelpers.ParseQuery((await browser.StartAsync()).Query);

        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(authorize["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(authorize["state"]));
        Assert.False(string.IsNullOrEmpty(authorize["nonce"]));
        Assert.Equal("https://www.spid.gov.it/SpidL2", authorize["acr_values"]);
        Assert.Equal("https://localhost/signin-spid", authorize["redirect_uri"]);
    }

    [Fact]
    public async Task UnknownProvider_IsNotFound()
    {
        using var browser = new SpidBrowser(factory);

        using var response = await browser.Portal.GetAsync("/Account/ExternalLogin?provider=facebook");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    public async Task SignInPages_OfferSpidAndCieButtons(string url)
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.Portal.GetDocumentAsync(url);

        var spid = page.QuerySelector("a[data-testid=signin-spid]")!;
        var cie = page.QuerySelector("a[data-testid=signin-cie]")!;
        Assert.Equal("Entra con SPID", spid.TextContent.Trim());
        Assert.Equal("Entra con CIE", cie.TextContent.Trim());
        Assert.StartsWith("/Account/ExternalLogin?provider=spid&returnUrl=", spid.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("", page.QuerySelector("a[data-testid=signin-spid] img")!.GetAttribute("alt"));
    }

    [Fact]
    public async Task Logout_EndsThePortalSession_ThenTheProviderSession_AndReturnsHome()
    {
        using var browser = new SpidBrowser(factory);
        var family = await browser.SignInAsync("maria-rossi");

        using var logout = await browser.Portal.SubmitAsync(family, new Dictionary<string, string>(), "header form[action='/Account/Logout']");
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var page = await PortalClient.ParseAsync(logout);
        var endSession = new Uri(page.QuerySelector("a[data-testid=end-session]")!.GetAttribute("href")!);
        Assert.Equal(factory.Idp.Address.Authority, endSession.Authority);
        var query = QueryHelpers.ParseQuery(endSession.Query);
        Assert.False(string.IsNullOrEmpty(query["id_token_hint"]));
        Assert.Equal("https://localhost/signout-callback-spid", query["post_logout_redirect_uri"]);

        using var home = await browser.FollowAsync(endSession);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("/", browser.LastUrl!.AbsolutePath);
        using var after = await browser.Portal.GetAsync("/Family");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains(await AuditRowsAsync(), a => a.Action == AuditActions.Logout && a.Details == "spid");
    }

    [Fact]
    public async Task AuditRows_OfLoginsAndFailures_HoldNoFiscalCodeOrName()
    {
        using (var ok = new SpidBrowser(factory))
        {
            await ok.SignInAsync("maria-rossi");
        }

        using (var bad = new SpidBrowser(factory))
        {
            await bad.SignInAsync("paolo-ferrari");
        }

        var rows = await AuditRowsAsync();
        Assert.NotEmpty(rows);
        foreach (var text in rows.Select(r => string.Join("|", r.Action, r.EntityType, r.EntityId, r.Details)))
        {
            foreach (var personal in new[] { MariaFiscalCode, "FRRPLA75D14F704", "Rossi", "Ferrari", "example.org" })
            {
                Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private async Task<List<AuditEvent>> AuditRowsAsync() =>
        await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken));

    private async Task<int> FamilyAccountsAsync() =>
        await factory.WithDbAsync(db => db.Users.CountAsync(u => u.FiscalCode != null, TestContext.Current.CancellationToken));
}
