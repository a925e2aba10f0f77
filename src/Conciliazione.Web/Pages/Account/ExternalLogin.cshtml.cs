using Conciliazione.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Starts a family sign-in: "Entra con SPID" and "Entra con CIE" link here and the page answers
/// with the redirect to the provider (authorization request with PKCE, state and nonce).
/// </summary>
/// <remarks>
/// A GET link, not a form: a POST answered by a redirect to another origin is blocked by the CSP's
/// form-action 'self'. Starting a sign-in changes nothing on the portal, so GET is safe here.
/// </remarks>
public sealed class ExternalLoginModel(FamilyProviders providers) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? provider, string? returnUrl)
    {
        if (providers.Find(provider) is not { } found)
        {
            return NotFound();
        }

        var properties = new AuthenticationProperties
        {
            RedirectUri = Url.Page("./ExternalLoginCallback", new { returnUrl = Url.SafeReturnUrl(returnUrl) }),
        };
        properties.SetString(FamilySignIn.ProviderItem, found.Scheme);
        try
        {
            await HttpContext.ChallengeAsync(found.Scheme, properties);
        }
        catch (Exception ex) when (FamilySignInFailure.Classify(ex) == FamilySignInFailure.Unavailable)
        {
            // The provider's metadata could not be read: it is down or unreachable.
            await FamilySignIn.FailAsync(HttpContext, found.Scheme, FamilySignInFailure.Unavailable, ex);
        }

        return new EmptyResult();
    }
}
