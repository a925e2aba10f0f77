using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// The only way family pages reach applications: always filtered by the signed-in family, so an
/// id that is not theirs simply does not exist for them (404, SECURITY-CHECKS #11-#12).
/// </summary>
internal static class FamilyApplications
{
    public static IQueryable<Application> OwnedBy(this AppDbContext db, Guid? familyUserId) =>
        db.Applications.Where(a => familyUserId != null && a.FamilyUserId == familyUserId);
}
