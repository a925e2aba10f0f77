using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;

namespace Conciliazione.Domain.Tests.Grants;

/// <summary>
/// Issue 13 "Done when": table-driven ranking tests with ties. Each row names applications by a
/// letter, gives the call's funding rule and expects the order; the inputs are also fed in reverse
/// and shuffled, since a ranking must not depend on the order the database returns rows in.
/// </summary>
public sealed class RankingOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An application "A".."Z": protocol 2026/0000NN from its letter unless given, ISEE, minutes after T0, oldest child, children, single parent, disability.</summary>
    private static RankingInput App(string name, decimal? isee, int minutes = 0, string? born = null, int children = 1, bool single = false, bool disability = false, int? protocol = null) =>
        new(
            new Guid(name[0] - 'A' + 1, 0, 0, new byte[8]),
            $"2026/{protocol ?? (name[0] - 'A' + 1):D6}",
            T0.AddMinutes(minutes),
            isee,
            born is null ? null : DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture),
            children,
            single,
            disability,
            350m * children);

    private static FundingRule Ranking(params TieBreak[] tieBreaks) => new() { Mode = FundingMode.Ranking, TieBreaks = tieBreaks };

    private static readonly FundingRule FirstCome = new() { Mode = FundingMode.FirstComeFirstServed };

    public static TheoryData<string, FundingRule, RankingInput[], string> Cases() => new()
    {
        {
            "ISEE ascending",
            Ranking(),
            [App("A", 20_000m), App("B", 5_000m), App("C", 12_000m)],
            "BCA"
        },
        {
            "without ISEE after every ISEE, however high",
            Ranking(),
            [App("A", null), App("B", 39_999.99m), App("C", 0m)],
            "CBA"
        },
        {
            "equal ISEE, no tie-break: protocol number decides",
            Ranking(),
            [App("C", 8_000m), App("A", 8_000m), App("B", 8_000m)],
            "ABC"
        },
        {
            "protocol numbers compared as numbers, not text",
            Ranking(),
            [App("A", 8_000m, protocol: 1_000_000), App("B", 8_000m, protocol: 999_999)],
            "BA"
        },
        {
            "equal ISEE: submission time first",
            Ranking(TieBreak.SubmissionTime),
            [App("A", 8_000m, minutes: 30), App("B", 8_000m, minutes: 10), App("C", 7_000m, minutes: 50)],
            "CBA"
        },
        {
            "equal ISEE: older child first, no child last",
            Ranking(TieBreak.OlderChild),
            [App("A", 8_000m, born: "2020-05-01"), App("B", 8_000m, born: "2018-05-01"), App("C", 8_000m, born: null, children: 0)],
            "BAC"
        },
        {
            "equal ISEE: more children first",
            Ranking(TieBreak.MoreChildren),
            [App("A", 8_000m, children: 1), App("B", 8_000m, children: 3), App("C", 8_000m, children: 2)],
            "BCA"
        },
        {
            "equal ISEE: single parent first, then disability",
            Ranking(TieBreak.SingleParent, TieBreak.DisabilityInHousehold),
            [App("A", 8_000m), App("B", 8_000m, disability: true), App("C", 8_000m, single: true), App("D", 8_000m, single: true, disability: true)],
            "DCBA"
        },
        {
            "tie-breaks in the call's order: the first that differs decides",
            Ranking(TieBreak.MoreChildren, TieBreak.SubmissionTime),
            [App("A", 8_000m, minutes: 1, children: 1), App("B", 8_000m, minutes: 5, children: 2), App("C", 8_000m, minutes: 2, children: 2)],
            "CBA"
        },
        {
            "same tie-breaks, other order, other result",
            Ranking(TieBreak.SubmissionTime, TieBreak.MoreChildren),
            [App("A", 8_000m, minutes: 1, children: 1), App("B", 8_000m, minutes: 5, children: 2), App("C", 8_000m, minutes: 2, children: 2)],
            "ACB"
        },
        {
            "every criterion equal: protocol number",
            Ranking(TieBreak.SubmissionTime, TieBreak.OlderChild, TieBreak.MoreChildren, TieBreak.SingleParent, TieBreak.DisabilityInHousehold),
            [App("B", 8_000m, born: "2019-01-01"), App("A", 8_000m, born: "2019-01-01"), App("C", 8_000m, born: "2019-01-01")],
            "ABC"
        },
        {
            "applicants without ISEE ranked among themselves by the tie-breaks",
            Ranking(TieBreak.MoreChildren),
            [App("A", null, children: 1), App("B", null, children: 2), App("C", 30_000m)],
            "CBA"
        },
        {
            "first come, first served: protocol only, ISEE and tie-breaks ignored",
            FirstCome,
            [App("C", 1_000m), App("A", null), App("B", 50_000m, single: true)],
            "ABC"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rank_OrdersAsTheCallSays_WhateverTheInputOrder(string why, FundingRule rule, RankingInput[] inputs, string expected)
    {
        var shuffled = inputs.OrderBy(i => i.ApplicationId.GetHashCode() * 31 % 7).ToArray();
        foreach (var order in new[] { inputs, inputs.Reverse().ToArray(), shuffled })
        {
            var ranked = RankingOrder.Rank(order, rule);

            Assert.True(expected == Names(ranked), $"{why}: expected {expected}, got {Names(ranked)}");
            Assert.Equal(Enumerable.Range(1, inputs.Length), ranked.Select(r => r.Position));
        }
    }

    [Fact]
    public void Breakdown_SaysEachCriterionInTheCallsOrder_EndingWithTheProtocol()
    {
        var input = App("A", 8_000m, minutes: 0, born: "2019-04-03", children: 2, single: true);

        var lines = RankingOrder.Breakdown(input, Ranking(TieBreak.OlderChild, TieBreak.SingleParent));

        Assert.Equal(["ISEE: 8.000,00 €", "Figlio più grande nato il 03/04/2019", "Nucleo monogenitoriale: sì", "A parità di tutto: protocollo 2026/000001"], lines);
        Assert.Equal(["Ordine di arrivo: protocollo 2026/000001"], RankingOrder.Breakdown(input, FirstCome));
        Assert.Equal("ISEE: non presentato (dopo chi lo ha presentato)", RankingOrder.Breakdown(App("B", null), Ranking())[0]);
    }

    [Theory]
    [InlineData(ShortfallPolicy.SkipToNextThatFits, "700|-|350")]
    [InlineData(ShortfallPolicy.PartialGrant, "700|400|-")]
    public void FreezeProjection_FollowsTheShortfallPolicy(ShortfallPolicy policy, string expected)
    {
        var rule = Ranking() with { WhenShort = policy };
        var ranked = RankingOrder.Rank([App("A", 1_000m, children: 2), App("B", 2_000m, children: 2), App("C", 3_000m)], rule);

        var ranking = Domain.Grants.Ranking.Freeze(Guid.NewGuid(), Guid.NewGuid(), rule, 1_100m, ranked, [(Guid.NewGuid(), "2026/000009")], Guid.NewGuid(), T0);

        Assert.Equal(expected, string.Join("|", ranking.Entries.Where(e => e.Position is not null).OrderBy(e => e.Position)
            .Select(e => e.ProjectedGrant is { } g ? g.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "-")));
        Assert.Equal(RankingOutcome.NotAdmitted, ranking.Entries.Single(e => e.Position is null).Outcome);
    }

    [Fact]
    public void APublishedRanking_CannotBePublishedAgain_NorDiscarded()
    {
        var ranked = RankingOrder.Rank([App("A", 1_000m)], Ranking());
        var ranking = Domain.Grants.Ranking.Freeze(Guid.NewGuid(), Guid.NewGuid(), Ranking(), 1_000m, ranked, [], Guid.NewGuid(), T0);
        ranking.Publish(Guid.NewGuid(), T0);

        Assert.Equal(Domain.Grants.Ranking.PublishedMessage, Assert.Throws<DomainException>(() => ranking.Publish(Guid.NewGuid(), T0)).Message);
        Assert.Equal(Domain.Grants.Ranking.PublishedMessage, Assert.Throws<DomainException>(() => ranking.Discard("errore", Guid.NewGuid(), T0)).Message);
    }

    [Fact]
    public void Discard_WithoutAReason_IsRefused()
    {
        var ranked = RankingOrder.Rank([App("A", 1_000m)], Ranking());
        var ranking = Domain.Grants.Ranking.Freeze(Guid.NewGuid(), Guid.NewGuid(), Ranking(), 1_000m, ranked, [], Guid.NewGuid(), T0);

        var e = Assert.Throws<DomainException>(() => ranking.Discard("  ", Guid.NewGuid(), T0));

        Assert.Contains("perché", e.Errors.Single().Message, StringComparison.Ordinal);
        Assert.False(ranking.IsDiscarded);
    }

    private static string Names(IReadOnlyList<RankedApplication> ranked) =>
        string.Concat(ranked.Select(r => (char)('A' + r.Input.ApplicationId.ToByteArray()[0] - 1)));
}
