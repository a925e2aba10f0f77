using System.Net.Sockets;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Conciliazione.Web.Identity;

/// <summary>A provider families can sign in with: its authentication scheme, configuration section and label.</summary>
public sealed record FamilyProvider(string Scheme, string Section, string Label);

/// <summary>The providers switched on by configuration, in button order.</summary>
public sealed class FamilyProviders(IReadOnlyList<FamilyProvider> configured)
{
    public IReadOnlyList<FamilyProvider> Configured { get; } = configured;

    public FamilyProvider? Find(string? scheme) =>
        Configured.FirstOrDefault(p => string.Equals(p.Scheme, scheme, StringComparison.Ordinal));
}

/// <summary>
/// Families sign in with SPID or CIE through a standard OpenID Connect authorization-code flow with
/// PKCE (ADR "SPID/CIE through OIDC with a local test IdP"). The handler validates state, nonce and
/// the identity token; <c>Pages/Account/ExternalLoginCallback</c> turns the result into the
/// portal's own Identity cookie.
/// </summary>
/// <remarks>
/// DL 76/2020 art. 24: public bodies let citizens in with SPID/CIE and issue no credentials of
/// their own to them, so families never get a password (unless Portal:LocalFamilyAccounts is on).
/// </remarks>
public static class FamilySignIn
{
    public const string Spid = "spid";
    public const string Cie = "cie";

    /// <summary>Authentication property that remembers which provider a session came from (for logout).</summary>
    public const string ProviderItem = "conciliazione:provider";

    /// <summary>HttpContext item where the sign-out event leaves the provider's end-session URL.</summary>
    public const string EndSessionUrlItem = "conciliazione:end-session-url";

    public const string ErrorPage = "/Account/ExternalLoginError";

    public static readonly IReadOnlyList<FamilyProvider> Known =
    [
        new(Spid, "Spid", "SPID"),
        new(Cie, "Cie", "CIE"),
    ];

    public static void AddFamilySignIn(this IServiceCollection services, IConfiguration config)
    {
        var configured = new List<FamilyProvider>();
        var auth = services.AddAuthentication();
        foreach (var provider in Known)
        {
            var section = config.GetSection(PortalOptions.Section + ":" + provider.Section);
            var options = section.Get<IdentityProviderOptions>() ?? new IdentityProviderOptions();
            if (string.IsNullOrWhiteSpace(options.Authority))
            {
                continue;
            }

            services.Configure<IdentityProviderOptions>(provider.Scheme, section);
            configured.Add(provider);
            auth.AddOpenIdConnect(provider.Scheme, provider.Label, o => Configure(o, provider.Scheme, options));
        }

        services.AddSingleton(new FamilyProviders(configured));
    }

