using AngleSharp.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Account;

public sealed class LoginTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task AnonymousVisitOfStaffPage_RedirectsToLogin()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync("/Staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/Account/Login?ReturnUrl=%2FStaff", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffWithoutTotp_IsSentToEnrolment_AndCannotSeeStaffPages()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);

        using var response = await client.GetAsync("/Staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffEnrolsTotp_ThenReachesStaffPages()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);

        var enrol = await client.GetDocumentAsync("/Account/Manage/EnableAuthenticator?returnUrl=%2FStaff");
        var key = enrol.Text("[data-testid=shared-key]");
        Assert.StartsWith("data:image/png;base64,", enrol.QuerySelector(".qr-code img")!.GetAttribute("src"), StringComparison.Ordinal);
        using var wrong = await client.SubmitAsync(enrol, new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp.Code(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Il codice non è corretto", (await PortalClient.ParseAsync(wrong)).Errors()[0], StringComparison.Ordinal);

        using var done = await client.SubmitAsync(enrol, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var codes = await client.GetDocumentAsync(done.Headers.Location!.OriginalString);
        Assert.Equal(10, codes.QuerySelectorAll("[data-testid=recovery-codes] li").Length);

        using var staffPage = await client.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.OK, staffPage.StatusCode);
    }

    [Fact]
    public async Task LoginWithTotp_ReachesStaffPage()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();

        await client.LoginAsync(staff);
        var page = await client.GetDocumentAsync("/Staff");

        Assert.Equal("Area operatori", page.Text("h1"));
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.Where(a => a.ActorId == staff.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.LoginSucceeded, audit);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenForTheRightPassword()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();
        var form = new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = "password sbagliata di prova" };

        for (var i = 1; i <= 4; i++)
        {
            using var r = await client.PostFormAsync("/Account/Login", form);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("E-mail o password non corretti.", (await PortalClient.ParseAsync(r)).Errors());
        }

        using var fifth = await client.PostFormAsync("/Account/Login", form);
        Assert.Equal("/Account/Lockout", fifth.Headers.Location!.OriginalString);

        form["Input.Password"] = staff.Password;
        using var right = await client.PostFormAsync("/Account/Login", form);
        Assert.Equal("/Account/Lockout", right.Headers.Location!.OriginalString);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.LockedOut && a.EntityId == staff.Id.ToString())));
    }

    [Fact]
    public async Task WrongPassword_KeepsTheEmailTyped_AndSaysWhy()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "nessuno@example.org",
            ["Input.Password"] = "",
        });

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("nessuno@example.org", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Email")!.Value);
        Assert.Contains("Inserire la password.", page.Errors());
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_Is400()
    {
        using var client = Factory.CreatePortalClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@example.org", ["Input.Password"] = "x" });

        using var response = await client.Http.PostAsync(new Uri("/Account/Login", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AuthCookie_IsHostPrefixed_Secure_HttpOnly_SameSite_AndChangesAtLogin()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        using var client = Factory.CreatePortalClient();
        // Session fixation (ASVS 7.2.4): a value planted before login is not the one after it,
        // and signing in again over a live session issues a new value too.
        client.Cookies.Add(new Uri("https://localhost/"), new Cookie("__Host-Conciliazione", "valore-imposto-da-un-attaccante", "/") { Secure = true });
        var before = AuthCookieValue(client);

        var setCookie = await LoginReturningSetCookieAsync(client, staff);
        var afterFirst = AuthCookieValue(client);
        await LoginReturningSetCookieAsync(client, staff);
        var afterSecond = AuthCookieValue(client);

        Assert.Equal("valore-imposto-da-un-attaccante", before);
        Assert.False(string.IsNullOrEmpty(afterFirst));
        Assert.NotEqual(before, afterFirst);
        Assert.NotEqual(afterFirst, afterSecond);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    private static string? AuthCookieValue(PortalClient client) =>
        client.Cookies.GetCookies(new Uri("https://localhost/"))["__Host-Conciliazione"]?.Value;

    private static async Task<string> LoginReturningSetCookieAsync(PortalClient client, TestAccount account)
    {
        using var login = await client.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Conciliazione=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OldCookieReplayedAfterLogout_LeadsToLogin()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);
        var cookie = client.CookieHeader;

        var home = await client.GetDocumentAsync("/");
        using var logout = await client.SubmitAsync(home, new Dictionary<string, string>(), "form[action='/Account/Logout']");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var replay = Factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Staff");
        request.Headers.Add("Cookie", cookie);
        using var response = await replay.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledUser_LiveSessionEnds()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var staffClient = Factory.CreatePortalClient();
        await staffClient.LoginAsync(staff);
        using (var before = await staffClient.GetAsync("/Staff"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var adminClient = Factory.CreatePortalClient();
        await adminClient.LoginAsync(admin);
        var edit = await adminClient.GetDocumentAsync($"/Admin/Users/Edit/{staff.Id}");
        using var disable = await adminClient.SubmitAsync(edit, new Dictionary<string, string>(), "form[action$='handler=Disable']");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        using var after = await staffClient.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var again = await staffClient.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = staff.Email,
            ["Input.Password"] = staff.Password,
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(LoginModelMessages.Failed, (await PortalClient.ParseAsync(again)).Errors());
    }
}

internal static class LoginModelMessages
{
    public const string Failed = Conciliazione.Web.Pages.Account.LoginModel.FailedMessage;
}
