using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Indicators;

/// <summary>
/// A project's indicators against the plan's targets: for each action, each indicator per half-year
/// and to date (computed or entered), then one half-year in detail with the evidence, its document,
/// who recorded the value and when. Values come from <see cref="IndicatorBoard"/> only.
/// </summary>
public sealed class IndexModel(AppDbContext db, IndicatorBoard board, TimeProvider clock) : PageModel
{
    public Domain.Projects.Project Project { get; private set; } = default!;
    public IReadOnlyList<MonitoringPeriod> Periods { get; private set; } = [];
    public IReadOnlyList<IndicatorActionTable> Tables { get; private set; } = [];
    public MonitoringPeriod Selected { get; private set; }
    public IReadOnlyList<SelectListItem> PeriodOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid projectId, string? period, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        var today = DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).Date);
        Periods = MonitoringPeriod.Of(project);
        Tables = await board.TableAsync(project.Id, today, ct);
        var started = Periods.Where(p => p.Start <= today).ToList();
        Selected = MonitoringPeriod.TryParse(period, out var p) && Periods.Contains(p) ? p
            : started.Count > 0 ? started[^1] : Periods[0];
        PeriodOptions = Periods.Select(x => new SelectListItem(x.Label, x.Key, x == Selected)).ToList();
        return Page();
    }

    /// <summary>The selected half-year's row of an indicator.</summary>
    public IndicatorRow CellOf(IndicatorSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Cells.FirstOrDefault(c => c.Period == Selected) ?? series.ToDate;
    }
}
