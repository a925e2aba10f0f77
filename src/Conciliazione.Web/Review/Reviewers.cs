using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Review;

/// <summary>
/// Who may review an alliance's applications: its staff users and admins whose account is not
/// disabled. The admin's "assign reviewer" list and its server-side check read the same query,
/// so a POSTed id of a referent, an auditor, a family or another alliance's operator is refused.
/// </summary>
public sealed class Reviewers(AppDbContext db)
{
    public sealed record Choice(Guid Id, string DisplayName);

    private IQueryable<Guid> ReviewerRoleUsers() =>
        from ur in db.UserRoles
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == Roles.Staff || r.Name == Roles.Admin
        select ur.UserId;

    /// <summary>The staff users and admins of <paramref name="allianceId"/> an admin may assign, by name.</summary>
    public async Task<IReadOnlyList<Choice>> AssignableAsync(Guid? allianceId, CancellationToken ct) =>
        await db.Users.AsNoTracking()
            .Where(u => allianceId != null && u.AllianceId == allianceId && !u.IsDisabled && ReviewerRoleUsers().Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new Choice(u.Id, u.DisplayName))
            .ToListAsync(ct);

    /// <summary>Every staff user and admin of the alliance, disabled ones too (a past reviewer stays filterable).</summary>
    public async Task<IReadOnlyList<Choice>> AllAsync(Guid? allianceId, CancellationToken ct) =>
        await db.Users.AsNoTracking()
            .Where(u => allianceId != null && u.AllianceId == allianceId && ReviewerRoleUsers().Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new Choice(u.Id, u.DisplayName))
            .ToListAsync(ct);

    public Task<bool> IsAssignableAsync(Guid? allianceId, Guid userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && allianceId != null && u.AllianceId == allianceId && !u.IsDisabled && ReviewerRoleUsers().Contains(u.Id), ct);
}
