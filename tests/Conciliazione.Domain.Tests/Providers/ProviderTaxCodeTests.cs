using Conciliazione.Domain.Providers;

namespace Conciliazione.Domain.Tests.Providers;

public sealed class ProviderTaxCodeTests
{
    [Theory]
    [InlineData("01234567897")]
    [InlineData("RSSMRA80A01H501U")]
    [InlineData("rssmra80a01h501u")]
    [InlineData("BNCLRA85T41L219N")]
    [InlineData("VRDGPP70M10F20RJ")]
    public void Check_NumericOrPersonalCodes_Pass(string value)
    {
        Assert.Null(ProviderTaxCode.Check(value));
    }

    [Theory]
    [InlineData("01234567898", "Il codice fiscale numerico non è valido: la cifra di controllo non corrisponde. Controllare di averlo scritto bene.")]
    [InlineData("RSSMRA80A01H501A", "Il codice fiscale non è valido: il carattere di controllo non corrisponde. Controllare di averlo scritto bene.")]
    [InlineData("RSSMRA80Z01H501U", "Il codice fiscale non ha la forma corretta (per esempio RSSMRA80A01H501U).")]
    [InlineData("RSSMRA80A01", "Il codice fiscale deve avere 11 cifre (società ed enti) oppure 16 caratteri (persone e ditte individuali).")]
    [InlineData(" ", "Il codice fiscale è obbligatorio.")]
    public void Check_MalformedCodes_SayWhatIsWrong(string value, string message)
    {
        Assert.Equal(message, ProviderTaxCode.Check(value));
    }
}
