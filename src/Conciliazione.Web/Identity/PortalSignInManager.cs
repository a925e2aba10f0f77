using System.Globalization;
using System.Security.Claims;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Identity;

/// <summary>
/// Identity's sign-in manager with two portal rules: a disabled account cannot sign in, and every
/// session carries the moment of its first sign-in so its absolute lifetime can be enforced.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    TimeProvider clock)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.Where(c => c.Type != PortalClaims.LoginAt).ToList();
        var current = Context.User;
        var sameUser = current.Identity?.IsAuthenticated == true
            && current.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString("D", CultureInfo.InvariantCulture);
        claims.Add(sameUser && current.FindFirst(PortalClaims.LoginAt) is { } kept
            ? new Claim(PortalClaims.LoginAt, kept.Value)
            : new Claim(PortalClaims.LoginAt, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }
}
