namespace Conciliazione.Web.Identity;

/// <summary>
/// One OpenID Connect provider for families: the sections <c>Portal:Spid</c> and <c>Portal:Cie</c>.
/// A provider without <see cref="Authority"/> is off: no scheme is registered and no button shown.
/// </summary>
public sealed class IdentityProviderOptions
{
    /// <summary>Issuer URL of the SPID/CIE OIDC gateway (the metadata is read from /.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>Client secret. Keep it out of appsettings in production: environment or secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// How the portal authenticates at the token endpoint: <c>client_secret_post</c> (secret in the
    /// form body) or <c>client_secret_basic</c> (HTTP Basic), as the gateway's registration requires.
    /// </summary>
    public string ClientAuthentication { get; set; } = ClientAuthenticationMethods.Post;

    /// <summary>
    /// The lowest level accepted in the returned <c>acr</c>: SpidL1, SpidL2 (default) or SpidL3. A
    /// sign-in at a lower level, or with no recognisable level, is refused.
    /// </summary>
    public string MinimumLevel { get; set; } = "SpidL2";

    /// <summary>Space-separated scopes.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Sent as acr_values, e.g. https://www.spid.gov.it/SpidL2. Empty: not sent.</summary>
    public string? AcrValues { get; set; }

    /// <summary>Off only for a loopback test provider in development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Also read the claims from the userinfo endpoint (some gateways put the attributes only there).</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }

    /// <summary>How long to wait for the provider's metadata, keys and token endpoint before "il servizio non risponde".</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public ClaimMappingOptions ClaimMapping { get; set; } = new();
}

/// <summary>Names of the claims the provider sends. Gateways rename them, so they are configuration.</summary>
public sealed class ClaimMappingOptions
{
    public string FiscalNumber { get; set; } = "https://attributes.eid.gov.it/fiscal_number";
    public string GivenName { get; set; } = "given_name";
    public string FamilyName { get; set; } = "family_name";
    public string BirthDate { get; set; } = "birthdate";
    public string Email { get; set; } = "email";

    public IEnumerable<string> All => [FiscalNumber, GivenName, FamilyName, BirthDate, Email];
}

/// <summary>Token endpoint client authentication methods (OpenID Connect Core 9).</summary>
public static class ClientAuthenticationMethods
{
    public const string Post = "client_secret_post";
    public const string Basic = "client_secret_basic";
}
