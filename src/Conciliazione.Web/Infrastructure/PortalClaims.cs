namespace Conciliazione.Web.Infrastructure;

/// <summary>Claim types the portal adds to the Identity principal.</summary>
public static class PortalClaims
{
    public const string AllianceId = "conciliazione:alliance";
    public const string MunicipalityId = "conciliazione:municipality";
    public const string DisplayName = "conciliazione:name";

    /// <summary>When the user entered their password (or SPID/CIE); bounds the session's absolute lifetime.</summary>
    public const string LoginAt = "conciliazione:login_at";

    /// <summary>Authentication methods (RFC 8176); Identity sets "mfa" after a TOTP or recovery-code login.</summary>
    public const string Amr = "amr";
    public const string Mfa = "mfa";
}
