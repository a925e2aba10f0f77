using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
