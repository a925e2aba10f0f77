using System.Globalization;
using System.Text.RegularExpressions;

namespace Conciliazione.Domain;

/// <summary>
/// The one way the portal reads, checks and shows euro amounts: <c>decimal</c>, non-negative,
/// at most two decimals, fitting <c>numeric(12,2)</c> (STYLE habit 5).
/// </summary>
public static partial class Money
{
    /// <summary>The largest amount <c>numeric(12,2)</c> holds.</summary>
    public const decimal Max = 9_999_999_999.99m;

    public static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>"60.741,00 €": how people read an amount.</summary>
    public static string Format(decimal amount) => amount.ToString("N2", Italian) + " €";

    /// <summary>Why <paramref name="amount"/> is not a valid amount, in Italian; null when it is.</summary>
    public static string? Check(decimal amount)
    {
        if (amount < 0)
        {
            return "L'importo non può essere negativo.";
        }

        if (decimal.Round(amount, 2) != amount)
        {
            return "L'importo può avere al massimo due decimali (per esempio 1.234,56).";
        }

        return amount > Max ? "L'importo è troppo alto." : null;
    }

    /// <summary>Returns <paramref name="amount"/> or throws a <see cref="DomainException"/> naming <paramref name="what"/>.</summary>
    public static decimal Ensure(decimal amount, string what)
    {
        var error = Check(amount);
        return error is null ? amount : throw new DomainException($"{what}: {error}");
    }

    /// <summary>
    /// Reads an amount as a person types it: "1.234,56", "1234,56", "1234.56", "1234", with or
    /// without "€".
    /// </summary>
    /// <remarks>
    /// A comma is the decimal separator and dots before it group thousands (Italian usage). Without
    /// a comma a single dot is taken as a decimal point, so "10.123" is refused as having three
    /// decimals rather than silently read as ten thousand: an ambiguous amount gets a question back,
    /// never a guess. Model binding would read "10.123" as 10123 under it-IT, which is why money
    /// fields are bound as text and parsed here.
    /// </remarks>
    public static bool TryParse(string? text, out decimal amount, out string? error)
    {
        amount = 0;
        var s = (text ?? "").Replace("€", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
            .Replace("\u00A0", "", StringComparison.Ordinal).Trim();
        if (s.Length == 0)
        {
            error = "Inserire un importo (0 se non previsto).";
            return false;
        }

        if (s.StartsWith('-'))
        {
            error = "L'importo non può essere negativo.";
            return false;
        }

        string normalized;
        var comma = s.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            var integer = s[..comma];
            var decimals = s[(comma + 1)..];
            if (!ItalianInteger().IsMatch(integer) || !Digits().IsMatch(decimals))
            {
                error = "L'importo non è un numero valido (per esempio 1.234,56).";
                return false;
            }

            normalized = integer.Replace(".", "", StringComparison.Ordinal) + "." + decimals;
        }
        else if (s.Count(c => c == '.') > 1)
        {
            if (!GroupedInteger().IsMatch(s))
            {
                error = "L'importo non è un numero valido (per esempio 1.234,56).";
                return false;
            }

            normalized = s.Replace(".", "", StringComparison.Ordinal);
        }
        else
        {
            if (!PlainNumber().IsMatch(s))
            {
                error = "L'importo non è un numero valido (per esempio 1.234,56).";
                return false;
            }

            normalized = s;
        }

        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            error = "L'importo è troppo alto.";
            return false;
        }

        error = Check(parsed);
        if (error is not null)
        {
            return false;
        }

        amount = parsed;
        return true;
    }

    /// <summary>
    /// An amount as an input field shows it: "12.500,50", grouped as people type and read it;
    /// <see cref="TryParse"/> reads it back to the same amount.
    /// </summary>
    public static string ToInput(decimal amount) => amount.ToString("#,##0.00", Italian);

    [GeneratedRegex(@"^(\d+|\d{1,3}(\.\d{3})+)$")]
    private static partial Regex ItalianInteger();

    [GeneratedRegex(@"^\d{1,3}(\.\d{3})+$")]
    private static partial Regex GroupedInteger();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex PlainNumber();
}
