using Conciliazione.Domain;

namespace Conciliazione.Domain.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("60.741,00", 60741.00)]
    [InlineData("60741,00", 60741.00)]
    [InlineData("60741.5", 60741.50)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("€ 2.056,00", 2056.00)]
    [InlineData("0", 0)]
    [InlineData("10,12", 10.12)]
    public void TryParse_AcceptsWhatPeopleType(string text, decimal expected)
    {
        Assert.True(Money.TryParse(text, out var amount, out var error), error);
        Assert.Equal(expected, amount);
    }

    [Theory]
    [InlineData("10.123", "al massimo due decimali")]
    [InlineData("10,123", "al massimo due decimali")]
    [InlineData("-5", "negativo")]
    [InlineData("-5,00", "negativo")]
    [InlineData("", "Inserire un importo")]
    [InlineData("dieci", "non è un numero valido")]
    [InlineData("1.23.4,00", "non è un numero valido")]
    [InlineData("99999999999", "troppo alto")]
    public void TryParse_RefusesBadAmounts_WithItalianMessage(string text, string message)
    {
        Assert.False(Money.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_IsItalian() => Assert.Equal("60.741,00 €", Money.Format(60741m));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.001)]
    public void Ensure_RefusesNegativeOrOverPrecise(decimal amount)
    {
        var ex = Assert.Throws<DomainException>(() => Money.Ensure(amount, "Importo"));
        Assert.StartsWith("Importo: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12500.5, "12.500,50")]
    [InlineData(0, "0,00")]
    [InlineData(999.99, "999,99")]
    [InlineData(1234567.8, "1.234.567,80")]
    public void ToInput_GroupsThousands_AndReadsBackTheSameAmount(decimal amount, string expected)
    {
        Assert.Equal(expected, Money.ToInput(amount));
        Assert.True(Money.TryParse(Money.ToInput(amount), out var back, out _));
        Assert.Equal(amount, back);
    }
}
