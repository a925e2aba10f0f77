using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;

namespace Conciliazione.Domain.Projects;

/// <summary>Runs the computation an indicator names (<see cref="Indicator.ComputationKey"/>).</summary>
public static class IndicatorValues
{
    /// <summary>
    /// The computed value of <paramref name="indicator"/> on <paramref name="on"/>; null when the
    /// indicator is entered by staff or its computation is not available yet (families with a
    /// voucher come with the vouchers).
    /// </summary>
    public static async Task<int?> ComputeAsync(this AppDbContext db, Indicator indicator, DateOnly on, CancellationToken ct) =>
        indicator.Source != IndicatorSource.Computed ? null
        : indicator.ComputationKey switch
        {
            IndicatorComputations.ActiveAgreements => await db.CountInForceAsync(indicator.ActionId, on, ct),
            _ => null,
        };
}
