using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Exports;
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
public sealed class IndexModel(AppDbContext db, IndicatorBoard board, TimeProvider clock, AuditLog audit) : PageModel
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

    /// <summary>The indicators of the project, one row each, a column per half-year and to date, as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(Guid projectId, CancellationToken ct) => ExportAsync(projectId, xlsx: false, ct);

    /// <summary>The same as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(Guid projectId, CancellationToken ct) => ExportAsync(projectId, xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(Guid projectId, bool xlsx, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var periods = MonitoringPeriod.Of(project);
        var tables = await board.TableAsync(project.Id, DateOnly.FromDateTime(RomeTime.ToRome(now).Date), ct);
        return await ExportFile.DownloadAsync(audit, ToExportTable(periods, tables), ExportFile.Name("indicatori", project.Title, now), xlsx, ct);
    }

    /// <summary>The "per half-year" tables of the page as one table: action, indicator, target, source, each half-year, to date, outcome.</summary>
    public static ExportTable ToExportTable(IReadOnlyList<MonitoringPeriod> periods, IReadOnlyList<IndicatorActionTable> tables)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(tables);
        List<ExportColumn> columns =
        [
            new("Azione"), new("Indicatore"), new("Unità"), new("Traguardo"), new("Fonte"),
            .. periods.Select(p => new ExportColumn(p.Label, ExportKind.Integer)),
            new("Ad oggi", ExportKind.Integer), new("Esito ad oggi"),
        ];
        var rows = tables.SelectMany(t => t.Indicators.Select(s => (IReadOnlyList<object?>)
        [
            t.ActionCode, s.Name, s.Unit, s.TargetText, s.Source == IndicatorSource.Computed ? "calcolato" : "inserito",
            .. periods.Select(p => (object?)s.Cells.FirstOrDefault(c => c.Period == p)?.Value),
            s.ToDate.Value,
            s.ToDate.Met switch { true => "Raggiunto", false => "Non raggiunto", null => s.ToDate.Value is null ? "Nessun valore" : "Nessun traguardo" },
        ])).ToList();
        return new ExportTable("indicatori", "Indicatori", columns, rows);
    }

    /// <summary>The selected half-year's row of an indicator.</summary>
    public IndicatorRow CellOf(IndicatorSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Cells.FirstOrDefault(c => c.Period == Selected) ?? series.ToDate;
    }
}
