using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>The accessibility statement (Legge 4/2004). Its text lives in Pages/Content/_AccessibilityText.cshtml.</summary>
public sealed class AccessibilityModel : PageModel
{
    public void OnGet()
    {
    }
}
