using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

public sealed class ForgotPasswordConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
