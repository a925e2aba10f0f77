using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Conciliazione.Web.Infrastructure;

/// <summary>Where a person lands after signing in: the address they asked for, or their role's own area.</summary>
public static class RoleHome
{
    /// <summary>The area of a role: admins and operators /Staff, referents /Referent, auditors /Audit, families /Family.</summary>
    public static string For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Roles.Admin) || set.Contains(Roles.Staff) ? "/Staff"
            : set.Contains(Roles.MunicipalReferent) ? "/Referent"
            : set.Contains(Roles.Auditor) ? "/Audit"
            : set.Contains(Roles.Family) ? "/Family"
            : "/";
    }

    /// <summary>
    /// A local <paramref name="returnUrl"/> other than the public home wins (the page that sent the person to
    /// sign in); otherwise the user's role area. A foreign address is never followed.
    /// </summary>
    public static async Task<string> ForAsync(UserManager<ApplicationUser> users, ApplicationUser user, IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl != "/" && url.IsLocalUrl(returnUrl)
            ? returnUrl
            : For(await users.GetRolesAsync(user));
}
