using Conciliazione.Web.Pages.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account.Manage;

/// <summary>Shows freshly generated recovery codes once (they travel in TempData, never in the URL).</summary>
public sealed class ShowRecoveryCodesModel : PageModel
{
    [TempData]
    public string? RecoveryCodes { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public string ContinueUrl => Url.SafeReturnUrl(ReturnUrl) is "/" ? "/Account/Manage" : Url.SafeReturnUrl(ReturnUrl);

    public IActionResult OnGet()
    {
        if (string.IsNullOrEmpty(RecoveryCodes))
        {
            return RedirectToPage("./Index");
        }

        Codes = RecoveryCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Page();
    }
}
