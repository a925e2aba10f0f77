using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Conciliazione.Web.Pages;

[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
