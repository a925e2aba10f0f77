using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Web.Charts;
using Conciliazione.Web.Monitoring;
using Microsoft.Extensions.Localization;

namespace Conciliazione.Web.Pages.Referent;

/// <summary>A headline figure of the dashboard (already through <see cref="SmallCounts"/>).</summary>
public sealed record Headline(string Id, string Label, ChartValue Value);

/// <summary>
/// The referent dashboard's charts, built from the aggregates of <see cref="MunicipalityDashboard"/>: every figure
/// goes through <see cref="SmallCounts"/> here, once, so the SVG, the table and the CSV of a chart read the same
/// suppressed and rounded values (ADR 0102).
/// </summary>
public sealed class MunicipalityCharts(MunicipalityDashboardData data, IStringLocalizer l)
{
    /// <summary>The chart ids, in page order: the only values the CSV handler accepts.</summary>
    public static readonly IReadOnlyList<string> Ids = ["stato", "bando", "euro-bando", "azione", "euro-azione", "mesi-domande", "mesi-contributi", "mesi-euro"];

    private string HiddenEuros => l["< 5 famiglie"];

    public IReadOnlyList<Headline> Headlines() =>
    [
        new("applications", l["Domande presentate"], SmallCounts.Count(data.Applications)),
        new("grants", l["Contributi concessi"], SmallCounts.Count(data.Grants)),
        new("paid-vouchers", l["Voucher con rimborsi pagati"], SmallCounts.Count(data.PaidVouchers)),
        new("granted", l["Euro concessi"], SmallCounts.Euros(data.Granted, data.Grants, HiddenEuros)),
        new("paid", l["Euro pagati"], SmallCounts.Euros(data.Paid, data.PaidVouchers, HiddenEuros)),
    ];

    public IReadOnlyList<Chart> All() => Ids.Select(id => Build(id)!).ToList();

    /// <summary>The chart with this id, or null for an unknown id.</summary>
    public Chart? Build(string? id) => id switch
    {
        "stato" => ByCallAndStatus(),
        "bando" => Counts("bando", l["Domande, contributi e voucher per bando"], l["Bando"], data.Calls.Select(c => (Label: CallLabel(c), Ids: (IReadOnlyList<Guid>)[c.Id])).ToList()),
        "euro-bando" => Euros("euro-bando", l["Euro concessi e pagati per bando"], l["Bando"], data.Calls.Select(c => (Label: CallLabel(c), Ids: (IReadOnlyList<Guid>)[c.Id])).ToList()),
        "azione" => Counts("azione", l["Domande, contributi e voucher per azione"], l["Azione"], Actions()),
        "euro-azione" => Euros("euro-azione", l["Euro concessi e pagati per azione"], l["Azione"], Actions()),
        "mesi-domande" => ApplicationsByMonth(),
        "mesi-contributi" => GrantsByMonth(),
        "mesi-euro" => EurosByMonth(),
        _ => null,
    };

    private static string CallLabel(DashboardCall c) => c.Reference + " – " + c.Title;

    private List<(string Label, IReadOnlyList<Guid> Ids)> Actions() =>
        data.Calls.GroupBy(c => (c.ActionOrder, c.ActionCode, c.ActionTitle)).OrderBy(g => g.Key.ActionOrder)
            .Select(g => (Label: string.Format(CultureInfo.CurrentCulture, l["Azione {0} – {1}"], g.Key.ActionCode, g.Key.ActionTitle), Ids: (IReadOnlyList<Guid>)g.Select(c => c.Id).ToList()))
            .ToList();

    private Chart ByCallAndStatus()
    {
        var statuses = data.ApplicationCells.Select(a => a.Status).Distinct().Order().ToList();
        var series = statuses.Select(s => new ChartSeries(l[ApplicationStatuses.Italian(s)],
            data.Calls.Select(c => SmallCounts.Count(data.ApplicationCells.Where(a => a.CallId == c.Id && a.Status == s).Sum(a => a.Count))).ToList())).ToList();
        return new Chart("stato", l["Domande per bando e stato"], ChartKind.HorizontalBars, l["Bando"], data.Calls.Select(CallLabel).ToList(), series);
    }

