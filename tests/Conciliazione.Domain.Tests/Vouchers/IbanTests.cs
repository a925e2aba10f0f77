using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Tests.Vouchers;

public class IbanTests
{
    [Theory]
    [InlineData("IT60X0542811101000000123456")]
    [InlineData("it60 x054 2811 1010 0000 0123 456")]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB82WEST12345698765432")]
    public void Valid_ibans_pass(string iban) => Assert.Null(Iban.Check(iban));

    [Theory]
    [InlineData("", "Inserire l'IBAN")]
    [InlineData("IT60X054281110100000012345", "27 caratteri")]
    [InlineData("IT61X0542811101000000123456", "cifre di controllo")]
    [InlineData("US60X0542811101000000123456", "area SEPA")]
    [InlineData("IT60-X054/2811", "solo lettere e cifre")]
    public void Invalid_ibans_say_why_in_italian(string iban, string expected) => Assert.Contains(expected, Iban.Check(iban), StringComparison.Ordinal);

    [Fact]
    public void A_wrong_cin_with_matching_check_digits_is_refused()
    {
        // Same ABI/CAB/account as the valid example with CIN Y, check digits recomputed so mod-97 passes.
        var body = "Y0542811101000000123456";
        var check = 98 - Iban.Mod97("IT00" + body);
        var iban = $"IT{check:00}{body}";
        Assert.Equal(1, Iban.Mod97(iban));
        Assert.Contains("CIN", Iban.Check(iban), StringComparison.Ordinal);
    }

    [Fact]
    public void Italian_ibans_built_for_demo_data_are_valid()
    {
        var iban = Iban.ItalianFrom("03069", "09606", "100000012345");
        Assert.Null(Iban.Check(iban));
        Assert.Equal(27, iban.Length);
    }

    [Fact]
    public void Masked_iban_shows_only_country_and_last_digits() =>
        Assert.Equal("IT60 X054 **** **** **** ***3 456", Iban.Mask("IT60X0542811101000000123456"));

    [Theory]
    [InlineData("Maria Rossi", "Maria", "Rossi", true)]
    [InlineData("ROSSI MARIA", "Maria", "Rossi", true)]
    [InlineData("Rossì Maria", "Maria", "Rossi", true)]
    [InlineData("Giuseppe Rossi", "Maria", "Rossi", false)]
    [InlineData("Maria Rossi e Giuseppe Bianchi", "Maria", "Rossi", false)]
    public void Holder_must_be_the_applicant(string holder, string given, string family, bool same) =>
        Assert.Equal(same, HolderNames.SamePerson(holder, given, family));

    [Fact]
    public void Voucher_codes_are_random_and_normalize_back()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => VoucherCodes.New()).ToHashSet();
        Assert.Equal(1000, codes.Count);
        var code = codes.First();
        Assert.Matches("^CNZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
        Assert.Equal(code, VoucherCodes.Normalize(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
    }
}
