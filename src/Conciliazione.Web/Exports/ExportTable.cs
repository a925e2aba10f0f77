using System.Globalization;
using System.Text;

namespace Conciliazione.Web.Exports;

/// <summary>How a column's values are written: text as is, numbers and dates the Italian way.</summary>
public enum ExportKind
{
    Text,
    Integer,

    /// <summary>Euros to the cent: "1.234,50" in CSV (no symbol), a number with a euro format in XLSX.</summary>
    Euros,
    Decimal,

    /// <summary>A <see cref="DateOnly"/>: "31/12/2018".</summary>
    Date,

    /// <summary>A <see cref="DateTimeOffset"/> shown in Europe/Rome: "31/12/2018 17:05".</summary>
    DateTime,
}

public sealed record ExportColumn(string Header, ExportKind Kind = ExportKind.Text);

/// <summary>
/// One table as it is downloaded: a staff list, a table of the ATS report, a chart's data. The same
/// table writes to CSV (<see cref="ItalianCsv"/>) and XLSX (<see cref="XlsxFile"/>), so both say the same.
/// </summary>
/// <param name="Id">A short file-name-safe id ("indicatori", "spesa-categorie").</param>
/// <param name="Rows">One list of values per row, as many as <paramref name="Columns"/>: string, int, long, decimal, DateOnly, DateTimeOffset or null.</param>
public sealed record ExportTable(string Id, string Title, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// CSV as Italian spreadsheet users expect it: UTF-8 with BOM, ';' between fields, CRLF, decimal comma,
/// dates dd/MM/yyyy; text that a spreadsheet would run as a formula (= + - @) is quoted with a leading apostrophe.
/// </summary>
public static class ItalianCsv
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static byte[] Write(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sb = new StringBuilder();
        sb.AppendJoin(';', table.Columns.Select(c => Text(c.Header))).Append("\r\n");
        foreach (var row in table.Rows)
        {
            if (row.Count != table.Columns.Count)
            {
                throw new InvalidOperationException($"Row of {row.Count} values in table '{table.Id}' of {table.Columns.Count} columns.");
            }

            sb.AppendJoin(';', row.Select((v, i) => Cell(v, table.Columns[i].Kind))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>A value as it appears in a CSV cell (also what a test compares a PDF figure with).</summary>
    public static string Cell(object? value, ExportKind kind) => value switch
    {
        null => "",
        decimal d when kind == ExportKind.Euros => d.ToString("#,##0.00", Italian),
        decimal d => d.ToString("#,##0.##########", Italian),
        double d => d.ToString("#,##0.##########", Italian),
        int i => i.ToString("#,##0", Italian),
        long l => l.ToString("#,##0", Italian),
        DateOnly date => date.ToString("dd/MM/yyyy", Italian),
        DateTimeOffset at => Infrastructure.RomeTime.ToRome(at).ToString("dd/MM/yyyy HH:mm", Italian),
        bool b => b ? "Sì" : "No",
        _ => Text(Convert.ToString(value, Italian) ?? ""),
    };

    private static string Text(string value)
    {
        // A leading = + - @ would be a formula in a spreadsheet (CSV injection).
        var v = value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return v.Contains(';', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal) || v.Contains('\r', StringComparison.Ordinal)
            ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : v;
    }
}
