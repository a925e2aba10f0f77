using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Referent;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
