using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Identity;

/// <summary>
/// Identity's user validator, except that a family account (keyed by codice fiscale) has no e-mail:
/// Identity's RequireUniqueEmail would otherwise refuse it.
/// </summary>
/// <remarks>
/// Local accounts still need a unique e-mail, their login name. A family's e-mails live on
/// <see cref="FamilyProfile"/> and are never a key: two members of one family often share one.
/// </remarks>
public sealed class PortalUserValidator(IdentityErrorDescriber errors) : UserValidator<ApplicationUser>(errors)
{
    public override async Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var result = await base.ValidateAsync(manager, user);
        if (result.Succeeded || user.FiscalCode is null || user.Email is not null)
        {
            return result;
        }

        var remaining = result.Errors.Where(e => e.Code != nameof(IdentityErrorDescriber.InvalidEmail)).ToArray();
        return remaining.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(remaining);
    }
}
