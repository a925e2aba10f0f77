using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;

namespace Conciliazione.Domain.Tests.Grants;

/// <summary>Issue 13: the walk down a ranking with the money left, for both shortfall policies.</summary>
public sealed class FundingPlanTests
{
    private static readonly Guid[] Ids = [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid())];

    [Theory]
    // amounts in ranking order, money left, policy -> what each gets ("-" = reserve list)
    [InlineData("350,350,350", "1000", ShortfallPolicy.SkipToNextThatFits, "350,350,-")]
    [InlineData("350,350,350", "1000", ShortfallPolicy.PartialGrant, "350,350,300")]
    [InlineData("700,400,200", "900", ShortfallPolicy.SkipToNextThatFits, "700,-,200")]
    [InlineData("700,400,200", "900", ShortfallPolicy.PartialGrant, "700,200,-")]
    [InlineData("350,350", "700", ShortfallPolicy.PartialGrant, "350,350")]
    [InlineData("350,350", "0", ShortfallPolicy.PartialGrant, "-,-")]
    [InlineData("400,250.50,0.01", "250.51", ShortfallPolicy.SkipToNextThatFits, "-,250.5,0.01")]
    public void Walk_GrantsInOrder_WithinWhatIsLeft(string amounts, string left, ShortfallPolicy policy, string expected)
    {
        var inOrder = amounts.Split(',').Select((a, i) => (Ids[i], decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var steps = FundingPlan.Walk(inOrder, decimal.Parse(left, System.Globalization.CultureInfo.InvariantCulture), policy);

        Assert.Equal(expected, string.Join(",", steps.Select(s => s.Granted is { } g ? g.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "-")));
        Assert.True(steps.Sum(s => s.Granted ?? 0m) <= decimal.Parse(left, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(inOrder.Select(x => x.Item1), steps.Select(s => s.ApplicationId));
    }

    [Fact]
    public void Walk_RefusesAZeroAmount()
    {
        Assert.Throws<DomainException>(() => FundingPlan.Walk([(Ids[0], 0m)], 100m, ShortfallPolicy.SkipToNextThatFits));
    }

    [Fact]
    public void Freeze_ProjectsTheOutcome_AndListsTheNotAdmittedWithoutAPosition()
    {
        var rule = new FundingRule { Mode = FundingMode.FirstComeFirstServed };
        var inputs = new[]
        {
            new RankingInput(Ids[0], "2026/000002", DateTimeOffset.UnixEpoch, 1000m, null, 1, false, false, 350m),
            new RankingInput(Ids[1], "2026/000001", DateTimeOffset.UnixEpoch, 9000m, null, 1, false, false, 350m),
        };
        var ranked = RankingOrder.Rank(inputs, rule);

        var ranking = Ranking.Freeze(Guid.NewGuid(), Guid.NewGuid(), rule, 500m, ranked, [(Ids[2], "2026/000003")], Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        Assert.Equal(
            [(Ids[1], (int?)1, RankingOutcome.Funded), (Ids[0], 2, RankingOutcome.Reserve), (Ids[2], null, RankingOutcome.NotAdmitted)],
            ranking.Entries.Select(e => (e.ApplicationId, e.Position, e.Outcome)));
        ranking.Publish(Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        Assert.Equal(Ranking.PublishedMessage, Assert.Throws<DomainException>(() => ranking.Publish(Guid.NewGuid(), DateTimeOffset.UnixEpoch)).Message);
        Assert.Throws<DomainException>(() => ranking.Discard("errore", Guid.NewGuid(), DateTimeOffset.UnixEpoch));
    }
}
