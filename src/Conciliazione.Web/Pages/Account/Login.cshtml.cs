using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>Password step of the local login (staff, admins, referents, auditors).</summary>
public sealed class LoginModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    AuditLog audit,
    IValidator<LoginModel.InputModel> validator) : PageModel
{
    public const string FailedMessage = "E-mail o password non corretti.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            await audit.WriteAsync(AuditActions.LoginFailed, details: "unknown-account", ct: ct);
            ModelState.AddModelError(string.Empty, FailedMessage);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.LoginSucceeded, "User", user.Id.ToString(), "password", user.Id, ct);
            return LocalRedirect(await RoleHome.ForAsync(users, user, Url, ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.LockedOut, "User", user.Id.ToString(), actorId: user.Id, ct: ct);
            return RedirectToPage("./Lockout");
        }

        await audit.WriteAsync(AuditActions.LoginFailed, "User", user.Id.ToString(), result.IsNotAllowed ? "not-allowed" : "bad-password", user.Id, ct);
        ModelState.AddModelError(string.Empty, FailedMessage);
        return Page();
    }

    public sealed class InputModel
    {
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Email).NotEmpty().WithMessage("Inserire l'indirizzo e-mail.")
                .EmailAddress().WithMessage("L'indirizzo e-mail non è valido.");
            RuleFor(x => x.Password).NotEmpty().WithMessage("Inserire la password.");
        }
    }
}
