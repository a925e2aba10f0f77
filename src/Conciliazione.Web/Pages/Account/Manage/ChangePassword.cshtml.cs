using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account.Manage;

public sealed class ChangePasswordModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    AuditLog audit,
    IValidator<ChangePasswordModel.InputModel> validator) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public bool Saved { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var result = IdentityResult.Failed();
        await audit.InTransactionAsync(async _ =>
        {
            result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
            if (result.Succeeded)
            {
                audit.Add(AuditActions.PasswordChanged, "User", user.Id.ToString());
            }

            return result.Succeeded;
        }, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == "PasswordMismatch" ? nameof(InputModel.CurrentPassword) : nameof(InputModel.NewPassword);
                ModelState.AddModelError($"{nameof(Input)}.{field}", error.Description);
            }

            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        Saved = true;
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        public string CurrentPassword { get; set; } = "";
        public string NewPassword { get; set; } = "";
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("Inserire la password attuale.");
            RuleFor(x => x.NewPassword).NotEmpty().WithMessage("Inserire la nuova password.")
                .MaximumLength(128).WithMessage("La password può avere al massimo 128 caratteri.");
            RuleFor(x => x.ConfirmPassword).Equal(x => x.NewPassword).WithMessage("Le due password non coincidono.");
        }
    }
}
