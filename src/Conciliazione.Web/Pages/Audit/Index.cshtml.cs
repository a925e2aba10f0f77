using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Audit;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
