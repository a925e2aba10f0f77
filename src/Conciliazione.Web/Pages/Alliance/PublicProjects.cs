using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>Which project the public pages talk about: the running one, else the latest.</summary>
public static class PublicProjects
{
    public static Task<Guid?> CurrentIdAsync(AppDbContext db, Guid allianceId, CancellationToken ct) =>
        db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderBy(p => p.Status).ThenByDescending(p => p.StartDate)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
}
