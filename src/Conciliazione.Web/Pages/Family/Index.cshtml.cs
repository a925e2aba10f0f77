using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Family;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
