using Conciliazione.Domain.Identity;
using Conciliazione.TestIdp;

namespace Conciliazione.Web.Tests.Account;

/// <summary>The test provider's fictional people are what they claim to be.</summary>
public sealed class TestIdentityProviderTests
{
    [Theory]
    [InlineData("maria-rossi")]
    [InlineData("giuseppe-bianchi")]
    [InlineData("laura-verdi")]
    [InlineData("luca-colombo")]
    public void ValidIdentities_HaveFiscalCodes_ThatPassTheChecksum_AndMatchBirthDateAndSex(string key)
    {
        var person = TestIdentities.Find(key)!;

        Assert.True(FiscalCode.TryParse(person.FiscalNumber, out var code));
        Assert.True(code.Matches(person.BirthDate, person.Female));
        Assert.True(person.Email is null || person.Email.EndsWith("@example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void FailureIdentities_LackTheCode_OrFailTheChecksum()
    {
        FiscalCode.TryParse(TestIdentities.Find("anna-neri")!.FiscalNumber, out _, out var missing);
        FiscalCode.TryParse(TestIdentities.Find("paolo-ferrari")!.FiscalNumber, out _, out var bad);

        Assert.Equal(FiscalCodeProblem.Missing, missing);
        Assert.Equal(FiscalCodeProblem.BadChecksum, bad);
    }

    [Fact]
    public void SomeIdentities_UseTheSpidPrefix_OthersThePlainCode()
    {
        Assert.Contains(TestIdentities.All, p => p.FiscalNumber?.StartsWith("TINIT-", StringComparison.Ordinal) == true);
        Assert.Contains(TestIdentities.All, p => p.FiscalNumber is { Length: 16 });
    }

    [Theory]
    [InlineData("VRDLRA90L63E514", "1990-07-23", true)]
    [InlineData("CLMLCU01A30B300", "2001-01-30", false)]
    public void GeneratedFamily_ReadsBirthDateAndSexBackFromItsCode(string first15, string birth, bool female)
    {
        var code = first15 + FiscalCode.CheckCharacter(first15);

        var person = TestIdentities.Generated(TestIdentities.GeneratedPrefix + code)!;

        Assert.Equal("TINIT-" + code, person.FiscalNumber);
        Assert.True(FiscalCode.TryParse(person.FiscalNumber, out var parsed));
        Assert.True(parsed.Matches(person.BirthDate, person.Female));
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), person.BirthDate);
        Assert.Equal(female, person.Female);
        Assert.EndsWith("@example.org", person.Email, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maria-rossi")]
    [InlineData("famiglia-")]
    [InlineData("famiglia-RSSMRA85Z52F205Q")]
    [InlineData("famiglia-RSSMRA85C99F205Q")]
    [InlineData(null)]
    public void Generated_RefusesAnyOtherKey(string? key) => Assert.Null(TestIdentities.Generated(key));
}
