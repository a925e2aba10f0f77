using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>Second step of the local login: the TOTP code (RFC 6238).</summary>
public sealed class LoginWith2faModel(
    SignInManager<ApplicationUser> signIn,
    AuditLog audit,
    IValidator<LoginWith2faModel.InputModel> validator) : PageModel
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

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.LoginSucceeded, "User", user.Id.ToString(), "totp", user.Id, ct);
            return LocalRedirect(await RoleHome.ForAsync(signIn.UserManager, user, Url, ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, "User", user.Id.ToString(), actorId: user.Id, ct: ct);
            return RedirectToPage("./Lockout");
        }

        await audit.WriteAsync(AuditActions.LoginFailed, "User", user.Id.ToString(), "bad-totp", user.Id, ct);
        ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.Code)}", "Il codice non è corretto o è scaduto. Inserire il codice attuale.");
        return Page();
    }

    public sealed class InputModel
    {
        public string Code { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator() =>
            RuleFor(x => x.Code).NotEmpty().WithMessage("Inserire il codice di verifica.")
                .Matches(@"^[0-9 \-]{6,8}$").WithMessage("Il codice è formato da 6 cifre.");
    }
}
