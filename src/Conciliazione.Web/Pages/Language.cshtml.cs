using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>
/// Remembers the chosen language (Italian or English) in a technical cookie. A link in the header
/// (GET): choosing a language is a preference, not a change a forged request could abuse, and a
/// form there would put an antiforgery token on every page (ADR 0126).
/// </summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet(string? culture, string? returnUrl)
    {
        if (string.IsNullOrEmpty(culture))
        {
            return LocalRedirect("/");
        }

        var chosen = culture == "en" ? "en" : "it-IT";
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
