using Conciliazione.Web.Monitoring;

namespace Conciliazione.Web.Tests.Monitoring.Referent;

/// <summary>The suppression and rounding rule of the referent dashboard (ADR 0102), as a table.</summary>
public sealed class SmallCountsTests
{
    [Theory]
    [InlineData(0, "0", 0)]
    [InlineData(1, "< 5", 0)]
    [InlineData(4, "< 5", 0)]
    [InlineData(5, "5", 5)]
    [InlineData(7, "5", 5)]
    [InlineData(8, "10", 10)]
    [InlineData(12, "10", 10)]
    [InlineData(13, "15", 15)]
    [InlineData(1_234, "1.235", 1_235)]
    public void Count_HidesOneToFour_AndRoundsTheRestToFive(int count, string display, int drawn)
    {
        var value = SmallCounts.Count(count);

        Assert.Equal(display, value.Display);
        Assert.Equal(drawn, value.Value);
    }

    [Theory]
    [InlineData(0, 0, "0 €", 0)]
    [InlineData(1_400, 4, "riservato", 0)]
    [InlineData(1_750, 5, "2.000 €", 2_000)]
    [InlineData(1_749.99, 5, "1.500 €", 1_500)]
    [InlineData(10_249, 30, "10.000 €", 10_000)]
    public void Euros_AreHiddenBelowFiveFamilies_AndRoundedTo500(decimal amount, int families, string display, decimal drawn)
    {
        var value = SmallCounts.Euros(amount, families, "riservato");

        Assert.Equal(display, value.Display);
        Assert.Equal(drawn, value.Value);
    }

    [Fact]
    public void ATotalMinusTheOtherCells_DoesNotGiveBackAHiddenCount()
    {
        // 23 applications: 20 on one call, 3 on another. Shown: total 25, 20, "< 5". Read back: 25 - 20 = 5,
        // but each shown figure is only known to within ±2, so the hidden one is anywhere in 1..4.
        Assert.Equal("25", SmallCounts.Count(23).Display);
        Assert.Equal("20", SmallCounts.Count(20).Display);
        Assert.Equal("< 5", SmallCounts.Count(3).Display);
        var candidates = Enumerable.Range(1, 4).Where(hidden =>
            Enumerable.Range(5, 40).Any(other => SmallCounts.Count(other).Display == "20" && SmallCounts.Count(other + hidden).Display == "25")).ToList();
        Assert.Equal([1, 2, 3, 4], candidates);
    }
}
