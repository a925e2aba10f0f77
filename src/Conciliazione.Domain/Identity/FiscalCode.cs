using System.Diagnostics.CodeAnalysis;

namespace Conciliazione.Domain.Identity;

/// <summary>Why a value is not a usable codice fiscale.</summary>
public enum FiscalCodeProblem
{
    None,
    Missing,
    Malformed,
    BadChecksum,
}

/// <summary>
/// The codice fiscale of a natural person: 16 characters, the natural key of a family's account.
/// </summary>
/// <remarks>
/// Format and check character per DM 23 dicembre 1976 (DPR 605/1973): six letters for surname and
/// name, year, month letter, day (plus 40 for women), the municipality's cadastral code and a check
/// letter computed over the first fifteen characters. The digits may be replaced by the letters
/// L-V to resolve collisions (omocodia). SPID sends the code as <c>TINIT-</c> + code (the ETSI
/// identifier of an Italian tax number); some gateways send it plain: both are accepted and the
/// stored value is always the bare upper-case code. Eleven-digit provisional codes are refused:
/// SPID and CIE identities always carry the 16-character code.
/// </remarks>
public sealed record FiscalCode
{
    public const int Length = 16;
    private const string SpidPrefix = "TINIT-";
    private const string MonthLetters = "ABCDEHLMPRST";
    private const string OmocodeLetters = "LMNPQRSTUV";

    /// <summary>Positions that hold digits, or their omocodia letters.</summary>
    private static readonly int[] NumericPositions = [6, 7, 9, 10, 12, 13, 14];

    /// <summary>Values of characters in odd positions (1st, 3rd, ...) for the check character: 0-9 then A-Z.</summary>
    private static readonly int[] OddValues =
    [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ];

    private FiscalCode(string value) => Value = value;

    /// <summary>The bare code, upper case, without the TINIT- prefix.</summary>
    public string Value { get; }

    /// <summary>True when the day field carries the +40 that marks a woman.</summary>
    public bool IsFemale => DayField > 40;

    private int DayField => Decode(9) * 10 + Decode(10);

    /// <summary>Trims, removes spaces and the SPID <c>TINIT-</c> prefix, upper-cases.</summary>
    public static string Normalise(string raw)
    {
        var value = raw.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return value.StartsWith(SpidPrefix, StringComparison.Ordinal) ? value[SpidPrefix.Length..] : value;
    }

    public static bool TryParse(string? raw, [NotNullWhen(true)] out FiscalCode? code) => TryParse(raw, out code, out _);

    public static bool TryParse(string? raw, [NotNullWhen(true)] out FiscalCode? code, out FiscalCodeProblem problem)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = FiscalCodeProblem.Missing;
            return false;
        }

        var value = Normalise(raw);
        if (!IsWellFormed(value))
        {
            problem = FiscalCodeProblem.Malformed;
            return false;
        }

        if (CheckCharacter(value.AsSpan(0, Length - 1)) != value[^1])
        {
            problem = FiscalCodeProblem.BadChecksum;
            return false;
        }

        problem = FiscalCodeProblem.None;
        code = new FiscalCode(value);
        return true;
    }

    /// <summary>The check character for the first fifteen characters of a code.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first15)
    {
        if (first15.Length != Length - 1)
        {
            throw new ArgumentException("The check character is computed over 15 characters.", nameof(first15));
        }

        var sum = 0;
        for (var i = 0; i < first15.Length; i++)
        {
            var c = first15[i];
            var index = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            // Positions are counted from 1 in the decree: index 0 is the first, odd, position.
            sum += i % 2 == 0 ? OddValues[index] : char.IsAsciiDigit(c) ? c - '0' : c - 'A';
        }

        return (char)('A' + sum % 26);
    }

    /// <summary>
    /// True when the code's birth date and sex fields agree with the given person. The year has two
    /// digits in the code, so only its last two digits are compared.
    /// </summary>
    public bool Matches(DateOnly birthDate, bool female)
    {
        var year = Decode(6) * 10 + Decode(7);
        var month = MonthLetters.IndexOf(Value[8], StringComparison.Ordinal) + 1;
        var day = DayField - (IsFemale ? 40 : 0);
        return year == birthDate.Year % 100 && month == birthDate.Month && day == birthDate.Day && IsFemale == female;
    }

    public override string ToString() => Value;

    private int Decode(int position)
    {
        var c = Value[position];
        return char.IsAsciiDigit(c) ? c - '0' : OmocodeLetters.IndexOf(c, StringComparison.Ordinal);
    }

    private static bool IsWellFormed(string value)
    {
        if (value.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            var c = value[i];
            var ok = Array.IndexOf(NumericPositions, i) >= 0
                ? char.IsAsciiDigit(c) || OmocodeLetters.Contains(c, StringComparison.Ordinal)
                : i == 8 ? MonthLetters.Contains(c, StringComparison.Ordinal) : char.IsAsciiLetterUpper(c);
            if (!ok)
            {
                return false;
            }
        }

        var day = DecodeDigit(value[9]) * 10 + DecodeDigit(value[10]);
        return day is >= 1 and <= 31 or >= 41 and <= 71;
    }

    private static int DecodeDigit(char c) => char.IsAsciiDigit(c) ? c - '0' : OmocodeLetters.IndexOf(c, StringComparison.Ordinal);
}
