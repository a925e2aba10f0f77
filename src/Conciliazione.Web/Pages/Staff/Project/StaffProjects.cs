using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>Loads a project of the staff user's alliance; another alliance's project is simply not found (404).</summary>
public static class StaffProjects
{
    public static IQueryable<Domain.Projects.Project> OfAlliance(this AppDbContext db, Guid? allianceId) =>
        db.Projects.Where(p => p.AllianceId == allianceId);

    public static Task<Domain.Projects.Project?> FindWithBudgetAsync(this AppDbContext db, Guid id, Guid? allianceId, CancellationToken ct) =>
        db.OfAlliance(allianceId).Include(p => p.BudgetLines).Include(p => p.Cofinancings).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, ct);

    public static string ClosedNotice(Domain.Projects.Project project) =>
        project.IsClosed ? Domain.Projects.Project.ClosedMessage : "";

    public static string StatusLabel(ProjectStatus status) => Infrastructure.Format.Status(status);
}

/// <summary>Loading a project together with one of its actions (and the action's indicators).</summary>
public static class StaffProjectActions
{
    public static Task<Domain.Projects.Project?> FindByActionAsync(this AppDbContext db, Guid actionId, Guid? allianceId, CancellationToken ct) =>
        db.OfAlliance(allianceId)
            .Include(p => p.Actions.Where(a => a.Id == actionId)).ThenInclude(a => a.Indicators)
            .FirstOrDefaultAsync(p => p.Actions.Any(a => a.Id == actionId), ct);

    public static Task<Domain.Projects.Project?> FindByIndicatorAsync(this AppDbContext db, Guid indicatorId, Guid? allianceId, CancellationToken ct) =>
        db.OfAlliance(allianceId)
            .Include(p => p.Actions.Where(a => a.Indicators.Any(i => i.Id == indicatorId))).ThenInclude(a => a.Indicators)
            .FirstOrDefaultAsync(p => p.Actions.Any(a => a.Indicators.Any(i => i.Id == indicatorId)), ct);
}
