using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>The GDPR art. 13 notice. Its text lives in Pages/Content/_PrivacyText.cshtml for the alliance to edit.</summary>
public sealed class PrivacyModel : PageModel
{
    public void OnGet()
    {
    }
}
