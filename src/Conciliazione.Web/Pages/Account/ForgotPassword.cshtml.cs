using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Starts a password reset. The answer is the same whether or not the address exists, so the
/// page cannot be used to discover accounts; families (SPID/CIE) have no password to reset.
/// </summary>
public sealed class ForgotPasswordModel(
    UserManager<ApplicationUser> users,
    IEmailSender email,
    PublicLinks links,
    IValidator<ForgotPasswordModel.InputModel> validator) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

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
        if (user is { IsDisabled: false, FiscalCode: null })
        {
            await PasswordLinks.SendResetAsync(users, email, user, links, invitation: false, ct);
        }

        return RedirectToPage("./ForgotPasswordConfirmation");
    }

    public sealed class InputModel
    {
        public string Email { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator() =>
            RuleFor(x => x.Email).NotEmpty().WithMessage("Inserire l'indirizzo e-mail.")
                .EmailAddress().WithMessage("L'indirizzo e-mail non è valido.");
    }
}
