namespace Conciliazione.TestIdp;

/// <summary>The "TestIdp" configuration section.</summary>
public sealed class TestIdpOptions
{
    public const string Section = "TestIdp";

    /// <summary>Origins of the portal (scheme, host and port) allowed as redirect targets.</summary>
    public List<string> PortalOrigins { get; set; } = [];

    public List<TestIdpClient> Clients { get; set; } = [];

    /// <summary>Name of the claim that carries the fiscal number (the SPID/CIE OIDC attribute by default).</summary>
    public string FiscalNumberClaim { get; set; } = "https://attributes.eid.gov.it/fiscal_number";

    /// <summary>
    /// Also signs in any identity key <c>famiglia-{codice fiscale}</c> as a generated fictional family
    /// (<see cref="TestIdentities.Generated"/>): the click-day benchmark signs in thousands of families.
    /// Off by default: the picker and the tests see only the fixed identities.
    /// </summary>
    public bool GeneratedFamilies { get; set; }

    /// <summary>Level reported in <c>acr</c> when the client asks for none.</summary>
    public string DefaultAcr { get; set; } = "https://www.spid.gov.it/SpidL2";

    /// <summary>Fills what the configuration left empty with the values that match the portal's development settings.</summary>
    public TestIdpOptions WithDefaults()
    {
        if (PortalOrigins.Count == 0)
        {
            PortalOrigins = ["http://127.0.0.1:5080", "http://localhost:5080"];
        }

        if (Clients.Count == 0)
        {
            Clients =
            [
                new() { ClientId = "conciliazione-spid", ClientSecret = "segreto-di-sviluppo-spid", Scheme = "spid" },
                new() { ClientId = "conciliazione-cie", ClientSecret = "segreto-di-sviluppo-cie", Scheme = "cie" },
            ];
        }

        return this;
    }

    public TestIdpClient? FindClient(string? clientId) =>
        Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    /// <summary>The exact redirect URIs a client may use: the portal's callback path on each portal origin.</summary>
    public IEnumerable<string> RedirectUris(TestIdpClient client) =>
        PortalOrigins.Select(o => o.TrimEnd('/') + "/signin-" + client.Scheme);

    public IEnumerable<string> PostLogoutRedirectUris(TestIdpClient client) =>
        PortalOrigins.Select(o => o.TrimEnd('/') + "/signout-callback-" + client.Scheme);
}

/// <summary>A registered client (the portal has one per provider scheme: spid, cie).</summary>
public sealed class TestIdpClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>The portal's authentication scheme for this client: gives the callback paths /signin-{scheme} and /signout-callback-{scheme}.</summary>
    public string Scheme { get; set; } = "";

    /// <summary>
    /// How the client must authenticate at the token endpoint: <c>client_secret_post</c> (secret in
    /// the form body, the default) or <c>client_secret_basic</c> (HTTP Basic). The other one is refused,
    /// as strict gateways do.
    /// </summary>
    public string TokenEndpointAuthMethod { get; set; } = "client_secret_post";
}
