using Conciliazione.Domain.Identity;
using Conciliazione.Web.Pages.Admin.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account.Manage;

public sealed class IndexModel(UserManager<ApplicationUser> users) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string? Email { get; private set; }
    public IReadOnlyList<string> RoleNames { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    public bool HasPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DisplayName = user.DisplayName;
        Email = user.Email;
        RoleNames = (await users.GetRolesAsync(user)).Select(RoleLabels.Italian).ToList();
        TwoFactorEnabled = user.TwoFactorEnabled;
        HasPassword = await users.HasPasswordAsync(user);
        return Page();
    }
}
