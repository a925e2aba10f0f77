using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Vouchers;

/// <summary>What a voucher has on record when a reimbursement is worked out.</summary>
/// <param name="Cap">The voucher's cap: the granted amount.</param>
/// <param name="Children">Children on the application (for a cap per child).</param>
/// <param name="CountedBefore">Eligible spending of validated receipts already reimbursed by earlier batches.</param>
/// <param name="NewEligible">Eligible spending of validated receipts, dated inside the service period, not yet reimbursed.</param>
/// <param name="AlreadyClaimed">Already paid, or in a batch produced and not yet paid.</param>
public sealed record ReimbursementInput(decimal Cap, int Children, decimal CountedBefore, decimal NewEligible, decimal AlreadyClaimed);

/// <summary>
/// Reimbursement = min(rate x eligible spending, cap - already paid), counting only validated
/// receipts dated inside the service period: the one formula, from the call's amount rule (BRIEF
/// "Amounts"). The cap is the lower of the rule's cap and the granted amount (a partial grant pays
/// less). A flat contribution is earned once the spending counted so far reaches the threshold.
/// Rounded to the cent, half away from zero.
/// </summary>
public static class Reimbursements
{
    public static decimal Due(AmountRule rule, ReimbursementInput input)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);
        if (input.NewEligible <= 0m)
        {
            return 0m;
        }

        var cap = rule.Cap(input.Children) is { } ruleCap ? Math.Min(ruleCap, input.Cap) : input.Cap;
        var room = Math.Max(0m, cap - input.AlreadyClaimed);
        var total = input.CountedBefore + input.NewEligible;
        decimal gross;
        if (rule.Kind == AmountKind.FlatAboveThreshold)
        {
            gross = total >= (rule.Threshold ?? 0m) ? (rule.FlatAmount ?? 0m) : 0m;
        }
        else
        {
            if (rule.MinimumSpend is { } minimum && total < minimum)
            {
                return 0m;
            }

            gross = decimal.Round(input.NewEligible * (rule.RatePercent ?? 0m) / 100m, 2, MidpointRounding.AwayFromZero);
        }

        return Math.Min(gross, room);
    }

    /// <summary>
    /// Whether receipts not yet reimbursed should wait (they count later, once the minimum spend or the
    /// threshold is reached) rather than be marked as counted with nothing paid.
    /// </summary>
    public static bool Waits(AmountRule rule, ReimbursementInput input)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);
        var total = input.CountedBefore + input.NewEligible;
        return rule.Kind == AmountKind.FlatAboveThreshold
            ? total < (rule.Threshold ?? 0m)
            : rule.MinimumSpend is { } minimum && total < minimum;
    }
}