    private Chart Counts(string id, string title, string header, IReadOnlyList<(string Label, IReadOnlyList<Guid> Ids)> groups) =>
        new(id, title, ChartKind.HorizontalBars, header, groups.Select(g => g.Label).ToList(),
        [
            new ChartSeries(l["Domande presentate"], groups.Select(g => SmallCounts.Count(data.ApplicationCells.Where(a => g.Ids.Contains(a.CallId)).Sum(a => a.Count))).ToList()),
            new ChartSeries(l["Contributi concessi"], groups.Select(g => SmallCounts.Count(Grants(g.Ids).Sum(x => x.Grants))).ToList()),
            new ChartSeries(l["Voucher con rimborsi pagati"], groups.Select(g => SmallCounts.Count(Grants(g.Ids).Sum(x => x.PaidVouchers))).ToList()),
        ]);

    private Chart Euros(string id, string title, string header, IReadOnlyList<(string Label, IReadOnlyList<Guid> Ids)> groups) =>
        new(id, title, ChartKind.HorizontalBars, header, groups.Select(g => g.Label).ToList(),
        [
            new ChartSeries(l["Euro concessi"], groups.Select(g => SmallCounts.Euros(Grants(g.Ids).Sum(x => x.Granted), Grants(g.Ids).Sum(x => x.Grants), HiddenEuros)).ToList()),
            new ChartSeries(l["Euro pagati"], groups.Select(g => SmallCounts.Euros(Grants(g.Ids).Sum(x => x.Paid), Grants(g.Ids).Sum(x => x.PaidVouchers), HiddenEuros)).ToList()),
        ]);

    private IEnumerable<GrantCell> Grants(IReadOnlyList<Guid> callIds) => data.GrantCells.Where(g => callIds.Contains(g.CallId));

    private Chart ApplicationsByMonth()
    {
        var months = Months(data.ApplicationCells.Select(a => a.Month));
        return new Chart("mesi-domande", l["Domande per mese di presentazione"], ChartKind.Columns, l["Mese"], months.Select(MonthLabel).ToList(),
            [new ChartSeries(l["Domande presentate"], months.Select(m => SmallCounts.Count(data.ApplicationCells.Where(a => a.Month == m).Sum(a => a.Count))).ToList())]);
    }

    private Chart GrantsByMonth()
    {
        var months = Months(data.GrantCells.Select(g => g.Month));
        return new Chart("mesi-contributi", l["Contributi concessi per mese di concessione"], ChartKind.Columns, l["Mese"], months.Select(MonthLabel).ToList(),
            [new ChartSeries(l["Contributi concessi"], months.Select(m => SmallCounts.Count(data.GrantCells.Where(g => g.Month == m).Sum(g => g.Grants))).ToList())]);
    }

    private Chart EurosByMonth()
    {
        var months = Months(data.GrantCells.Select(g => g.Month));
        return new Chart("mesi-euro", l["Euro concessi per mese di concessione"], ChartKind.Columns, l["Mese"], months.Select(MonthLabel).ToList(),
        [
            new ChartSeries(l["Euro concessi"], months.Select(m =>
            {
                var cells = data.GrantCells.Where(g => g.Month == m).ToList();
                return SmallCounts.Euros(cells.Sum(g => g.Granted), cells.Sum(g => g.Grants), HiddenEuros);
            }).ToList()),
        ]);
    }

    /// <summary>Every month from the first to the last with data, so a quiet month shows as 0 instead of disappearing.</summary>
    private static List<DateOnly> Months(IEnumerable<DateOnly> present)
    {
        var list = present.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var months = new List<DateOnly>();
        for (var m = list.Min(); m <= list.Max(); m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    private static string MonthLabel(DateOnly month) => month.ToString("MM/yyyy", CultureInfo.InvariantCulture);
}
