using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>
/// A call in plain Italian: what it funds, who can apply, how much, which documents, the deadline
/// and the time left (computed here, on the server clock, in Europe/Rome). Drafts are not found.
/// </summary>
public sealed class DetailsModel(AppDbContext db, CurrentAlliance alliance, TimeProvider clock) : PageModel
{
    public sealed record ProviderRow(Guid Id, string LegalName, string Address, string Municipality, IReadOnlyList<ServiceType> ServiceTypes, string? Phone, string? Email);

    public sealed record AmendmentRow(int Number, DateTimeOffset At, string Reason);

    public Call Call { get; private set; } = default!;
    public WindowState State { get; private set; }
    public string Window { get; private set; } = "";
    public IReadOnlyList<ProviderRow> Providers { get; private set; } = [];
    public IReadOnlyList<AmendmentRow> Amendments { get; private set; } = [];

    /// <summary>Whether the call's ranking is published (the page links to it).</summary>
    public bool HasPublishedRanking { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        var call = await db.Calls.AsNoTracking().Include(c => c.Versions).Include(c => c.Providers).AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id && c.AllianceId == allianceId && c.Status != CallStatus.Draft, ct);
        if (call is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        Call = call;
        State = call.StateAt(now);
        Window = PublicCalls.WindowSentence(State, call.OpensAt, call.ClosesAt, now);
        var providerIds = call.Providers.Select(p => p.ProviderId).ToList();
        var providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).OrderBy(p => p.LegalName)
            .Select(p => new ProviderRow(p.Id, p.LegalName, p.Address, p.Municipality, p.ServiceTypes, p.Phone, p.Email)).ToListAsync(ct);
        // A provider's line names only what this call funds; one that offers none of it is not listed.
        var funded = call.Rules.ServiceTypes;
        Providers = providers
            .Select(p => p with { ServiceTypes = ServiceTypes.OfferedUnder(p.ServiceTypes, funded) })
            .Where(p => p.ServiceTypes.Count > 0)
            .ToList();
        HasPublishedRanking = await db.Rankings.AnyAsync(r => r.CallId == call.Id && r.AllianceId == allianceId && r.DiscardedAt == null && r.PublishedAt != null, ct);
        Amendments = call.Versions.Where(v => v.Number > 1).OrderBy(v => v.Number)
            .Select(v => new AmendmentRow(v.Number, v.CreatedAt, v.AmendmentReason ?? "")).ToList();
        return Page();
    }
}
