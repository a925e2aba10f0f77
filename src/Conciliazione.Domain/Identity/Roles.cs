namespace Conciliazione.Domain.Identity;

/// <summary>The portal's roles. Names are stored in the database: never rename one.</summary>
public static class Roles
{
    public const string Family = "Family";
    public const string Staff = "Staff";
    public const string Admin = "Admin";
    public const string MunicipalReferent = "MunicipalReferent";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Family, Staff, Admin, MunicipalReferent, Auditor];

    /// <summary>Roles that sign in with a local password and must use TOTP.</summary>
    public static readonly IReadOnlyList<string> LocalAccountRoles = [Staff, Admin, MunicipalReferent, Auditor];
}
