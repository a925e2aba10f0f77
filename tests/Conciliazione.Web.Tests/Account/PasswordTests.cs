using AngleSharp.Dom;
using Conciliazione.Domain.Identity;

namespace Conciliazione.Web.Tests.Account;

/// <summary>SECURITY-CHECKS #3, #4, #5: password rules, reset links, rate limits.</summary>
public sealed class PasswordTests(PortalFactory factory) : PortalTest(factory)
{
    [Theory]
    [InlineData("correcthorsebatterystaple")]
    [InlineData("una frase di sessantaquattro caratteri per la prova delle regole!")]
    public async Task ResetPassword_AcceptsLongPassphrases(string password)
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, staff.Email);

        using var response = await client.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

        Assert.Equal("/Account/ResetPasswordConfirmation", response.Headers.Location!.OriginalString);
        await client.LoginAsync(staff with { Password = password });
        using var staffPage = await client.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.OK, staffPage.StatusCode);
    }

    [Theory]
    [InlineData("passwordpassword", "compare in elenchi di password rubate")]
    [InlineData("corta", "almeno 12 caratteri")]
    public async Task ResetPassword_RejectsBreachedOrShortPasswords_WithItalianMessage(string password, string expected)
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, staff.Email);

        using var response = await client.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await PortalClient.ParseAsync(response)).Errors(), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetLink_UsedTwice_IsRejectedTheSecondTime_AndDoesNotSignIn()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();
        var link = await RequestResetLinkAsync(client, staff.Email);
        var values = new Dictionary<string, string>
        {
            ["Input.Password"] = "la mia nuova frase segreta",
            ["Input.ConfirmPassword"] = "la mia nuova frase segreta",
        };

        using var first = await client.PostFormAsync(link, values);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var staffPage = await client.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.Redirect, staffPage.StatusCode);

        values["Input.Password"] = values["Input.ConfirmPassword"] = "un'altra frase ancora diversa";
        using var second = await client.PostFormAsync(link, values);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(Conciliazione.Web.Pages.Account.ResetPasswordModel.InvalidLinkMessage, (await PortalClient.ParseAsync(second)).Errors());
    }

    [Fact]
    public async Task ForgotPassword_ForUnknownAddress_SaysTheSame_AndSendsNothing()
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.PostFormAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = "sconosciuto@example.org" });

        Assert.Equal("/Account/ForgotPasswordConfirmation", response.Headers.Location!.OriginalString);
        Assert.Empty(Factory.Mailbox.MessagesTo("sconosciuto@example.org"));
    }

    [Fact]
    public async Task SixthResetRequestFromOneAddress_Gets429WithRetryAfter()
    {
        using var client = Factory.CreatePortalClient();
        var page = await client.GetDocumentAsync("/Account/ForgotPassword");
        var values = new Dictionary<string, string> { ["Input.Email"] = "qualcuno@example.org" };

        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.SubmitAsync(page, values);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        using var limited = await client.SubmitAsync(page, values);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "Retry-After missing");
        Assert.Contains("Troppe richieste", (await PortalClient.ParseAsync(limited)).Text("h1"), StringComparison.Ordinal);
    }

    private async Task<string> RequestResetLinkAsync(PortalClient client, string email)
    {
        using var response = await client.PostFormAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = Factory.Mailbox.LatestLinkTo(email);
        Assert.DoesNotContain(email, link, StringComparison.OrdinalIgnoreCase);
        return new Uri(link).PathAndQuery;
    }
}
