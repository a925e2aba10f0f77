using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Conciliazione.TestIdp;

/// <summary>
/// The authorization endpoint after OpenIddict validated the request: GET shows the identity
/// picker, POST signs the chosen identity in (OpenIddict then redirects to the client with a code).
/// </summary>
public static class AuthorizeEndpoint
{
    /// <summary>Form fields of the picker itself, not parameters of the OIDC request.</summary>
    private static readonly HashSet<string> PickerFields = ["identity", "cancel", "__RequestVerificationToken"];

    public static async Task<IResult> HandleAsync(HttpContext context, IAntiforgery antiforgery, TestIdpOptions idp)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("OpenIddict did not validate this authorization request.");
        var parameters = (HttpMethods.IsPost(context.Request.Method) ? context.Request.Form.AsEnumerable() : context.Request.Query.AsEnumerable())
            .Where(p => !PickerFields.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")))
            .ToList();

        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!await antiforgery.IsValidAsync(context))
            {
                return Results.BadRequest("Richiesta non valida: ricarica la pagina.");
            }

            if (context.Request.Form.ContainsKey("cancel"))
            {
                return Results.Forbid(
                    new AuthenticationProperties(new Dictionary<string, string?>
                    {
                        [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "L'utente ha annullato l'accesso.",
                    }),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var key = context.Request.Form["identity"].ToString();
            if ((TestIdentities.Find(key) ?? (idp.GeneratedFamilies ? TestIdentities.Generated(key) : null)) is { } person)
            {
                return Results.SignIn(Principal(person, request, idp), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            }
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = IdentityPicker.Render(request, parameters, tokens, idp);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>RP-initiated logout: OpenIddict checked the post_logout_redirect_uri and sends the browser back there.</summary>
    public static IResult EndSession() =>
        Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The claims a SPID/CIE OIDC gateway returns, all in the identity token.</summary>
    private static ClaimsPrincipal Principal(TestIdentity person, OpenIddictRequest request, TestIdpOptions idp)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Key)
            .SetClaim(Claims.Name, person.GivenName + " " + person.FamilyName)
            .SetClaim(Claims.GivenName, person.GivenName)
            .SetClaim(Claims.FamilyName, person.FamilyName)
            .SetClaim(Claims.Birthdate, person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .SetClaim(Claims.Email, person.Email)
            .SetClaim(idp.FiscalNumberClaim, person.FiscalNumber)
            .SetClaim(Claims.AuthenticationContextReference, person.Acr ?? request.GetAcrValues().FirstOrDefault() ?? idp.DefaultAcr);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(claim => claim.Type == Claims.Subject
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }
}
