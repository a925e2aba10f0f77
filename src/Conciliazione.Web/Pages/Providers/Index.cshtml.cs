using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Providers;

/// <summary>Public list of the providers with an agreement in force today, by service and municipality.</summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class IndexModel(AppDbContext db, CurrentAlliance alliance, TimeProvider clock) : PageModel
{
    public sealed record Row(string LegalName, string Address, string PostalCode, string Municipality, IReadOnlyList<ServiceType> ServiceTypes, string? Phone, string? Email, string? Website, string Agreements);

    [BindProperty(SupportsGet = true)]
    public ServiceType? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Municipality { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<SelectListItem> ServiceOptions { get; private set; } = [];
    public IReadOnlyList<SelectListItem> MunicipalityOptions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        var today = clock.TodayInRome();
        var providers = await db.Providers.AsNoTracking().Include(p => p.Agreements)
            .Where(p => p.AllianceId == allianceId && p.Agreements.Any(a => a.Status == AgreementStatus.Active))
            .OrderBy(p => p.LegalName).ToListAsync(ct);
        var accredited = providers.Where(p => p.Agreements.Any(a => a.IsInForceOn(today))).ToList();
        ServiceOptions = [new SelectListItem("Tutti i servizi", ""), .. ServiceTypes.All.Where(t => accredited.Any(p => p.ServiceTypes.Contains(t))).Select(t => new SelectListItem(ServiceTypes.Italian(t), t.ToString()))];
        MunicipalityOptions = [new SelectListItem("Tutti i comuni", ""), .. accredited.Select(p => p.Municipality).Distinct().Order(StringComparer.Create(Domain.Money.Italian, false)).Select(m => new SelectListItem(m, m))];
        Rows = accredited
            .Where(p => Service is null || p.ServiceTypes.Contains(Service.Value))
            .Where(p => string.IsNullOrWhiteSpace(Municipality) || string.Equals(p.Municipality, Municipality.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(p => new Row(p.LegalName, p.Address, p.PostalCode, p.Municipality, p.ServiceTypes, p.Phone, p.Email, p.Website,
                string.Join(", ", p.Agreements.Where(a => a.IsInForceOn(today)).Select(a => Agreement.KindItalian(a.Kind) + " n. " + a.Number))))
            .ToList();
    }
}
