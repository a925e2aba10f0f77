using System.Globalization;
using Conciliazione.Web.Charts;

namespace Conciliazione.Web.Monitoring;

/// <summary>
/// What a municipal referent may read of a count or an amount about the municipality's families (ADR 0102):
/// <list type="bullet">
/// <item>a count of 1 to 4 is "&lt; 5"; 0 is "0";</item>
/// <item>a count of 5 or more is rounded to the nearest multiple of 5 (5-7 -> 5, 8-12 -> 10), so a total minus
/// the cells beside it cannot give back a hidden count: each figure is only known to within ±2;</item>
/// <item>an amount that concerns fewer than 5 families is hidden; otherwise it is rounded to the nearest
/// <see cref="EuroStep"/> euros, more than a single family's grant, for the same reason.</item>
/// </list>
/// The chart value of a hidden figure is 0 and that of a rounded one is the rounded figure, so not even the length of
/// a bar in the SVG tells more than the text.
/// </summary>
public static class SmallCounts
{
    /// <summary>Below this many families a count is not shown.</summary>
    public const int Threshold = 5;

    /// <summary>Counts are rounded to a multiple of this.</summary>
    public const int CountStep = 5;

    /// <summary>Amounts are rounded to a multiple of this many euros.</summary>
    public const decimal EuroStep = 500m;

    /// <summary>What a suppressed count reads.</summary>
    public const string Hidden = "< 5";

    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static ChartValue Count(int count) => count switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(count)),
        0 => new ChartValue(0, "0"),
        < Threshold => new ChartValue(0, Hidden),
        _ => Shown(RoundCount(count)),
    };

    /// <summary>The rounded figure of a count of at least <see cref="Threshold"/> (halves cannot occur: steps of 5 on integers).</summary>
    public static int RoundCount(int count) => (int)Math.Round(count / (double)CountStep, MidpointRounding.AwayFromZero) * CountStep;

    /// <param name="amount">Euros.</param>
    /// <param name="families">How many families the amount is about (grants for granted euros, vouchers with a payment for paid euros).</param>
    /// <param name="hidden">What a hidden amount reads, in the reader's language.</param>
    public static ChartValue Euros(decimal amount, int families, string hidden)
    {
        if (families == 0 && amount == 0m)
        {
            return new ChartValue(0, "0 €");
        }

        if (families < Threshold)
        {
            return new ChartValue(0, hidden);
        }

        var rounded = Math.Round(amount / EuroStep, MidpointRounding.AwayFromZero) * EuroStep;
        return new ChartValue(rounded, rounded.ToString("N0", Italian) + " €");
    }

    private static ChartValue Shown(int value) => new(value, value.ToString("N0", Italian));
}
