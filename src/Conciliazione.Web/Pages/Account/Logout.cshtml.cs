using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Sign-out. The security stamp is renewed so that a copy of the old cookie stops working
/// at the next validation (SECURITY-CHECKS #8). A family signed in with SPID/CIE is then sent to
/// the provider's end-session endpoint (RP-initiated logout with id_token_hint), which brings
/// the browser back to the portal's home.
/// </summary>
/// <remarks>
/// The provider's URL is offered as a link that a script follows at once, not as a redirect: the
/// CSP's form-action 'self' blocks a form POST answered by a redirect to another origin.
/// </remarks>
public sealed class LogoutModel(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    FamilyProviders providers,
    AuditLog audit,
    ILogger<LogoutModel> logger) : PageModel
{
    /// <summary>Where the browser goes next to end the SPID/CIE session too; null for local accounts.</summary>
    public string? EndSessionUrl { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        var endSession = await ProviderEndSessionUrlAsync();
        await signIn.SignOutAsync();
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.Logout, "User", user.Id.ToString(), endSession.Scheme, user.Id, ct);
        }

        if (endSession.Url is not null)
        {
            EndSessionUrl = endSession.Url;
            return Page();
        }

        return RedirectToPage("./Logout");
    }

    /// <summary>Asks the session's provider handler for its end-session URL (id_token_hint, state, post_logout_redirect_uri).</summary>
    private async Task<(string? Scheme, string? Url)> ProviderEndSessionUrlAsync()
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var scheme = session.Properties?.GetString(FamilySignIn.ProviderItem);
        if (providers.Find(scheme) is null)
        {
            return (null, null);
        }

        try
        {
            await HttpContext.SignOutAsync(scheme, new AuthenticationProperties { RedirectUri = "/" });
        }
        catch (Exception ex) when (FamilySignInFailure.Classify(ex) == FamilySignInFailure.Unavailable)
        {
            // The provider is down: the portal session still ends; the provider's own session expires by itself.
            logger.LogWarning("End-session URL of {Scheme} unavailable ({Failure})", scheme, ex.GetType().Name);
            return (scheme, null);
        }

        return (scheme, HttpContext.Items[FamilySignIn.EndSessionUrlItem] as string);
    }
}
