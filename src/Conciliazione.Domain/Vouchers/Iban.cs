using System.Text;

namespace Conciliazione.Domain.Vouchers;

/// <summary>
/// IBAN checks (ISO 13616): the country's length, the mod-97 check digits and, for Italy, the
/// national CIN letter over ABI, CAB and account number. Messages in Italian.
/// </summary>
public static class Iban
{
    private static readonly Dictionary<string, int> Lengths = new(StringComparer.Ordinal)
    {
        ["IT"] = 27,
        ["SM"] = 27,
        ["VA"] = 22,
        ["AT"] = 20,
        ["BE"] = 16,
        ["BG"] = 22,
        ["CH"] = 21,
        ["CY"] = 28,
        ["CZ"] = 24,
        ["DE"] = 22,
        ["DK"] = 18,
        ["EE"] = 20,
        ["ES"] = 24,
        ["FI"] = 18,
        ["FR"] = 27,
        ["GB"] = 22,
        ["GR"] = 27,
        ["HR"] = 21,
        ["HU"] = 28,
        ["IE"] = 22,
        ["IS"] = 26,
        ["LI"] = 21,
        ["LT"] = 20,
        ["LU"] = 20,
        ["LV"] = 21,
        ["MC"] = 27,
        ["MT"] = 31,
        ["NL"] = 18,
        ["NO"] = 15,
        ["PL"] = 28,
        ["PT"] = 25,
        ["RO"] = 24,
        ["SE"] = 24,
        ["SI"] = 19,
        ["SK"] = 24,
    };

    /// <summary>Upper case, without spaces or dashes: how an IBAN is stored and put in the bank file.</summary>
    public static string Normalize(string? text) =>
        new((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    /// <summary>"IT60 X054 2811 1010 0000 0123 456": how people read an IBAN.</summary>
    public static string Format(string iban)
    {
        var n = Normalize(iban);
        return string.Join(' ', Enumerable.Range(0, (n.Length + 3) / 4).Select(i => n.Substring(i * 4, Math.Min(4, n.Length - (i * 4)))));
    }

    /// <summary>"IT60 X054 **** **** **** ***3 456": for lists and e-mails.</summary>
    public static string Mask(string iban)
    {
        var n = Normalize(iban);
        if (n.Length < 12)
        {
            return "****";
        }

        return Format(n[..8] + new string('*', n.Length - 12) + n[^4..]);
    }

    /// <summary>Why <paramref name="text"/> is not a valid IBAN of the SEPA area, in Italian; null when it is.</summary>
    public static string? Check(string? text)
    {
        var iban = Normalize(text);
        if (iban.Length == 0)
        {
            return "Inserire l'IBAN.";
        }

        if (iban.Length < 5 || !iban.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            return "L'IBAN deve iniziare con la sigla del paese e due cifre di controllo (per esempio IT60 X054 2811 1010 0000 0123 456) e contenere solo lettere e cifre.";
        }

        var country = iban[..2];
        if (!Lengths.TryGetValue(country, out var length))
        {
            return $"Il paese {country} non fa parte dell'area SEPA gestita dal portale: indicare un conto di un paese SEPA.";
        }

        if (iban.Length != length)
        {
            return country == "IT"
                ? $"Un IBAN italiano ha 27 caratteri; quello inserito ne ha {iban.Length}."
                : $"Un IBAN {country} ha {length} caratteri; quello inserito ne ha {iban.Length}.";
        }

        if (Mod97(iban) != 1)
        {
            return "L'IBAN non è valido: le cifre di controllo non corrispondono (controllare di averlo copiato senza errori).";
        }

        if (country is "IT" or "SM")
        {
            var bban = iban[4..];
            if (!char.IsAsciiLetterUpper(bban[0]) || !bban.Substring(1, 10).All(char.IsAsciiDigit))
            {
                return "L'IBAN italiano non è valido: dopo le cifre di controllo vengono il CIN (una lettera), l'ABI e il CAB (cinque cifre ciascuno).";
            }

            if (ItalianCin(bban[1..]) != bban[0])
            {
                return "L'IBAN italiano non è valido: il CIN (la lettera dopo le cifre di controllo) non corrisponde ad ABI, CAB e numero di conto.";
            }
        }

        return null;
    }

    public static bool IsValid(string? text) => Check(text) is null;

    /// <summary>ISO 7064 mod 97-10 over the rearranged IBAN (country and check digits moved to the end, letters as 10-35).</summary>
    public static int Mod97(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : char.ToUpperInvariant(c) - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder;
    }

    /// <summary>The Italian CIN letter of a 22-character ABI (5) + CAB (5) + account (12).</summary>
    public static char ItalianCin(string abiCabAccount)
    {
        // Banca d'Italia's CIN: odd positions (1st, 3rd, ...) map through a fixed table, even positions
        // are the value itself (digits 0-9, letters A-Z as 0-25); the sum mod 26 is the letter.
        int[] odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
        var sum = 0;
        for (var i = 0; i < abiCabAccount.Length; i++)
        {
            var c = char.ToUpperInvariant(abiCabAccount[i]);
            var k = char.IsAsciiDigit(c) ? c - '0' : c - 'A';
            if (k is < 0 or > 25)
            {
                return '?';
            }

            sum += i % 2 == 0 ? odd[k] : k;
        }

        return (char)('A' + (sum % 26));
    }

    /// <summary>A valid Italian IBAN for ABI, CAB and account (for demo data and tests).</summary>
    public static string ItalianFrom(string abi, string cab, string account)
    {
        var bban = abi + cab + account.PadLeft(12, '0');
        var cin = ItalianCin(bban);
        var body = cin + bban;
        var check = 98 - Mod97("IT00" + body);
        return $"IT{check:00}{body}";
    }
}

/// <summary>BIC (ISO 9362) format check: 8 or 11 characters, bank, country, location, branch.</summary>
public static class Bic
{
    public static string Normalize(string? text) => new((text ?? "").Where(c => !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant).ToArray());

    public static string? Check(string? text)
    {
        var bic = Normalize(text);
        if (bic.Length is not (8 or 11) || !bic[..6].All(char.IsAsciiLetter) || !bic[6..].All(char.IsAsciiLetterOrDigit))
        {
            return "Il BIC ha 8 o 11 caratteri: quattro lettere della banca, due del paese, due di località ed eventualmente tre della filiale (per esempio BCITITMM).";
        }

        return null;
    }
}

/// <summary>Comparing the name of an account holder with a person's name, ignoring case, accents, order and punctuation.</summary>
public static class HolderNames
{
    public static bool SamePerson(string? holder, string givenName, string familyName)
    {
        var h = Words(holder);
        var p = Words(givenName + " " + familyName);
        return h.Count > 0 && h.SetEquals(p);
    }

    private static HashSet<string> Words(string? text)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsLetter(c) ? char.ToUpperInvariant(c) : ' ');
        }

        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }
}
