using Conciliazione.Domain.Identity;

namespace Conciliazione.Web.Pages.Admin.Users;

public static class RoleLabels
{
    public static string Italian(string role) => role switch
    {
        Roles.Family => "Famiglia",
        Roles.Staff => "Operatore del capofila",
        Roles.Admin => "Amministratore",
        Roles.MunicipalReferent => "Referente comunale",
        Roles.Auditor => "Revisore ATS",
        _ => role,
    };
}
