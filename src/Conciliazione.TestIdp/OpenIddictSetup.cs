using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Conciliazione.TestIdp;

/// <summary>
/// OpenIddict's server in degraded mode: no database. Clients come from configuration and are
/// checked by the handlers below, which do what OpenIddict's application store would do.
/// </summary>
/// <remarks>
/// Authorization codes are self-contained encrypted tokens (no token storage), so the provider
/// cannot revoke one; the portal's state and nonce checks are what stop a replayed response.
/// Keys are ephemeral: restarting the provider invalidates the tokens it issued before.
/// </remarks>
public static class OpenIddictSetup
{
    public static void AddTestIdpServer(this IServiceCollection services, TestIdpOptions idp, bool allowPlainHttp)
    {
        services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris(IdpEndpoints.Authorize)
                .SetTokenEndpointUris(IdpEndpoints.Token)
                .SetEndSessionEndpointUris(IdpEndpoints.EndSession);

            // Authorization code with PKCE only: no implicit, hybrid, password or client-credentials flows.
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.Configure(s => s.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
            o.RegisterClaims(Claims.Subject, Claims.GivenName, Claims.FamilyName, Claims.Birthdate, Claims.Email, idp.FiscalNumberClaim);

            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();

            var aspNetCore = o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();
            if (allowPlainHttp)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }

            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                var client = idp.FindClient(ctx.ClientId);
                if (client is null)
                {
                    ctx.Reject(Errors.InvalidClient, "Client sconosciuto.");
                }
                else if (ctx.RedirectUri is null || !idp.RedirectUris(client).Contains(ctx.RedirectUri, StringComparer.Ordinal))
                {
                    ctx.Reject(Errors.InvalidRequest, "redirect_uri non registrato per questo client.");
                }

                return default;
            }));

            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                var client = idp.FindClient(ctx.ClientId);
                if (client is null || ctx.ClientSecret is null || !SecretsMatch(client.ClientSecret, ctx.ClientSecret))
                {
                    ctx.Reject(Errors.InvalidClient, "Credenziali del client non valide.");
                }
                else if (UsedMethod(ctx.Transaction.GetHttpRequest()) != client.TokenEndpointAuthMethod)
                {
                    ctx.Reject(Errors.InvalidClient, "Metodo di autenticazione del client non consentito: serve " + client.TokenEndpointAuthMethod + ".");
                }

                return default;
            }));

            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                if (ctx.PostLogoutRedirectUri is { } uri
                    && !idp.Clients.SelectMany(idp.PostLogoutRedirectUris).Contains(uri, StringComparer.Ordinal))
                {
                    ctx.Reject(Errors.InvalidRequest, "post_logout_redirect_uri non registrato.");
                }

                return default;
            }));
        });
    }

    private static string UsedMethod(HttpRequest? request) =>
        request?.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) == true
            ? ClientAuthenticationMethods.ClientSecretBasic
            : ClientAuthenticationMethods.ClientSecretPost;

    private static bool SecretsMatch(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
