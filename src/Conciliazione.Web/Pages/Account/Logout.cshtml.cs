using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Sign-out. The security stamp is renewed so that a copy of the old cookie stops working
/// at the next validation (SECURITY-CHECKS #8).
/// </summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        await signIn.SignOutAsync();
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.Logout, "User", user.Id.ToString(), actorId: user.Id, ct: ct);
        }

        return RedirectToPage("./Logout");
    }
}
