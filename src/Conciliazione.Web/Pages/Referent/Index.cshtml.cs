using System.Globalization;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Charts;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Conciliazione.Web.Pages.Referent;

/// <summary>
/// "Cruscotto del comune": applications, grants, vouchers and euros of the residents of the referent's
/// municipality, by call, by action and by month, as charts with their tables and CSV (issue 15).
/// </summary>
/// <remarks>
/// The municipality is the referent's claim, never a parameter: the folder policy requires the claim, and
/// <see cref="Authorization.ReferentMunicipalityFilter"/> answers 404 to a URL that names another municipality
/// (SECURITY-CHECKS #14). Every figure is an aggregate (<see cref="MunicipalityDashboard"/>) shown through
/// <see cref="SmallCounts"/> (SECURITY-CHECKS #17, ADR 0102).
/// </remarks>
public sealed class IndexModel(AppDbContext db, CurrentAlliance alliance, MunicipalityDashboard dashboard, ReadDatabase read, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    /// <summary>Whether the figures came from the read replica and how far behind it is (ADR 0148); the page has its own "dati aggiornati al".</summary>
    public ReadFreshnessView Freshness => read.View(showAsOf: false);

    public string MunicipalityName { get; private set; } = "";

    public IReadOnlyList<Headline> Headlines { get; private set; } = [];

    public IReadOnlyList<Chart> Charts { get; private set; } = [];

    /// <summary>When the figures were computed (ADR 0110), dd/MM/yyyy HH:mm Europe/Rome.</summary>
    public string RefreshedAt { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } charts)
        {
            return NotFound();
        }

        Headlines = charts.Headlines();
        Charts = charts.All();
        return Page();
    }

    /// <summary>One chart's rows as CSV: <c>?handler=Csv&amp;chart=bando</c>. The chart id is the only parameter.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? chart, CancellationToken ct)
    {
        if (chart is null || !MunicipalityCharts.Ids.Contains(chart) || await LoadAsync(ct) is not { } charts)
        {
            return NotFound();
        }

        var today = RomeTime.ToRome(clock.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return File(ChartCsv.Write(charts.Build(chart)!), "text/csv; charset=utf-8", $"cruscotto-comune-{chart}-{today}.csv");
    }

    public string CsvUrl(Chart chart) => Url.Page("/Referent/Index", "Csv", new { chart = chart.Id })!;

    private async Task<MunicipalityCharts?> LoadAsync(CancellationToken ct)
    {
        if (User.MunicipalityId() is not { } municipalityId || await alliance.GetAsync(ct) is not { } current)
        {
            return null;
        }

        var name = await db.Municipalities.AsNoTracking()
            .Where(m => m.Id == municipalityId && m.AllianceId == current.Id)
            .Select(m => m.Name)
            .FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }

        MunicipalityName = name;
        var today = DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).DateTime);
        var data = await dashboard.LoadAsync(current.Id, municipalityId, today, ct);
        RefreshedAt = RomeTime.Format(data.RefreshedAt);
        return new MunicipalityCharts(data, l);
    }
}
