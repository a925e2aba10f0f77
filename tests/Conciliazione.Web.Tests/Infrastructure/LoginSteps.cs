using System.Net;

namespace Conciliazione.Web.Tests.Infrastructure;

public static class LoginSteps
{
    /// <summary>Signs in through the real pages: password, then the TOTP code when the account has one.</summary>
    public static async Task LoginAsync(this PortalClient client, TestAccount account)
    {
        var response = await client.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Login did not redirect: " + (int)response.StatusCode);
        }

        if (response.Headers.Location!.OriginalString.StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal))
        {
            var second = await client.PostFormAsync(response.Headers.Location.OriginalString, new Dictionary<string, string>
            {
                ["Input.Code"] = Totp.Code(account.TotpKey!),
            });
            if (second.StatusCode != HttpStatusCode.Redirect || second.Headers.Location!.OriginalString.Contains("Lockout", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("TOTP step failed: " + (int)second.StatusCode);
            }
        }
    }
}
