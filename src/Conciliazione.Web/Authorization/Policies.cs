namespace Conciliazione.Web.Authorization;

/// <summary>Named authorization policies. Page folders map to them in <see cref="PortalAuthorization"/>.</summary>
public static class Policies
{
    /// <summary>Lead-partner operators (and admins), signed in with TOTP.</summary>
    public const string Staff = "Staff";

    /// <summary>User administration, signed in with TOTP.</summary>
    public const string Admin = "Admin";

    /// <summary>Municipal referents, signed in with TOTP; data scoped to their municipality.</summary>
    public const string Referent = "Referent";

    /// <summary>ATS auditors, signed in with TOTP; read-only.</summary>
    public const string Auditor = "Auditor";

    /// <summary>Families signed in with SPID/CIE.</summary>
    public const string Family = "Family";

    /// <summary>Any signed-in user (account pages).</summary>
    public const string SignedIn = "SignedIn";
}