    private static void Configure(OpenIdConnectOptions o, string scheme, IdentityProviderOptions options)
    {
        o.Authority = options.Authority;
        o.ClientId = options.ClientId;
        o.ClientSecret = options.ClientSecret;
        o.RequireHttpsMetadata = options.RequireHttpsMetadata;

        // Authorization code + PKCE, answer in the query string: a top-level GET back to the portal,
        // so the correlation and nonce cookies can be SameSite=Lax.
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.Scope.Clear();
        foreach (var scope in options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            o.Scope.Add(scope);
        }

        // Claim names stay as the provider sends them: the mapping in configuration names them.
        o.MapInboundClaims = false;
        o.ClaimActions.Remove("acr");
        o.GetClaimsFromUserInfoEndpoint = options.GetClaimsFromUserInfoEndpoint;
        if (options.GetClaimsFromUserInfoEndpoint)
        {
            foreach (var claim in options.ClaimMapping.All)
            {
                o.ClaimActions.MapUniqueJsonKey(claim, claim);
            }
        }

        o.CallbackPath = "/signin-" + scheme;
        o.SignedOutCallbackPath = "/signout-callback-" + scheme;
        o.RemoteSignOutPath = "/signout-" + scheme;
        o.SignInScheme = IdentityConstants.ExternalScheme;
        // The id_token for id_token_hint travels in the portal's own cookie (see ExternalLoginCallback).
        o.SignOutScheme = IdentityConstants.ApplicationScheme;
        o.SaveTokens = true;
        o.UseTokenLifetime = false;
        o.DisableTelemetry = true;
        o.BackchannelTimeout = options.BackchannelTimeout;

        o.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = ctx =>
            {
                if (!string.IsNullOrWhiteSpace(options.AcrValues))
                {
                    ctx.ProtocolMessage.AcrValues = options.AcrValues;
                }

                return Task.CompletedTask;
            },
            OnAuthorizationCodeReceived = ctx => options.ClientAuthentication == ClientAuthenticationMethods.Basic
                ? RedeemWithBasicAuthenticationAsync(ctx, options)
                : Task.CompletedTask,
            OnAccessDenied = async ctx =>
            {
                await FailAsync(ctx.HttpContext, scheme, FamilySignInFailure.Cancelled, null);
                ctx.HandleResponse();
            },
            OnRemoteFailure = async ctx =>
            {
                await FailAsync(ctx.HttpContext, scheme, FamilySignInFailure.Classify(ctx.Failure), ctx.Failure);
                ctx.HandleResponse();
            },
            OnRedirectToIdentityProviderForSignOut = ctx =>
            {
                // The logout page shows a link to this URL instead of redirecting: a redirect to
                // another origin in answer to a form POST is blocked by CSP form-action 'self'.
                if (!string.IsNullOrEmpty(ctx.ProtocolMessage.IssuerAddress))
                {
                    ctx.ProtocolMessage.State = ctx.Options.StateDataFormat.Protect(ctx.Properties);
                    ctx.HttpContext.Items[EndSessionUrlItem] = ctx.ProtocolMessage.CreateLogoutRequestUrl();
                }

                ctx.HandleResponse();
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// client_secret_basic: the handler only knows how to post the secret in the body, so the code
    /// is redeemed here, with the client id and secret in an HTTP Basic header (RFC 6749 2.3.1:
    /// each form-urlencoded first) and neither in the body. The handler then validates the tokens
    /// as usual.
    /// </summary>
    private static async Task RedeemWithBasicAuthenticationAsync(AuthorizationCodeReceivedContext ctx, IdentityProviderOptions options)
    {
        var ct = ctx.HttpContext.RequestAborted;
        var configuration = await ctx.Options.ConfigurationManager!.GetConfigurationAsync(ct);
        var body = ctx.TokenEndpointRequest!.Parameters
            .Where(p => p.Key is not (OpenIdConnectParameterNames.ClientSecret or OpenIdConnectParameterNames.ClientId))
            .ToDictionary(p => p.Key, p => p.Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint) { Content = new FormUrlEncodedContent(body) };
        var credentials = System.Net.WebUtility.UrlEncode(options.ClientId) + ":" + System.Net.WebUtility.UrlEncode(options.ClientSecret ?? "");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        using var response = await ctx.Backchannel.SendAsync(request, ct);
        var message = new OpenIdConnectMessage(await response.Content.ReadAsStringAsync(ct));
        if (!response.IsSuccessStatusCode || !string.IsNullOrEmpty(message.Error))
        {
            ctx.Fail(new OpenIdConnectProtocolException("Token endpoint refused the code: " + message.Error));
            return;
        }

        ctx.HandleCodeRedemption(message);
    }

    /// <summary>Audits a failed family sign-in (no personal data) and sends the browser to the Italian error page.</summary>
    public static async Task FailAsync(HttpContext http, string scheme, string reason, Exception? failure)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FamilySignIn));
        logger.LogWarning("Family sign-in with {Scheme} failed: {Reason} ({Failure})", scheme, reason, failure?.GetType().Name);
        await http.RequestServices.GetRequiredService<AuditLog>()
            .WriteAsync(AuditActions.LoginFailed, details: scheme + ":" + reason, ct: http.RequestAborted);
        http.Response.Redirect(ErrorPage + "?reason=" + reason);
    }
}

/// <summary>Reasons a family sign-in failed; each has its Italian explanation on the error page.</summary>
public static class FamilySignInFailure
{
    public const string Unavailable = "unavailable";
    public const string InvalidResponse = "invalid-response";
    public const string Cancelled = "cancelled";
    public const string MissingFiscalCode = "missing-fiscal-code";
    public const string InvalidFiscalCode = "invalid-fiscal-code";
    public const string NotAFamilyAccount = "not-a-family-account";
    public const string Disabled = "disabled";
    public const string InsufficientLevel = "insufficient-level";

    /// <summary>
    /// A provider that cannot be reached (metadata, keys or token endpoint) is "unavailable";
    /// anything else the handler refused (state, correlation, nonce, signature, replay) is an
    /// "invalid response".
    /// </summary>
    public static string Classify(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException or TaskCanceledException
                || e.Message.Contains("IDX20803", StringComparison.Ordinal))
            {
                return Unavailable;
            }
        }

        return InvalidResponse;
    }
}
