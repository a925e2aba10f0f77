using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Conciliazione.Web.Pages;

/// <summary>The GDPR art. 13 notice. Its text lives in Pages/Content/_PrivacyText.cshtml for the alliance to edit.</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class PrivacyModel : PageModel
{
    public void OnGet()
    {
    }
}
