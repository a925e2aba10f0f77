using Conciliazione.Domain.Identity;
using Xunit;

namespace Conciliazione.Domain.Tests.Identity;

public sealed class FiscalCodeTests
{
    [Theory]
    [InlineData("RSSMRA80A01F205X", "RSSMRA80A01F205X")]
    [InlineData("TINIT-RSSMRA85C52F205Q", "RSSMRA85C52F205Q")]
    [InlineData("tinit-rssmra85c52f205q", "RSSMRA85C52F205Q")]
    [InlineData("  BNCGPP79S05C139P ", "BNCGPP79S05C139P")]
    [InlineData("VRD LRA 90L63 E514O", "VRDLRA90L63E514O")]
    [InlineData("CLMLCU01A30B300I", "CLMLCU01A30B300I")]
    // Omocodia: the last digit of the municipality code replaced by its letter (5 -> R), check recomputed.
    [InlineData("RSSMRA80A01F20RS", "RSSMRA80A01F20RS")]
    public void TryParse_AcceptsValidCodes_AndNormalisesThem(string raw, string expected)
    {
        Assert.True(FiscalCode.TryParse(raw, out var code, out var problem));
        Assert.Equal(FiscalCodeProblem.None, problem);
        Assert.Equal(expected, code.Value);
    }

    [Theory]
    [InlineData(null, FiscalCodeProblem.Missing)]
    [InlineData("", FiscalCodeProblem.Missing)]
    [InlineData("   ", FiscalCodeProblem.Missing)]
    [InlineData("TINIT-", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80A01F205", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80A01F205XX", FiscalCodeProblem.Malformed)]
    [InlineData("12345678901", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80Z01F205X", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80A35F205X", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80A00F205X", FiscalCodeProblem.Malformed)]
    [InlineData("RSS4RA80A01F205X", FiscalCodeProblem.Malformed)]
    [InlineData("RSSMRA80A01F205Y", FiscalCodeProblem.BadChecksum)]
    [InlineData("TINIT-FRRPLA75D14F704Y", FiscalCodeProblem.BadChecksum)]
    [InlineData("RSSMRA80A01F206X", FiscalCodeProblem.BadChecksum)]
    public void TryParse_RejectsBadInput_SayingWhy(string? raw, FiscalCodeProblem expected)
    {
        Assert.False(FiscalCode.TryParse(raw, out var code, out var problem));
        Assert.Null(code);
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData("RSSMRA80A01F205", 'X')]
    [InlineData("RSSMRA85C52F205", 'Q')]
    [InlineData("BNCGPP79S05C139", 'P')]
    [InlineData("FRRPLA75D14F704", 'X')]
    public void CheckCharacter_FollowsTheDecreeTables(string first15, char expected) =>
        Assert.Equal(expected, FiscalCode.CheckCharacter(first15));

    [Theory]
    [InlineData("TINIT-RSSMRA85C52F205Q", 1985, 3, 12, true)]
    [InlineData("BNCGPP79S05C139P", 1979, 11, 5, false)]
    [InlineData("TINIT-VRDLRA90L63E514O", 1990, 7, 23, true)]
    [InlineData("CLMLCU01A30B300I", 2001, 1, 30, false)]
    public void Matches_WhenBirthDateAndSexAgree(string raw, int year, int month, int day, bool female)
    {
        Assert.True(FiscalCode.TryParse(raw, out var code));

        Assert.True(code.Matches(new DateOnly(year, month, day), female));
        Assert.False(code.Matches(new DateOnly(year, month, day), !female));
        Assert.False(code.Matches(new DateOnly(year, month, day).AddDays(1), female));
    }

    [Fact]
    public void IsFemale_ReadsTheDayPlusForty()
    {
        Assert.True(FiscalCode.TryParse("RSSMRA85C52F205Q", out var woman));
        Assert.True(FiscalCode.TryParse("RSSMRA80A01F205X", out var man));

        Assert.True(woman.IsFemale);
        Assert.False(man.IsFemale);
    }
}
