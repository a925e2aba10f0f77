using Conciliazione.Domain.Identity;

namespace Conciliazione.Web.Tests.Account;

/// <summary>After signing in each role lands in its own area, unless a safe local page was asked for.</summary>
public sealed class RoleLandingTests(PortalFactory factory) : PortalTest(factory)
{
    [Theory]
    [InlineData(Roles.Staff, "/Staff")]
    [InlineData(Roles.Admin, "/Staff")]
    [InlineData(Roles.MunicipalReferent, "/Referent")]
    [InlineData(Roles.Auditor, "/Audit")]
    public async Task SignIn_WithoutReturnUrl_LandsInTheRolesArea(string role, string expected)
    {
        var account = await TestAccounts.CreateAsync(Factory, role, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        using var client = Factory.CreatePortalClient();

        Assert.Equal(expected, await SignInAsync(client, account, "/Account/Login"));
        using var home = await client.GetAsync(expected);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("/Account/Login?ReturnUrl=%2FStaff%2FCalls", "/Staff/Calls")]
    [InlineData("/Account/Login?ReturnUrl=%2F", "/Staff")]
    [InlineData("/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F", "/Staff")]
    [InlineData("/Account/Login?ReturnUrl=%2F%2Fevil.example", "/Staff")]
    public async Task SignIn_WithReturnUrl_FollowsOnlyALocalOne(string loginUrl, string expected)
    {
        var account = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreatePortalClient();

        Assert.Equal(expected, await SignInAsync(client, account, loginUrl));
    }

    [Fact]
    public void RoleHome_ForFamily_IsTheFamilyArea() =>
        Assert.Equal("/Family", Conciliazione.Web.Infrastructure.RoleHome.For([Roles.Family]));

    private static async Task<string> SignInAsync(PortalClient client, TestAccount account, string loginUrl)
    {
        using var first = await client.PostFormAsync(loginUrl, new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var second = await client.PostFormAsync(first.Headers.Location.OriginalString, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(account.TotpKey!) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return second.Headers.Location!.OriginalString;
    }
}
