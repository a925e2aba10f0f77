using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Providers;

/// <summary>The alliance's providers with their agreements in force, and the "agreements signed" indicator it feeds.</summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string LegalName, string Municipality, IReadOnlyList<ServiceType> ServiceTypes, int AgreementsInForce, string? Partner);

    public sealed record IndicatorRow(string Project, string Action, string Name, string? Target, int Value, bool? Met);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<IndicatorRow> Indicators { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Today = clock.TodayInRome();
        var providers = await db.Providers.AsNoTracking().Include(p => p.Agreements).Where(p => p.AllianceId == allianceId)
            .OrderBy(p => p.LegalName).ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.AllianceId == allianceId).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Rows = providers.Select(p => new Row(p.Id, p.LegalName, p.Municipality, p.ServiceTypes, p.Agreements.Count(a => a.IsInForceOn(Today)),
            p.PartnerId is { } id && partners.TryGetValue(id, out var n) ? n : null)).ToList();

        var indicators = await db.Indicators.AsNoTracking()
            .Where(i => i.ComputationKey == IndicatorComputations.ActiveAgreements)
            .Join(db.ProjectActions, i => i.ActionId, a => a.Id, (i, a) => new { Indicator = i, a.Code, a.ProjectId })
            .Join(db.Projects, x => x.ProjectId, p => p.Id, (x, p) => new { x.Indicator, x.Code, p.Title, p.AllianceId, p.Status })
            .Where(x => x.AllianceId == allianceId && x.Status == ProjectStatus.Active)
            .ToListAsync(ct);
        var rows = new List<IndicatorRow>();
        foreach (var x in indicators)
        {
            var value = await db.ComputeAsync(x.Indicator, Today, ct) ?? 0;
            rows.Add(new IndicatorRow(x.Title, x.Code, x.Indicator.Name, x.Indicator.TargetText, value, x.Indicator.IsMet(value)));
        }

        Indicators = rows;
    }
}
