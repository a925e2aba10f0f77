using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Web.Charts;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Conciliazione.Web.Pages.Staff;

/// <summary>
/// The lead partner's dashboard (cruscotto del capofila): applications by call and status, funds
/// planned, committed, paid and recovered, indicators against targets, overdue document requests,
/// deadlines of the next 30 days and the meetings planned (<see cref="LeadDashboard"/>). Staff of the
/// alliance only (folder policy); the alliance comes from the signed-in user, never from the URL.
/// Each chart's rows download as CSV (<see cref="OnGetCsvAsync"/>).
/// </summary>
public sealed class DashboardModel(LeadDashboard dashboard, ReadDatabase read, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Whether the figures came from the read replica, as of when, and whether it lags (ADR 0148).</summary>
    public ReadFreshnessView Freshness => read.View();

    /// <summary>The chart ids, also the values of the CSV handler's <c>chart</c> parameter.</summary>
    public const string ApplicationsChart = "domande";
    public const string FundsChart = "fondi";

    /// <summary>The statuses grouped for the chart (the table beside it keeps every status).</summary>
    private static readonly (string Name, ApplicationStatus[] Statuses)[] Groups =
    [
        ("In istruttoria", [ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.DocumentsRequested]),
        ("Ammesse o in lista d'attesa", [ApplicationStatus.Admitted, ApplicationStatus.WaitingList]),
        ("Finanziate", [ApplicationStatus.Funded]),
        ("Non ammesse, ritirate, rinunciate o revocate", [ApplicationStatus.NotAdmitted, ApplicationStatus.Withdrawn, ApplicationStatus.Renounced, ApplicationStatus.Revoked]),
    ];

    public LeadDashboardData Data { get; private set; } = new(default, [], [], [], [], [], [], []);

    /// <summary>The statuses present in at least one call, in the order of the enum (the columns of the detail table).</summary>
    public IReadOnlyList<ApplicationStatus> Statuses { get; private set; } = [];

    public Chart Applications { get; private set; } = null!;

    public Chart Funds { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.AllianceId() is not { } allianceId)
        {
            return NotFound();
        }

        await LoadAsync(allianceId, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? chart, CancellationToken ct)
    {
        if (User.AllianceId() is not { } allianceId || chart is not (ApplicationsChart or FundsChart))
        {
            return NotFound();
        }

        await LoadAsync(allianceId, ct);
        var day = RomeTime.ToRome(clock.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return File(ChartCsv.Write(chart == ApplicationsChart ? Applications : Funds), "text/csv; charset=utf-8", $"cruscotto-{chart}-{day}.csv");
    }

    public string CsvUrl(string chart) => Url.Page("/Staff/Dashboard", "Csv", new { chart })!;

    private async Task LoadAsync(Guid allianceId, CancellationToken ct)
    {
        Data = await dashboard.LoadAsync(allianceId, clock.GetUtcNow(), ct);
        Statuses = Enum.GetValues<ApplicationStatus>().Where(s => Data.Applications.Any(a => a.Count(s) > 0)).ToList();
        Applications = new Chart(ApplicationsChart, l["Domande per bando e stato"], ChartKind.HorizontalBars, l["Bando"],
            Data.Applications.Select(a => a.Reference).ToList(),
            Groups.Select(g => new ChartSeries(l[g.Name], Data.Applications.Select(a => Chart.Count(g.Statuses.Sum(a.Count))).ToList())).ToList());
        Funds = new Chart(FundsChart, l["Fondi per bando: previsti, impegnati, pagati, recuperati"], ChartKind.HorizontalBars, l["Bando"],
            Data.Funds.Select(f => f.Reference).ToList(),
            [
                new ChartSeries(l["Previsti (budget del bando)"], Data.Funds.Select(f => Chart.Euros(f.Planned)).ToList()),
                new ChartSeries(l["Impegnati (contributi attivi)"], Data.Funds.Select(f => Chart.Euros(f.Committed)).ToList()),
                new ChartSeries(l["Pagati"], Data.Funds.Select(f => Chart.Euros(f.Paid)).ToList()),
                new ChartSeries(l["Recuperati"], Data.Funds.Select(f => Chart.Euros(f.Recovered)).ToList()),
            ]);
    }
}
