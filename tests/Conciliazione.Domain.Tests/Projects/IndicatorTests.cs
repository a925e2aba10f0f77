using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Tests.Projects;

public sealed class IndicatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(">= 2", TargetComparison.AtLeast, 2)]
    [InlineData(">=7", TargetComparison.AtLeast, 7)]
    [InlineData("≥ 10", TargetComparison.AtLeast, 10)]
    [InlineData("<= 5", TargetComparison.AtMost, 5)]
    [InlineData("= 1", TargetComparison.Exactly, 1)]
    public void TryParseTarget_ReadsComparisonAndNumber(string text, TargetComparison comparison, int value)
    {
        Assert.True(Indicator.TryParseTarget(text, out var c, out var v, out _));
        Assert.Equal(comparison, c);
        Assert.Equal(value, v);
        Assert.Equal(Indicator.Symbol(comparison) + " " + value.ToString(System.Globalization.CultureInfo.InvariantCulture), Indicator.FormatTarget(c, v));
    }

    [Theory]
    [InlineData("almeno due")]
    [InlineData("> 2")]
    [InlineData(">= -1")]
    [InlineData(">= 2,5")]
    public void TryParseTarget_RefusesOtherShapes(string text)
    {
        Assert.False(Indicator.TryParseTarget(text, out _, out _, out var error));
        Assert.Contains("\">= 2\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseTarget_Blank_MeansNoTarget()
    {
        Assert.True(Indicator.TryParseTarget(" ", out var c, out var v, out _));
        Assert.Null(c);
        Assert.Null(v);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void IsMet_AtLeast(int actual, bool met)
    {
        var (project, indicator) = WithIndicator(IndicatorSource.Manual, null);
        project.ReviseIndicator(indicator.Id, indicator.Name, indicator.Unit, TargetComparison.AtLeast, 2, IndicatorSource.Manual, null);

        Assert.Equal(met, indicator.IsMet(actual));
    }

    [Fact]
    public void RecordValue_WithoutEvidence_IsRefused()
    {
        var (project, indicator) = WithIndicator(IndicatorSource.Manual, null);

        var ex = Assert.Throws<DomainException>(() => project.RecordIndicatorValue(indicator.Id, 3, " ", Now, null));

        Assert.StartsWith("Indicare su quale documento", ex.Message, StringComparison.Ordinal);
        Assert.Null(indicator.ManualValue);
    }

    [Fact]
    public void RecordValue_OnComputedIndicator_IsRefused()
    {
        var (project, indicator) = WithIndicator(IndicatorSource.Computed, IndicatorComputations.FamiliesWithVoucher);

        Assert.Throws<DomainException>(() => project.RecordIndicatorValue(indicator.Id, 3, "Verbale", Now, null));
    }

    [Fact]
    public void ComputedIndicator_NeedsAKnownComputation()
    {
        var (project, _) = WithIndicator(IndicatorSource.Manual, null);
        var action = project.Actions[0];

        var ex = Assert.Throws<DomainException>(() => project.AddIndicator(action.Id, "X", "u", null, null, IndicatorSource.Computed, "non.esiste"));

        Assert.Contains("calcoli disponibili", ex.Message, StringComparison.Ordinal);
    }

    private static (Project, Indicator) WithIndicator(IndicatorSource source, string? key)
    {
        var p = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "P", "Piano", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));
        var a = p.AddAction("B", new ActionTexts("Voucher", null, null, null, null, null, null));
        return (p, p.AddIndicator(a.Id, "Famiglie beneficiarie", "famiglie", TargetComparison.AtLeast, 7, source, key));
    }
}
