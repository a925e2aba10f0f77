using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Projects;

/// <summary>
/// Runs the computation an indicator names (<see cref="Indicator.ComputationKey"/>) over the
/// portal's own records. Every value is <b>cumulative</b>: what the records say from the start up to
/// and including the reference day (Europe/Rome), as things stood on that day (ADR 0095): a voucher
/// revoked later still counts for a period that ended before the revocation.
/// </summary>
public static class IndicatorValues
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    /// <summary>
    /// The computed value of <paramref name="indicator"/> on <paramref name="on"/>; null when the
    /// indicator is entered by staff.
    /// </summary>
    public static async Task<int?> ComputeAsync(this AppDbContext db, Indicator indicator, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var values = await db.ComputeManyAsync([indicator], [on], ct);
        return values.TryGetValue((indicator.Id, on), out var v) ? v : null;
    }

    /// <summary>The value of computation <paramref name="key"/> for the action <paramref name="actionId"/> on <paramref name="on"/>.</summary>
    public static async Task<int> ComputeAsync(this AppDbContext db, string key, Guid actionId, DateOnly on, CancellationToken ct)
    {
        var facts = await ActionFacts.LoadAsync(db, actionId, [key], on, ct);
        return facts.Value(key, on);
    }

    /// <summary>
    /// The computed indicators among <paramref name="indicators"/> on each of <paramref name="dates"/>,
    /// by (indicator, date). One query per action and kind of record, whatever the number of dates:
    /// the records are read once and counted for each date in memory with the same rule.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(Guid IndicatorId, DateOnly On), int>> ComputeManyAsync(this AppDbContext db, IReadOnlyCollection<Indicator> indicators, IReadOnlyCollection<DateOnly> dates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(dates);
        var result = new Dictionary<(Guid, DateOnly), int>();
        var computed = indicators.Where(i => i.Source == IndicatorSource.Computed && i.ComputationKey is not null && IndicatorComputations.Labels.ContainsKey(i.ComputationKey)).ToList();
        if (computed.Count == 0 || dates.Count == 0)
        {
            return result;
        }

        var last = dates.Max();
        foreach (var group in computed.GroupBy(i => i.ActionId))
        {
            var facts = await ActionFacts.LoadAsync(db, group.Key, group.Select(i => i.ComputationKey!).Distinct(StringComparer.Ordinal).ToList(), last, ct);
            foreach (var indicator in group)
            {
                foreach (var on in dates)
                {
                    result[(indicator.Id, on)] = facts.Value(indicator.ComputationKey!, on);
                }
            }
        }

        return result;
    }

    /// <summary>The first instant after <paramref name="on"/> in Europe/Rome: records before it count for that day.</summary>
    public static DateTimeOffset Cutoff(DateOnly on)
    {
        var midnight = on.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Rome.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>Whole euros, rounded down: a target in euros is never met by rounding cents up.</summary>
    public static int WholeEuros(decimal amount) => (int)Math.Min(int.MaxValue, Math.Floor(amount));

    private sealed record VoucherFact(DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt, Guid FamilyUserId);

    // A released (renounced or revoked) grant has its release time (CHECK ck_grants_released).
    private sealed record GrantFact(decimal Amount, DateTimeOffset GrantedAt, DateTimeOffset? ReleasedAt);

    private sealed record PaidFact(decimal Gross, DateOnly ValueDate);

    /// <summary>The records of one action a set of computations needs, read once.</summary>
    private sealed class ActionFacts
    {
        private Guid actionId;
        private List<VoucherFact> vouchers = [];
        private List<GrantFact> grants = [];
        private List<PaidFact> paid = [];
        private List<Agreement> agreements = [];

        public static async Task<ActionFacts> LoadAsync(AppDbContext db, Guid actionId, IReadOnlyCollection<string> keys, DateOnly last, CancellationToken ct)
        {
            var facts = new ActionFacts { actionId = actionId };
            var cutoff = Cutoff(last);
            var calls = db.Calls.Where(c => c.ActionId == actionId).Select(c => c.Id);
            if (keys.Contains(IndicatorComputations.FamiliesWithVoucher) || keys.Contains(IndicatorComputations.ServicesFunded))
            {
                facts.vouchers = await db.Vouchers.AsNoTracking()
                    .Where(v => calls.Contains(v.CallId) && v.IssuedAt < cutoff)
                    .Join(db.Applications, v => v.ApplicationId, a => a.Id, (v, a) => new VoucherFact(v.IssuedAt, v.RevokedAt, a.FamilyUserId))
                    .ToListAsync(ct);
            }

            if (keys.Contains(IndicatorComputations.EurosGranted))
            {
                facts.grants = await db.Grants.AsNoTracking()
                    .Where(g => calls.Contains(g.CallId) && g.GrantedAt < cutoff)
                    .Select(g => new GrantFact(g.Amount, g.GrantedAt, g.ReleasedAt))
                    .ToListAsync(ct);
            }

            if (keys.Contains(IndicatorComputations.EurosPaid))
            {
                facts.paid = await db.PayoutLines.AsNoTracking()
                    .Where(l => calls.Contains(l.CallId))
                    .Join(db.PayoutBatches.Where(b => b.Status == PayoutBatchStatus.Paid && b.ValueDate <= last), l => l.BatchId, b => b.Id, (l, b) => new PaidFact(l.Gross, b.ValueDate!.Value))
                    .ToListAsync(ct);
            }

            if (keys.Contains(IndicatorComputations.ActiveAgreements))
            {
                // Filter what SQL can (action, status, start), then apply the one rule in memory so
                // the query and AgreementIndicators.CountInForce never disagree.
                facts.agreements = await db.Agreements.AsNoTracking()
                    .Where(a => a.ActionIds.Contains(actionId) && a.Status == AgreementStatus.Active && a.ValidFrom <= last)
                    .ToListAsync(ct);
            }

            return facts;
        }

        public int Value(string key, DateOnly on)
        {
            var cutoff = Cutoff(on);
            return key switch
            {
                IndicatorComputations.FamiliesWithVoucher => Vouchers(cutoff).Select(v => v.FamilyUserId).Distinct().Count(),
                IndicatorComputations.ServicesFunded => Vouchers(cutoff).Count(),
                IndicatorComputations.EurosGranted => WholeEuros(grants
                    .Where(g => g.GrantedAt < cutoff && (g.ReleasedAt is null || g.ReleasedAt >= cutoff))
                    .Sum(g => g.Amount)),
                IndicatorComputations.EurosPaid => WholeEuros(paid.Where(p => p.ValueDate <= on).Sum(p => p.Gross)),
                IndicatorComputations.ActiveAgreements => AgreementIndicators.CountInForce(agreements, actionId, on),
                _ => 0,
            };
        }

        /// <summary>Vouchers issued by the cutoff and not revoked by then.</summary>
        private IEnumerable<VoucherFact> Vouchers(DateTimeOffset cutoff) =>
            vouchers.Where(v => v.IssuedAt < cutoff && (v.RevokedAt is null || v.RevokedAt >= cutoff));
    }
}
