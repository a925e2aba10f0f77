using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

public sealed class LockoutModel : PageModel
{
    public void OnGet()
    {
    }
}
