using Conciliazione.Domain.Providers;

namespace Conciliazione.Domain.Tests.Providers;

public sealed class PartitaIvaTests
{
    [Theory]
    [InlineData("01234567897")]
    [InlineData("12345678903")]
    [InlineData("98765432103")]
    [InlineData("02468135799")]
    [InlineData("IT 01234567897")]
    [InlineData(" 0123 4567 897 ")]
    public void Check_ValidNumbers_PassWhateverTheSpacingOrPrefix(string value)
    {
        Assert.Null(PartitaIva.Check(value));
        Assert.Equal("01234567897".Length, PartitaIva.Normalize(value).Length);
    }

    [Theory]
    [InlineData("01234567898", "La partita IVA non è valida: la cifra di controllo non corrisponde. Controllare di averla scritta bene.")]
    [InlineData("10234567897", "La partita IVA non è valida: la cifra di controllo non corrisponde. Controllare di averla scritta bene.")]
    [InlineData("0123456789", "La partita IVA deve avere 11 cifre (per esempio 01234567897).")]
    [InlineData("012345678970", "La partita IVA deve avere 11 cifre (per esempio 01234567897).")]
    [InlineData("0123456789A", "La partita IVA deve avere 11 cifre (per esempio 01234567897).")]
    [InlineData("00000001008", "La partita IVA non è valida: le prime sette cifre non possono essere tutte zero.")]
    [InlineData("", "La partita IVA è obbligatoria.")]
    public void Check_MalformedNumbers_SayWhatIsWrong_InItalian(string value, string message)
    {
        Assert.Equal(message, PartitaIva.Check(value));
        Assert.False(PartitaIva.IsValid(value));
    }

    [Fact]
    public void CheckDigit_SwappingTwoAdjacentDigits_IsCaught()
    {
        // The doubling of every second digit is what catches transpositions.
        Assert.NotEqual('7', PartitaIva.CheckDigit("1023456789"));
    }
}
