using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Monitoring;

/// <summary>One indicator against its target, for a period (or the whole project when the period is null).</summary>
public sealed record IndicatorRow(
    string ActionCode,
    Guid IndicatorId,
    string Name,
    string Unit,
    string? TargetText,
    IndicatorSource Source,
    int? Value,
    bool? Met,
    string? Evidence,
    Guid? EvidenceDocumentId,
    DateTimeOffset? RecordedAt);

/// <summary>
/// The indicators of a project against their targets: computed ones counted from the records,
/// staff-entered ones from their current <see cref="IndicatorValue"/>. Read by the staff pages, the
/// lead-partner dashboard and the ATS report, so they all show the same numbers.
/// </summary>
public sealed class IndicatorBoard(AppDbContext db)
{
    /// <summary>
    /// Every indicator of <paramref name="projectId"/>, in action and indicator order. With a period,
    /// manual values are that period's and computed values are counted up to its end; without one,
    /// manual values are the latest period's and computed values are counted up to <paramref name="today"/>.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorRow>> ForProjectAsync(Guid projectId, MonitoringPeriod? period, DateOnly today, CancellationToken ct)
    {
        var actions = await db.Set<ProjectAction>().AsNoTracking().Where(a => a.ProjectId == projectId).OrderBy(a => a.SortOrder).ToListAsync(ct);
        var actionIds = actions.Select(a => a.Id).ToList();
        var indicators = await db.Set<Indicator>().AsNoTracking().Where(i => actionIds.Contains(i.ActionId)).ToListAsync(ct);
        var values = await db.IndicatorValues.AsNoTracking()
            .Where(v => v.ProjectId == projectId && v.SupersededAt == null && (period == null || v.PeriodStart == period.Value.Start))
            .ToListAsync(ct);
        var on = period?.End ?? today;
        var rows = new List<IndicatorRow>();
        foreach (var action in actions)
        {
            foreach (var i in indicators.Where(i => i.ActionId == action.Id).OrderBy(i => i.SortOrder))
            {
                if (i.Source == IndicatorSource.Computed)
                {
                    var computed = await db.ComputeAsync(i, on, ct);
                    rows.Add(new(action.Code, i.Id, i.Name, i.Unit, i.TargetText, i.Source, computed, computed is { } c ? i.IsMet(c) : null, null, null, null));
                }
                else
                {
                    var v = values.Where(v => v.IndicatorId == i.Id).OrderByDescending(v => v.PeriodStart).FirstOrDefault();
                    rows.Add(new(action.Code, i.Id, i.Name, i.Unit, i.TargetText, i.Source, v?.Value, v is null ? null : i.IsMet(v.Value), v?.Evidence, v?.EvidenceDocumentId, v?.RecordedAt));
                }
            }
        }

        return rows;
    }
}
