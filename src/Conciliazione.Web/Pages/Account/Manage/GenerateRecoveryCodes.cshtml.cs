using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account.Manage;

public sealed class GenerateRecoveryCodesModel(UserManager<ApplicationUser> users, AuditLog audit) : PageModel
{
    [TempData]
    public string? RecoveryCodes { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is { TwoFactorEnabled: true } && User.HasClaim(PortalClaims.Amr, PortalClaims.Mfa)
            ? Page()
            : RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is not { TwoFactorEnabled: true } || !User.HasClaim(PortalClaims.Amr, PortalClaims.Mfa))
        {
            return RedirectToPage("./Index");
        }

        IEnumerable<string> codes = [];
        await audit.InTransactionAsync(async _ =>
        {
            codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
            audit.Add(AuditActions.RecoveryCodesGenerated, "User", user.Id.ToString());
            return true;
        }, ct);
        RecoveryCodes = string.Join(' ', codes);
        return RedirectToPage("./ShowRecoveryCodes");
    }
}
