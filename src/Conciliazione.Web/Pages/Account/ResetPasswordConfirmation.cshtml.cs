using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

public sealed class ResetPasswordConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
