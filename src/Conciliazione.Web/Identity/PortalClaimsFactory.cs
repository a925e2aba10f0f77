using System.Globalization;
using System.Security.Claims;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Identity;

/// <summary>Adds the alliance, the municipality (referents) and the display name to the principal.</summary>
public sealed class PortalClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.AllianceId is { } alliance)
        {
            identity.AddClaim(new Claim(PortalClaims.AllianceId, alliance.ToString("D", CultureInfo.InvariantCulture)));
        }

        if (user.MunicipalityId is { } municipality)
        {
            identity.AddClaim(new Claim(PortalClaims.MunicipalityId, municipality.ToString("D", CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
