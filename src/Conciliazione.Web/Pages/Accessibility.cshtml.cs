using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Conciliazione.Web.Pages;

/// <summary>The accessibility statement (Legge 4/2004). Its text lives in Pages/Content/_AccessibilityText.cshtml.</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class AccessibilityModel : PageModel
{
    public void OnGet()
    {
    }
}
