using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conciliazione.Domain;
using Conciliazione.Domain.Grants;

namespace Conciliazione.Domain.Tests.Grants;

/// <summary>
/// Issue 13, "the sample draw is reproducible": the same seed and the same list of funded
/// applications give the same sample, whatever the order of the list; the size follows the
/// percentage (rounded up) or the number; the seed is recorded (generated when none is given).
/// </summary>
public sealed class ControlSamplingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static List<(Guid ApplicationId, string ProtocolNumber)> Population(int count) =>
        Enumerable.Range(1, count).Select(i => (Guid.NewGuid(), string.Create(CultureInfo.InvariantCulture, $"2026/{i:D6}"))).ToList();

    private static ControlSample Draw(IReadOnlyList<(Guid, string)> population, string? seed, SampleRule rule, decimal value) =>
        ControlSample.Draw(Guid.NewGuid(), Guid.NewGuid(), population, seed, rule, value, Guid.NewGuid(), Now);

    private static string[] Protocols(ControlSample sample) => sample.Controls.Select(c => c.ProtocolNumber).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void SameSeedAndList_InAnyOrder_DrawTheSameSample()
    {
        var population = Population(200);
        var first = Draw(population, "controlli-2026", SampleRule.Percent, 10m);

        foreach (var seedOfShuffle in new[] { 1, 2, 3, 42 })
        {
            var shuffled = population.ToList();
            new Random(seedOfShuffle).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            Assert.Equal(Protocols(first), Protocols(Draw(shuffled, "controlli-2026", SampleRule.Percent, 10m)));
        }

        Assert.Equal(20, first.Controls.Count);
        Assert.Equal(200, first.PopulationSize);
        Assert.Equal("controlli-2026", first.Seed);
    }

    [Fact]
    public void AnotherSeed_DrawsAnotherSample()
    {
        var population = Population(200);
        Assert.NotEqual(Protocols(Draw(population, "seme-a", SampleRule.Count, 10m)), Protocols(Draw(population, "seme-b", SampleRule.Count, 10m)));
    }

    /// <summary>The page tells staff how to redraw by hand: SHA-256 of "seed|protocol" in lowercase hex, the smallest ones. This checks that description against the code.</summary>
    [Fact]
    public void TheSample_IsTheProtocolsWithTheSmallestSha256OfSeedBarProtocol_AsThePageExplains()
    {
        var population = Population(50);
        const string seed = "a1b2c3";
        var byHand = population
            .Select(p => (p.ProtocolNumber, Key: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed + "|" + p.ProtocolNumber)))))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(7)
            .Select(x => x.ProtocolNumber)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(byHand, Protocols(Draw(population, seed, SampleRule.Count, 7m)));
    }

    [Fact]
    public void AGrowingList_KeepsEachProtocolsKey_SoOnlyTheNewOnesCanEnter()
    {
        // The key of a protocol depends on the seed and that protocol only: adding applications never
        // reshuffles the others (a protocol leaves the sample only if a new one has a smaller key).
        var population = Population(100);
        var bigger = population.Concat(Population(120).Skip(100)).ToList();
        var before = Protocols(Draw(population, "s", SampleRule.Count, 10m));
        var after = Protocols(Draw(bigger, "s", SampleRule.Count, 10m));
        Assert.All(after.Except(before), p => Assert.True(string.CompareOrdinal(p, "2026/000100") > 0, p));
    }

    [Theory]
    [InlineData(SampleRule.Percent, "10", 200, 20)]
    [InlineData(SampleRule.Percent, "5", 30, 2)] // 1.5 rounded up
    [InlineData(SampleRule.Percent, "0.01", 30, 1)] // at least one
    [InlineData(SampleRule.Percent, "100", 30, 30)]
    [InlineData(SampleRule.Percent, "2.5", 200, 5)]
    [InlineData(SampleRule.Count, "10", 200, 10)]
    [InlineData(SampleRule.Count, "50", 30, 30)] // all of them when fewer
    [InlineData(SampleRule.Count, "1", 1, 1)]
    public void SampleSize_FollowsThePercentageRoundedUp_OrTheNumber(SampleRule rule, string value, int population, int expected)
    {
        var v = decimal.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(expected, ControlSampling.SizeOf(population, rule, v));
        Assert.Equal(expected, Draw(Population(population), "x", rule, v).Controls.Count);
    }

    [Theory]
    [InlineData(SampleRule.Percent, "0")]
    [InlineData(SampleRule.Percent, "-5")]
    [InlineData(SampleRule.Percent, "100.5")]
    [InlineData(SampleRule.Percent, "2.555")]
    [InlineData(SampleRule.Count, "0")]
    [InlineData(SampleRule.Count, "2.5")]
    [InlineData(SampleRule.Count, "-1")]
    public void AnImpossiblePercentageOrNumber_IsRefused_OnTheValueField(SampleRule rule, string value)
    {
        var e = Assert.Throws<DomainException>(() => Draw(Population(10), "x", rule, decimal.Parse(value, CultureInfo.InvariantCulture)));
        Assert.Equal("Value", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void WithoutASeed_ARandomOneIsGeneratedAndRecorded_AndRedrawsTheSameSample()
    {
        var population = Population(80);
        var drawn = Draw(population, "  ", SampleRule.Count, 8m);

        Assert.Matches("^[0-9a-f]{32}$", drawn.Seed);
        Assert.Equal(Protocols(drawn), Protocols(Draw(population, drawn.Seed, SampleRule.Count, 8m)));
    }

    [Fact]
    public void ASeedLongerThan64Characters_IsRefused_AndAnEmptyPopulationHasNothingToDraw()
    {
        Assert.Equal("Seed", Assert.Single(Assert.Throws<DomainException>(() => Draw(Population(5), new string('s', 65), SampleRule.Count, 1m)).Errors).Field);
        Assert.Throws<DomainException>(() => Draw([], "x", SampleRule.Count, 1m));
    }

    [Fact]
    public void RecordingAnOutcome_FailedNeedsNotes_AndHappensOnce()
    {
        var control = Draw(Population(3), "x", SampleRule.Count, 1m).Controls.Single();
        var by = Guid.NewGuid();

        Assert.Equal("Notes", Assert.Single(Assert.Throws<DomainException>(() => control.Record(ControlOutcome.Failed, " ", by, Now)).Errors).Field);
        Assert.Equal("Outcome", Assert.Single(Assert.Throws<DomainException>(() => control.Record(ControlOutcome.Pending, null, by, Now)).Errors).Field);
        control.Record(ControlOutcome.Failed, "  ISEE dichiarato 9.000 €, attestazione INPS 19.000 €  ", by, Now);
        Assert.Equal("ISEE dichiarato 9.000 €, attestazione INPS 19.000 €", control.Notes);
        Assert.Throws<DomainException>(() => control.Record(ControlOutcome.Passed, null, by, Now));
        Assert.StartsWith(SelfDeclarationControl.DocumentKeyPrefix, control.DocumentKey, StringComparison.Ordinal);
        Assert.True(SelfDeclarationControl.IsControlDocument(control.DocumentKey));
        Assert.False(SelfDeclarationControl.IsControlDocument("doc-1"));
    }
}
