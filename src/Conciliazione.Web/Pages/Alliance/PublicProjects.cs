using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Alliance;

/// <summary>
/// The alliance's projects as the public pages show them: every project (there is no draft state:
/// a project exists once the alliance has a plan), the current one first, each with a status
/// a citizen can read from its dates.
/// </summary>
/// <remarks>
/// "Current" is the project whose period contains today (Europe/Rome), else the one that started
/// last. The stored <see cref="ProjectStatus"/> only says whether staff closed the books: a project
/// past its end date but not yet reported is not "in corso" for a citizen.
/// </remarks>
public static class PublicProjects
{
    public sealed record Row(Guid Id, string Title, DateOnly Start, DateOnly End, ProjectStatus Status);

    /// <summary>Today's date in Rome, where the projects' dates live.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).DateTime);

    /// <summary>Every project of the alliance, the current one first, then the others from the latest.</summary>
    public static async Task<IReadOnlyList<Row>> ListAsync(AppDbContext db, Guid allianceId, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .Select(p => new Row(p.Id, p.Title, p.StartDate, p.EndDate, p.Status)).ToListAsync(ct);
        return rows.OrderBy(r => IsRunning(r, today) ? 0 : 1).ThenByDescending(r => r.Start).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
    }

    public static async Task<Guid?> CurrentIdAsync(AppDbContext db, Guid allianceId, DateOnly today, CancellationToken ct) =>
        (await ListAsync(db, allianceId, today, ct)).Select(r => (Guid?)r.Id).FirstOrDefault();

    /// <summary>The status a citizen reads: from the dates, and "concluso" once closed or past its end.</summary>
    public static string StatusLabel(ProjectStatus status, DateOnly start, DateOnly end, DateOnly today) =>
        status == ProjectStatus.Closed || today > end ? "Concluso"
        : today < start ? "Non ancora avviato"
        : "In corso";

    public static string StatusLabel(Row row, DateOnly today) => StatusLabel(row.Status, row.Start, row.End, today);

    private static bool IsRunning(Row r, DateOnly today) => r.Status != ProjectStatus.Closed && r.Start <= today && today <= r.End;
}
