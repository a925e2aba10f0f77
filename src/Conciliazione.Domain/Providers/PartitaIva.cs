namespace Conciliazione.Domain.Providers;

/// <summary>
/// The Italian partita IVA: 11 digits, the last a check digit (DPR 633/1972 art. 35; DM
/// 23/12/1976). The same rule checks the numeric codice fiscale of a company or body.
/// </summary>
/// <remarks>
/// Check digit: over the first ten digits, digits in odd positions (1st, 3rd, ...) count as
/// they are; digits in even positions are doubled, subtracting 9 when the double exceeds 9; the
/// check digit is (10 - sum mod 10) mod 10. The first seven digits (the matricola) cannot all be
/// zero.
/// </remarks>
public static class PartitaIva
{
    /// <summary>"IT 01234567897" and " 01234567897" are read as "01234567897".</summary>
    public static string Normalize(string? value)
    {
        var s = new string((value ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return s.StartsWith("IT", StringComparison.Ordinal) ? s[2..] : s;
    }

    /// <summary>Why <paramref name="value"/> is not a valid partita IVA, in Italian; null when it is.</summary>
    public static string? Check(string? value) => Check(value, "La partita IVA", "obbligatoria", "valida", "averla scritta");

    /// <summary>The same check worded for a numeric codice fiscale (masculine in Italian).</summary>
    internal static string? CheckAsTaxCode(string? value) => Check(value, "Il codice fiscale numerico", "obbligatorio", "valido", "averlo scritto");

    private static string? Check(string? value, string what, string mandatory, string valid, string written)
    {
        var s = Normalize(value);
        if (s.Length == 0)
        {
            return $"{what} è {mandatory}.";
        }

        if (s.Length != 11 || !s.All(char.IsAsciiDigit))
        {
            return $"{what} deve avere 11 cifre (per esempio 01234567897).";
        }

        if (s.StartsWith("0000000", StringComparison.Ordinal))
        {
            return $"{what} non è {valid}: le prime sette cifre non possono essere tutte zero.";
        }

        return CheckDigit(s.AsSpan(0, 10)) == s[10] ? null : $"{what} non è {valid}: la cifra di controllo non corrisponde. Controllare di {written} bene.";
    }

    public static bool IsValid(string? value) => Check(value) is null;

    public static char CheckDigit(ReadOnlySpan<char> firstTen)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = firstTen[i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
