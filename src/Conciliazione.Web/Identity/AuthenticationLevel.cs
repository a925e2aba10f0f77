namespace Conciliazione.Web.Identity;

/// <summary>
/// The assurance level of a SPID/CIE sign-in, read from the <c>acr</c> the provider returned:
/// 1 (password only), 2 (two factors), 3 (smart card / qualified device).
/// </summary>
/// <remarks>
/// SPID and CIE OIDC use the AgID values https://www.spid.gov.it/SpidL1..3 (CIE levels map onto
/// them: CieL1..3 where a gateway names them so); eIDAS gateways send low/substantial/high. The
/// portal asks for a level in acr_values, but the provider may answer with a lower one (the person
/// chose it, or the gateway ignores the request): what counts is the level returned.
/// </remarks>
public static class AuthenticationLevel
{
    /// <summary>1-3, or 0 when the value is missing or not a known level.</summary>
    public static int Parse(string? acr)
    {
        if (string.IsNullOrWhiteSpace(acr))
        {
            return 0;
        }

        var value = acr.Trim();
        foreach (var (suffix, level) in new[] { ("SpidL1", 1), ("SpidL2", 2), ("SpidL3", 3), ("CieL1", 1), ("CieL2", 2), ("CieL3", 3) })
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return level;
            }
        }

        return value switch
        {
            "http://eidas.europa.eu/LoA/low" => 1,
            "http://eidas.europa.eu/LoA/substantial" => 2,
            "http://eidas.europa.eu/LoA/high" => 3,
            _ => 0,
        };
    }

    /// <summary>The configured minimum (SpidL1..3 or a full acr value); unknown values mean level 2.</summary>
    public static int Minimum(string? configured) => Parse(configured) is var level and > 0 ? level : 2;
}
