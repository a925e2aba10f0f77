using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Account;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Admin.Users;

/// <summary>Invites a local user into the admin's own alliance.</summary>
public sealed class CreateModel(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    IEmailSender email,
    PublicLinks links,
    AuditLog audit,
    TimeProvider clock,
    IValidator<UserForm> validator) : PageModel, IUserFormPage
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Municipalities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Municipalities = await UserForm.MunicipalityOptionsAsync(db, User.AllianceId(), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Municipalities = await UserForm.MunicipalityOptionsAsync(db, allianceId, ct);
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (Input.MunicipalityId is { } m && !await db.Municipalities.AnyAsync(x => x.Id == m && x.AllianceId == allianceId, ct))
        {
            ModelState.AddModelError("Input.MunicipalityId", "Il comune scelto non appartiene all'alleanza.");
            return Page();
        }

        var user = new ApplicationUser
        {
            UserName = Input.Email.Trim(),
            Email = Input.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = Input.DisplayName.Trim(),
            AllianceId = allianceId,
            MunicipalityId = Input.Role == Roles.MunicipalReferent ? Input.MunicipalityId : null,
            CreatedAt = clock.GetUtcNow(),
        };

        IdentityResult? failure = null;
        // The account, its role and the audit row land together or not at all; a retry starts from an
        // empty change tracker and creates them again (ADR 0144).
        await db.InUnitOfWorkAsync(
            async _ =>
            {
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    failure = created;
                    return false;
                }

                await users.AddToRoleAsync(user, Input.Role);
                audit.Add(AuditActions.UserCreated, "User", user.Id.ToString(), Input.Role);
                return true;
            },
            ct,
            commit: ok => ok);

        if (failure is not null)
        {
            foreach (var error in failure.Errors)
            {
                var onEmail = error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal);
                ModelState.AddModelError(onEmail ? "Input.Email" : string.Empty, error.Description);
            }

            return Page();
        }

        await PasswordLinks.SendResetAsync(users, email, user, links, invitation: true, ct);
        TempData["Message"] = "Invito inviato.";
        return RedirectToPage("./Index");
    }
}
