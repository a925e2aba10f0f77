using System.Globalization;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;

namespace Conciliazione.Domain.Tests.Grants;

/// <summary>
/// The funding walk down a ranking (FundingPlan.Walk) under the call's shortfall policy: skip the
/// application that does not fit and go on to the next that fits, or grant it what is left and stop.
/// </summary>
public sealed class FundingPlanTests
{
    /// <summary>
    /// Amounts in ranking order, the money left, the policy; expected: each application's grant
    /// ("-" for the reserve list, "x/y" for a partial grant of x on y).
    /// </summary>
    [Theory]
    [InlineData("600 600 350 350", "1000", ShortfallPolicy.SkipToNextThatFits, "600 - 350 -")]
    [InlineData("600 600 350 350", "1000", ShortfallPolicy.PartialGrant, "600 400/600 - -")]
    [InlineData("350 350 350", "1050", ShortfallPolicy.SkipToNextThatFits, "350 350 350")]
    [InlineData("350 350 350", "1050", ShortfallPolicy.PartialGrant, "350 350 350")]
    [InlineData("350 350 350", "700", ShortfallPolicy.PartialGrant, "350 350 -")]
    [InlineData("700 350 700 300", "650", ShortfallPolicy.SkipToNextThatFits, "- 350 - 300")]
    [InlineData("700 350 700 300", "650", ShortfallPolicy.PartialGrant, "650/700 - - -")]
    [InlineData("350 350", "0", ShortfallPolicy.PartialGrant, "- -")]
    [InlineData("350 350", "0", ShortfallPolicy.SkipToNextThatFits, "- -")]
    [InlineData("100,50 0,01 100", "100,51", ShortfallPolicy.SkipToNextThatFits, "100,50 0,01 -")]
    [InlineData("100,50 0,01 100", "100,49", ShortfallPolicy.PartialGrant, "100,49/100,50 - -")]
    public void Walk_GrantsInOrder_AndTheShortfallPolicyDecidesTheOneThatDoesNotFit(string amounts, string left, ShortfallPolicy policy, string expected)
    {
        var it = CultureInfo.GetCultureInfo("it-IT");
        var inOrder = amounts.Split(' ').Select(a => (Guid.NewGuid(), decimal.Parse(a, it))).ToList();

        var walk = FundingPlan.Walk(inOrder, decimal.Parse(left, it), policy);

        var shown = string.Join(" ", walk.Select(s => s.Granted switch
        {
            null => "-",
            { } g when s.IsPartial => g.ToString(it) + "/" + s.Requested.ToString(it),
            { } g => g.ToString(it),
        }));
        Assert.Equal(expected, shown);
        Assert.Equal(inOrder.Select(x => x.Item1), walk.Select(s => s.ApplicationId));
        Assert.True(walk.Sum(s => s.Granted ?? 0m) <= decimal.Parse(left, it));
    }

    [Fact]
    public void Walk_RefusesAnApplicationWithNothingToGrant()
    {
        var e = Assert.Throws<DomainException>(() => FundingPlan.Walk([(Guid.NewGuid(), 0m)], 100m, ShortfallPolicy.SkipToNextThatFits));
        Assert.Equal("L'importo da concedere deve essere maggiore di zero.", e.Message);
    }
}
