using System.Globalization;
using System.Security.Claims;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Identity;

/// <summary>
/// Session rules applied to the Identity cookie on every request.
/// </summary>
/// <remarks>
/// SECURITY-CHECKS #8-#10 (ASVS 7.3, 7.4): 20 minutes idle (sliding cookie), 8 hours absolute
/// from the sign-in, and the security stamp checked every minute so a disabled user or a
/// logged-out cookie stops working.
/// </remarks>
public static class SessionClaims
{
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var loginAt = context.Principal?.FindFirstValue(PortalClaims.LoginAt);
        if (loginAt is null
            || !long.TryParse(loginAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > AbsoluteLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Keeps the claims Identity does not rebuild when it refreshes the principal.</summary>
    public static Task CarryOver(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var type in new[] { PortalClaims.LoginAt, PortalClaims.Amr })
            {
                if (!identity.HasClaim(c => c.Type == type) && current.FindFirst(type) is { } claim)
                {
                    identity.AddClaim(new Claim(claim.Type, claim.Value));
                }
            }
        }

        return Task.CompletedTask;
    }
}
