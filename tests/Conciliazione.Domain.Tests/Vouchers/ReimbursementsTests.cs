using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Tests.Vouchers;

/// <summary>
/// The reimbursement formula on the amounts of the Lombardy alliance calls (BRIEF "Amounts"):
/// min(rate x eligible spending, min(rule cap, granted amount) - already claimed); a flat amount once
/// the spending reaches the threshold; nothing below the minimum spend.
/// </summary>
public class ReimbursementsTests
{
    private static readonly Dictionary<string, AmountRule> Rules = new()
    {
        ["20% fino a 400 per domanda"] = new() { Kind = AmountKind.ShareOfSpending, RatePercent = 20m, CapPerApplication = 400m },
        ["50% fino a 200 per figlio"] = new() { Kind = AmountKind.ShareOfSpending, RatePercent = 50m, CapPerChild = 200m },
        ["50% fino a 350 per figlio"] = new() { Kind = AmountKind.ShareOfSpending, RatePercent = 50m, CapPerChild = 350m },
        ["250 forfettari da 400 di spesa"] = new() { Kind = AmountKind.FlatAboveThreshold, FlatAmount = 250m, Threshold = 400m, CapPerApplication = 250m },
        ["20% fino a 400, spesa minima 100"] = new() { Kind = AmountKind.ShareOfSpending, RatePercent = 20m, CapPerApplication = 400m, MinimumSpend = 100m },
    };

    [Theory]
    // rule, voucher cap (granted), children, counted before, new eligible, already claimed, due
    [InlineData("20% fino a 400 per domanda", "400", 1, "0", "1000", "0", "200")]
    [InlineData("20% fino a 400 per domanda", "400", 1, "0", "2500", "0", "400")]
    [InlineData("20% fino a 400 per domanda", "400", 3, "0", "2500", "0", "400")]
    [InlineData("20% fino a 400 per domanda", "400", 1, "1000", "1500", "200", "200")]
    [InlineData("20% fino a 400 per domanda", "400", 1, "0", "12.34", "0", "2.47")]
    [InlineData("20% fino a 400 per domanda", "400", 1, "0", "0", "0", "0")]
    [InlineData("50% fino a 200 per figlio", "200", 1, "0", "1000", "0", "200")]
    [InlineData("50% fino a 200 per figlio", "400", 2, "0", "1000", "0", "400")]
    [InlineData("50% fino a 200 per figlio", "200", 1, "0", "100.05", "0", "50.03")]
    [InlineData("50% fino a 350 per figlio", "350", 1, "0", "500", "0", "250")]
    [InlineData("50% fino a 350 per figlio", "700", 2, "0", "2000", "0", "700")]
    [InlineData("50% fino a 350 per figlio", "350", 1, "600", "200", "300", "50")]
    [InlineData("50% fino a 350 per figlio", "350", 1, "700", "100", "350", "0")]
    // A partial grant (the last funded with what was left) pays up to the granted amount only.
    [InlineData("50% fino a 350 per figlio", "150", 1, "0", "500", "0", "150")]
    [InlineData("20% fino a 400 per domanda", "123.45", 1, "0", "5000", "0", "123.45")]
    [InlineData("250 forfettari da 400 di spesa", "250", 1, "0", "399.99", "0", "0")]
    [InlineData("250 forfettari da 400 di spesa", "250", 1, "0", "400", "0", "250")]
    [InlineData("250 forfettari da 400 di spesa", "250", 1, "300", "150", "0", "250")]
    [InlineData("250 forfettari da 400 di spesa", "250", 1, "400", "100", "250", "0")]
    [InlineData("20% fino a 400, spesa minima 100", "400", 1, "0", "99.99", "0", "0")]
    [InlineData("20% fino a 400, spesa minima 100", "400", 1, "0", "100", "0", "20")]
    public void Due_FollowsTheCallsAmountRule(string rule, string cap, int children, string countedBefore, string newEligible, string alreadyClaimed, string expected)
    {
        var input = new ReimbursementInput(D(cap), children, D(countedBefore), D(newEligible), D(alreadyClaimed));
        Assert.Equal(D(expected), Reimbursements.Due(Rules[rule], input));
    }

    [Theory]
    [InlineData("250 forfettari da 400 di spesa", "0", "399.99", true)]
    [InlineData("250 forfettari da 400 di spesa", "300", "100", false)]
    [InlineData("20% fino a 400, spesa minima 100", "0", "99.99", true)]
    [InlineData("20% fino a 400, spesa minima 100", "0", "100", false)]
    [InlineData("50% fino a 350 per figlio", "0", "1", false)]
    public void Waits_WhileTheMinimumSpendOrThresholdIsNotReached(string rule, string countedBefore, string newEligible, bool waits)
    {
        var input = new ReimbursementInput(400m, 1, D(countedBefore), D(newEligible), 0m);
        Assert.Equal(waits, Reimbursements.Waits(Rules[rule], input));
    }

    [Fact]
    public void Due_NeverExceedsTheCapLeft_OverSeveralBatches()
    {
        var rule = Rules["50% fino a 350 per figlio"];
        decimal claimed = 0m, counted = 0m;
        foreach (var spending in new[] { 180m, 240m, 199.99m, 75m, 500m })
        {
            var due = Reimbursements.Due(rule, new ReimbursementInput(350m, 1, counted, spending, claimed));
            Assert.InRange(due, 0m, 350m - claimed);
            claimed += due;
            counted += spending;
        }

        Assert.Equal(350m, claimed);
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
