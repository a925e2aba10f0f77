namespace Conciliazione.Domain.Providers;

/// <summary>
/// The codice fiscale of a provider: 11 digits for a company or body (checked like a partita
/// IVA), or 16 characters for a sole trader or a person (checked with the personal code's
/// control character).
/// </summary>
/// <remarks>
/// A personal codice fiscale validator was being written in parallel (Domain/Identity/FiscalCode,
/// for families); this small check keeps providers independent of it and can delegate to it once
/// both are merged. The 16-character rule (DM 23/12/1976, DPR 605/1973): the shape
/// AAAAAA00A00A000A, where digits may be replaced by the omocodia letters LMNPQRSTUV, and the last
/// letter is the control character computed from the first fifteen.
/// </remarks>
public static class ProviderTaxCode
{
    private static readonly int[] OddDigits = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
    private static readonly int[] OddLetters = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    private const string Omocodia = "LMNPQRSTUV";

    public static string Normalize(string? value) =>
        new string((value ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    /// <summary>Why <paramref name="value"/> is not a valid codice fiscale, in Italian; null when it is.</summary>
    public static string? Check(string? value)
    {
        var s = Normalize(value);
        if (s.Length == 0)
        {
            return "Il codice fiscale è obbligatorio.";
        }

        if (s.Length == 11 && s.All(char.IsAsciiDigit))
        {
            return PartitaIva.CheckAsTaxCode(s);
        }

        if (s.Length != 16)
        {
            return "Il codice fiscale deve avere 11 cifre (società ed enti) oppure 16 caratteri (persone e ditte individuali).";
        }

        if (!HasPersonalShape(s))
        {
            return "Il codice fiscale non ha la forma corretta (per esempio RSSMRA80A01H501U).";
        }

        return ControlCharacter(s.AsSpan(0, 15)) == s[15] ? null : "Il codice fiscale non è valido: il carattere di controllo non corrisponde. Controllare di averlo scritto bene.";
    }

    public static char ControlCharacter(ReadOnlySpan<char> firstFifteen)
    {
        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var c = firstFifteen[i];
            var isDigit = char.IsAsciiDigit(c);
            if (i % 2 == 0)
            {
                sum += isDigit ? OddDigits[c - '0'] : OddLetters[c - 'A'];
            }
            else
            {
                sum += isDigit ? c - '0' : c - 'A';
            }
        }

        return (char)('A' + (sum % 26));
    }

    private static bool HasPersonalShape(string s)
    {
        static bool Letter(char c) => c is >= 'A' and <= 'Z';
        static bool Digit(char c) => char.IsAsciiDigit(c) || Omocodia.Contains(c, StringComparison.Ordinal);
        for (var i = 0; i < 16; i++)
        {
            var ok = i switch
            {
                < 6 => Letter(s[i]),
                6 or 7 or 9 or 10 or 12 or 13 or 14 => Digit(s[i]),
                8 => "ABCDEHLMPRST".Contains(s[i], StringComparison.Ordinal),
                _ => Letter(s[i]),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
