using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Providers;

/// <summary>
/// The computation behind <see cref="Projects.IndicatorComputations.ActiveAgreements"/>: action A's
/// "convenzioni/contratti di accreditamento stipulati" counted from the portal's agreements.
/// </summary>
/// <remarks>
/// An agreement counts when it covers the action and is in force on the reference day (status
/// active, inside its validity). Suspended or expired agreements do not count: the plan's target
/// ("almeno 2 convenzioni") is about services families can use.
/// </remarks>
public static class AgreementIndicators
{
    public static int CountInForce(IEnumerable<Agreement> agreements, Guid actionId, DateOnly on) =>
        agreements.Count(a => a.ActionIds.Contains(actionId) && a.IsInForceOn(on));

    /// <summary>The same count, in the database, over the action's alliance.</summary>
    public static async Task<int> CountInForceAsync(this AppDbContext db, Guid actionId, DateOnly on, CancellationToken ct)
    {
        // Filter what SQL can (action, status, dates), then apply the one rule in memory so the
        // query and CountInForce never disagree.
        var candidates = await db.Agreements.AsNoTracking()
            .Where(a => a.ActionIds.Contains(actionId) && a.Status == AgreementStatus.Active && a.ValidFrom <= on)
            .ToListAsync(ct);
        return CountInForce(candidates, actionId, on);
    }
}
