using System.Globalization;
using System.Text;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Web.Vouchers.Payouts;

/// <summary>
/// The batch for the treasurer (tesoriere) as a spreadsheet: UTF-8 with a byte-order mark (so Excel
/// in Italian opens the accents right), fields separated by ";", amounts with a decimal comma and no
/// thousands separator, one row per line including the ones fully netted by a recovery, and a
/// closing row with the totals.
/// </summary>
public sealed class TreasurerCsv : IPaymentFileFormat
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static readonly string[] Header =
        ["Distinta", "Riga", "Protocollo", "Beneficiario", "Tipo beneficiario", "IBAN", "Importo lordo", "Recupero compensato", "Importo bonifico", "Causale", "Identificativo bonifico", "Data esecuzione"];

    public string Name => "csv-tesoriere";

    public string Extension => "csv";

    public string ContentType => "text/csv; charset=utf-8";

    public byte[] Write(PaymentOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var text = new StringBuilder();
        Row(text, Header);
        var date = order.RequestedExecutionDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var n = 0;
        foreach (var l in order.Lines)
        {
            n++;
            Row(text, [order.BatchNumber, n.ToString(CultureInfo.InvariantCulture), l.ProtocolNumber, l.CreditorName,
                l.PayeeKind == PayeeKind.Family ? "Famiglia" : "Ente erogatore", l.CreditorIban,
                Amount(l.Gross), Amount(l.Netted), Amount(l.Amount), l.Remittance, l.Amount > 0m ? l.EndToEndId : "", date]);
        }

        Row(text, [order.BatchNumber, "Totale", "", "", "", "", Amount(order.Lines.Sum(l => l.Gross)), Amount(order.Lines.Sum(l => l.Netted)), Amount(order.ControlSum), "", "", date]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>"1234,50": Italian decimal comma, no thousands separator (a spreadsheet reads it as a number).</summary>
    public static string Amount(decimal value) => value.ToString("0.00", Italian);

    private static void Row(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(';', fields.Select(Quote)).Append("\r\n");
    }

    /// <remarks>A field starting with = + - @ is prefixed with an apostrophe so a spreadsheet never runs it as a formula.</remarks>
    private static string Quote(string field)
    {
        var f = field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field;
        return f.Contains(';', StringComparison.Ordinal) || f.Contains('"', StringComparison.Ordinal) || f.Contains('\n', StringComparison.Ordinal) || f.Contains('\r', StringComparison.Ordinal)
            ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : f;
    }
}
