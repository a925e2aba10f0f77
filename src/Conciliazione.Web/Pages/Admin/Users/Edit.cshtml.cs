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

/// <summary>
/// Role, municipality and access of a local account of the admin's own alliance.
/// </summary>
/// <remarks>
/// Disabling renews the security stamp: the user's live sessions fail the next stamp check, at most
/// a minute later (SECURITY-CHECKS #9). Accounts of other alliances answer 404.
/// </remarks>
public sealed class EditModel(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    IEmailSender email,
    PublicLinks links,
    AuditLog audit,
    IValidator<UserForm> validator) : PageModel, IUserFormPage
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Municipalities { get; private set; } = [];
    public bool IsDisabled { get; private set; }
    public bool IsSelf { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        Input = new UserForm
        {
            DisplayName = user.DisplayName,
            Email = user.Email ?? "",
            Role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Staff,
            MunicipalityId = user.MunicipalityId,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (Input.MunicipalityId is { } m && !await db.Municipalities.AnyAsync(x => x.Id == m && x.AllianceId == user.AllianceId, ct))
        {
            ModelState.AddModelError("Input.MunicipalityId", "Il comune scelto non appartiene all'alleanza.");
            return Page();
        }

        if (IsSelf && Input.Role != Roles.Admin)
        {
            ModelState.AddModelError("Input.Role", "Non puoi togliere a te stesso il ruolo di amministratore.");
            return Page();
        }

        user.DisplayName = Input.DisplayName.Trim();
        user.MunicipalityId = Input.Role == Roles.MunicipalReferent ? Input.MunicipalityId : null;
        var saved = await audit.InTransactionAsync(async _ =>
        {
            var setEmail = await users.SetEmailAsync(user, Input.Email.Trim());
            var setName = setEmail.Succeeded ? await users.SetUserNameAsync(user, Input.Email.Trim()) : setEmail;
            if (!setName.Succeeded)
            {
                foreach (var error in setName.Errors)
                {
                    ModelState.AddModelError("Input.Email", error.Description);
                }

                return false;
            }

            var current = await users.GetRolesAsync(user);
            if (!current.SequenceEqual([Input.Role]))
            {
                await users.RemoveFromRolesAsync(user, current);
                await users.AddToRoleAsync(user, Input.Role);
            }

            await users.UpdateSecurityStampAsync(user);
            audit.Add(AuditActions.UserUpdated, "User", user.Id.ToString(), Input.Role);
            return true;
        }, ct);
        if (!saved)
        {
            return Page();
        }

        TempData["Message"] = "Utente aggiornato.";
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null || IsSelf)
        {
            return NotFound();
        }

        await audit.InTransactionAsync(async _ =>
        {
            user.Disable();
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            audit.Add(AuditActions.UserDisabled, "User", user.Id.ToString());
            return true;
        }, ct);
        TempData["Message"] = "Utente disabilitato: le sue sessioni si chiudono entro un minuto.";
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await audit.InTransactionAsync(async _ =>
        {
            user.Enable();
            await users.UpdateAsync(user);
            audit.Add(AuditActions.UserEnabled, "User", user.Id.ToString());
            return true;
        }, ct);
        TempData["Message"] = "Utente riabilitato.";
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await PasswordLinks.SendResetAsync(users, email, user, links, invitation: true, ct);
        TempData["Message"] = "Collegamento inviato.";
        return RedirectToPage("./Index");
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(Guid id, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        if (user is null || IsSelf)
        {
            return NotFound();
        }

        await audit.InTransactionAsync(async _ =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            audit.Add(AuditActions.TwoFactorReset, "User", user.Id.ToString());
            return true;
        }, ct);
        TempData["Message"] = "Verifica in due passaggi azzerata: al prossimo accesso l'utente la configurerà di nuovo.";
        return RedirectToPage("./Index");
    }

    private async Task<ApplicationUser?> FindAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.AllianceId == allianceId && u.FiscalCode == null, ct);
        if (user is not null)
        {
            IsDisabled = user.IsDisabled;
            IsSelf = user.Id == User.UserId();
            Municipalities = await UserForm.MunicipalityOptionsAsync(db, allianceId, ct);
        }

        return user;
    }
}
