using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Monitoring;

/// <summary>One indicator against its target, for a period (or the whole project when the period is null).</summary>
/// <remarks>
/// Values are cumulative from the start of the project up to the period's end (ADR 0095). For a
/// staff-entered indicator, <see cref="ValueId"/>, <see cref="Evidence"/>, <see cref="EvidenceDocumentId"/>,
/// <see cref="RecordedAt"/> and <see cref="RecordedBy"/> describe the current recorded value.
/// </remarks>
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
    DateTimeOffset? RecordedAt,
    Guid ActionId = default,
    MonitoringPeriod? Period = null,
    Guid? ValueId = null,
    string? RecordedBy = null,
    string? EvidenceFileName = null);

/// <summary>An action with its indicators, each with one row per period of the project.</summary>
public sealed record IndicatorActionTable(Guid ActionId, string ActionCode, string ActionTitle, IReadOnlyList<IndicatorSeries> Indicators);

/// <summary>An indicator across the project's periods (<see cref="Cells"/> in period order) and up to today.</summary>
public sealed record IndicatorSeries(Guid IndicatorId, string Name, string Unit, string? TargetText, IndicatorSource Source, IReadOnlyList<IndicatorRow> Cells, IndicatorRow ToDate);

/// <summary>
/// The indicators of a project against their targets: computed ones counted from the records
/// (<see cref="IndicatorValues"/>), staff-entered ones from their current <see cref="IndicatorValue"/>.
/// The one reader of indicator values: the staff pages, the lead-partner dashboard and the ATS
/// report all show the same numbers. A fixed number of queries whatever the number of
/// indicators and periods (computed values: one query per action and kind of record).
/// </summary>
public sealed class IndicatorBoard(AppDbContext db)
{
    /// <summary>
    /// Every indicator of <paramref name="projectId"/>, in action and indicator order. With a period,
    /// values are those at its end (computed: counted up to its last day; manual: the value recorded
    /// for it); without one, computed values are counted up to <paramref name="today"/> and manual
    /// values are the latest period's (up to <paramref name="today"/>).
    /// </summary>
    public async Task<IReadOnlyList<IndicatorRow>> ForProjectAsync(Guid projectId, MonitoringPeriod? period, DateOnly today, CancellationToken ct)
    {
        var tables = await LoadAsync(projectId, period is { } p ? [p] : [], today, ct);
        return tables.SelectMany(t => t.Indicators).Select(s => period is null ? s.ToDate : s.Cells[0]).ToList();
    }

    /// <summary>Every indicator of <paramref name="projectId"/> for every period of the project, and to date.</summary>
    public async Task<IReadOnlyList<IndicatorActionTable>> TableAsync(Guid projectId, DateOnly today, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.StartDate, p.EndDate }).SingleOrDefaultAsync(ct);
        return project is null ? [] : await LoadAsync(projectId, MonitoringPeriod.Between(project.StartDate, project.EndDate), today, ct);
    }

    private async Task<IReadOnlyList<IndicatorActionTable>> LoadAsync(Guid projectId, IReadOnlyList<MonitoringPeriod> periods, DateOnly today, CancellationToken ct)
    {
        var actions = await db.ProjectActions.AsNoTracking().Where(a => a.ProjectId == projectId).OrderBy(a => a.SortOrder)
            .Select(a => new { a.Id, a.Code, a.Title }).ToListAsync(ct);
        var actionIds = actions.Select(a => a.Id).ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => actionIds.Contains(i.ActionId)).OrderBy(i => i.SortOrder).ToListAsync(ct);
        var values = await db.IndicatorValues.AsNoTracking()
            .Where(v => v.ProjectId == projectId && v.SupersededAt == null)
            .Select(v => new
            {
                Value = v,
                By = db.Users.Where(u => u.Id == v.RecordedBy).Select(u => u.DisplayName).FirstOrDefault(),
                File = db.MonitoringDocuments.Where(d => d.Id == v.EvidenceDocumentId).Select(d => d.FileName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var byIndicator = values.ToLookup(v => v.Value.IndicatorId);
        var computed = await db.ComputeManyAsync(indicators, [.. periods.Select(p => p.End), today], ct);

        IndicatorRow Row(Guid actionId, string code, Indicator i, MonitoringPeriod? period)
        {
            if (i.Source == IndicatorSource.Computed)
            {
                int? c = computed.TryGetValue((i.Id, period?.End ?? today), out var n) ? n : null;
                return new(code, i.Id, i.Name, i.Unit, i.TargetText, i.Source, c, c is { } x ? i.IsMet(x) : null, null, null, null, actionId, period);
            }

            // Cumulative values: a period's is the one recorded for it; to date, the latest recorded.
            var v = period is { } p
                ? byIndicator[i.Id].FirstOrDefault(v => v.Value.PeriodStart == p.Start)
                : byIndicator[i.Id].Where(v => v.Value.PeriodStart <= today).OrderByDescending(v => v.Value.PeriodStart).FirstOrDefault();
            var r = v?.Value;
            return new(code, i.Id, i.Name, i.Unit, i.TargetText, i.Source, r?.Value, r is null ? null : i.IsMet(r.Value), r?.Evidence, r?.EvidenceDocumentId, r?.RecordedAt,
                actionId, period ?? r?.Period, r?.Id, v?.By, v?.File);
        }

        return actions.Select(a => new IndicatorActionTable(a.Id, a.Code, a.Title, indicators.Where(i => i.ActionId == a.Id)
            .Select(i => new IndicatorSeries(i.Id, i.Name, i.Unit, i.TargetText, i.Source, periods.Select(p => Row(a.Id, a.Code, i, p)).ToList(), Row(a.Id, a.Code, i, null)))
            .ToList())).ToList();
    }
}
