using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>Second step with a one-time recovery code instead of the TOTP app.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<ApplicationUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("./Login");
        }

        if (string.IsNullOrWhiteSpace(Input.RecoveryCode))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.RecoveryCode)}", "Inserire un codice di recupero.");
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.LoginSucceeded, "User", user.Id.ToString(), "recovery-code", user.Id, ct);
            return LocalRedirect(await RoleHome.ForAsync(signIn.UserManager, user, Url, ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, "User", user.Id.ToString(), actorId: user.Id, ct: ct);
            return RedirectToPage("./Lockout");
        }

        await audit.WriteAsync(AuditActions.LoginFailed, "User", user.Id.ToString(), "bad-recovery-code", user.Id, ct);
        ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.RecoveryCode)}", "Codice di recupero non valido o già usato.");
        return Page();
    }

    public sealed class InputModel
    {
        public string RecoveryCode { get; set; } = "";
    }
}
