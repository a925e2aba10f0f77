using System.Security.Claims;

namespace Conciliazione.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The alliance of a staff user, admin, referent or auditor; null for families.</summary>
    public static Guid? AllianceId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PortalClaims.AllianceId), out var id) ? id : null;

    public static Guid? MunicipalityId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PortalClaims.MunicipalityId), out var id) ? id : null;

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
