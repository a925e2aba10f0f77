using System.Text;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Sets a password from an e-mailed link (reset or invitation). The token is single-use (the
/// security stamp changes) and lasts one hour (SECURITY-CHECKS #5); it never signs the user in,
/// so the second factor is still asked at login.
/// </summary>
public sealed class ResetPasswordModel(
    UserManager<ApplicationUser> users,
    AuditLog audit,
    IValidator<ResetPasswordModel.InputModel> validator) : PageModel
{
    public const string InvalidLinkMessage = "Il collegamento non è valido o è scaduto. Richiederne uno nuovo da \"Password dimenticata\".";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IActionResult OnGet(Guid? userId, string? code)
    {
        if (userId is null || string.IsNullOrEmpty(code))
        {
            return RedirectToPage("./ForgotPassword");
        }

        Input = new InputModel { UserId = userId.Value, Code = code };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var user = await users.FindByIdAsync(Input.UserId.ToString());
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Input.Code));
        }
        catch (FormatException)
        {
            token = "";
        }

        if (user is null || user.IsDisabled || token.Length == 0)
        {
            ModelState.AddModelError(string.Empty, InvalidLinkMessage);
            return Page();
        }

        var result = IdentityResult.Failed();
        await audit.InTransactionAsync(async _ =>
        {
            result = await users.ResetPasswordAsync(user, token, Input.Password);
            if (result.Succeeded)
            {
                audit.Add(AuditActions.PasswordReset, "User", user.Id.ToString(), actorId: user.Id);
            }

            return result.Succeeded;
        }, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code == "InvalidToken" ? string.Empty : $"{nameof(Input)}.{nameof(InputModel.Password)}";
                ModelState.AddModelError(key, error.Code == "InvalidToken" ? InvalidLinkMessage : error.Description);
            }

            return Page();
        }

        return RedirectToPage("./ResetPasswordConfirmation");
    }

    public sealed class InputModel
    {
        public Guid UserId { get; set; }
        public string Code { get; set; } = "";
        public string Password { get; set; } = "";
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Password).NotEmpty().WithMessage("Inserire la nuova password.")
                .MaximumLength(128).WithMessage("La password può avere al massimo 128 caratteri.");
            RuleFor(x => x.ConfirmPassword).Equal(x => x.Password).WithMessage("Le due password non coincidono.");
        }
    }
}
