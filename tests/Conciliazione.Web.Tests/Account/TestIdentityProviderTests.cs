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
}
