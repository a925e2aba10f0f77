using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
