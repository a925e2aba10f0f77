using System.Globalization;
using System.Text;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Web.Vouchers.Payouts;

/// <summary>
/// A bank file format for a payout batch: what the debtor's bank (or the treasury) receives. Today
/// the SEPA credit transfer initiation ISO 20022 pain.001.001.09 (<see cref="SepaPain001V09"/>)
/// and the treasurer's CSV (<see cref="TreasurerCsv"/>); a bank's CBI variant or the public
/// treasury's OPI is another implementation of this interface (ADR 0085).
/// </summary>
public interface IPaymentFileFormat
{
    /// <summary>The format's name, stored on the batch (e.g. "pain.001.001.09").</summary>
    string Name { get; }

    /// <summary>File extension without the dot (e.g. "xml").</summary>
    string Extension { get; }

    string ContentType { get; }

    /// <summary>The file for <paramref name="order"/>: the same order always gives the same bytes.</summary>
    byte[] Write(PaymentOrder order);
}

/// <summary>The debtor: the alliance's account (from its payment settings).</summary>
public sealed record PaymentDebtor(string Name, string Iban, string? Bic, string? InitiatorId);

/// <summary>
/// One line of a batch: a transfer of <see cref="Amount"/> (gross minus the recovery netted) to the
/// payee; a line fully netted (amount zero) is listed in the CSV but makes no transfer.
/// </summary>
public sealed record PaymentTransfer(
    string EndToEndId,
    string ProtocolNumber,
    PayeeKind PayeeKind,
    string CreditorName,
    string CreditorIban,
    decimal Gross,
    decimal Netted,
    decimal Amount,
    string Remittance);

/// <summary>What a bank file says: who pays, when, and the transfers.</summary>
public sealed record PaymentOrder(
    string MessageId,
    string BatchNumber,
    DateTimeOffset CreatedAt,
    DateOnly RequestedExecutionDate,
    PaymentDebtor Debtor,
    IReadOnlyList<PaymentTransfer> Lines)
{
    /// <summary>The lines that make a transfer (amount above zero).</summary>
    public IReadOnlyList<PaymentTransfer> Transfers => Lines.Where(l => l.Amount > 0m).ToList();

    /// <summary>The control sum: the sum of the transfers.</summary>
    public decimal ControlSum => Lines.Sum(l => l.Amount);
}

/// <summary>
/// Text allowed in a SEPA file (EPC "SEPA Requirements for an Extended Character Set", basic Latin
/// set): a-z A-Z 0-9 / - ? : ( ) . , ' + and space. Accented letters lose their accent (Niccolò ->
/// Niccolo); anything else becomes a space.
/// </summary>
public static class EpcText
{
    private const string Allowed = "/-?:().,'+ ";

    public static string Clean(string? text, int maxLength)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var s = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var mapped = c switch
            {
                'ß' => "ss",
                'Æ' => "AE",
                'æ' => "ae",
                'Ø' => "O",
                'ø' => "o",
                '’' or '‘' or '`' => "'",
                _ => char.IsAsciiLetterOrDigit(c) || Allowed.Contains(c, StringComparison.Ordinal) ? c.ToString() : " ",
            };
            s.Append(mapped);
        }

        var collapsed = string.Join(' ', s.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > maxLength ? collapsed[..maxLength].TrimEnd() : collapsed;
    }
}
