using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Conciliazione.Web.Exports;

/// <summary>
/// XLSX: one sheet per table, header row bold and frozen, typed cells: integers, decimals and euros are
/// numbers (euros formatted "#,##0.00 €"), dates are real dates shown dd/mm/yyyy, instants are shown in
/// Europe/Rome; text is always an inline string, never a formula.
/// </summary>
/// <remarks>
/// Written with DocumentFormat.OpenXml (ADR 0120): the cell type is chosen here from the column's
/// <see cref="ExportKind"/>, not guessed from the value, so "=1+1" or "-5" typed by a user stays text and
/// a spreadsheet never runs it (CSV/formula injection).
/// </remarks>
public static class XlsxFile
{
    /// <summary>The MIME type of an .xlsx file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The number format of euro cells (also what a test checks).</summary>
    public const string EuroFormat = "#,##0.00\\ \"€\"";

    public const string DateFormat = "dd/mm/yyyy";

    public const string DateTimeFormat = "dd/mm/yyyy hh:mm";

    // Style indexes into the CellFormats written by Styles().
    private const uint Header = 1, Euros = 2, Date = 3, DateTime = 4, Integer = 5, Decimal = 6, Wrapped = 7;

    private static readonly char[] ForbiddenInSheetNames = ['[', ']', ':', '*', '?', '/', '\\'];

    public static byte[] Write(IReadOnlyList<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var names = SheetNames(tables.Select(t => t.Title).ToList());
            var toWrite = tables.Count == 0 ? [new ExportTable("vuoto", "Foglio1", [], [])] : tables;
            if (tables.Count == 0)
            {
                names = ["Foglio1"];
            }

            for (var i = 0; i < toWrite.Count; i++)
            {
                var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
                WriteSheet(sheetPart, toWrite[i]);
                sheets.AppendChild(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = (uint)(i + 1), Name = names[i] });
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Excel's rules for sheet names: 1 to 31 characters, none of []:*?/\, not starting or ending with an
    /// apostrophe, unique without regard to case.
    /// </summary>
    public static IReadOnlyList<string> SheetNames(IReadOnlyList<string> titles)
    {
        ArgumentNullException.ThrowIfNull(titles);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(titles.Count);
        foreach (var title in titles)
        {
            var clean = new string((title ?? "").Select(c => ForbiddenInSheetNames.Contains(c) || char.IsControl(c) ? ' ' : c).ToArray()).Trim().Trim('\'').Trim();
            if (clean.Length == 0)
            {
                clean = "Foglio";
            }

            var name = clean.Length > 31 ? clean[..31].TrimEnd() : clean;
            for (var n = 2; !used.Add(name); n++)
            {
                var suffix = string.Create(CultureInfo.InvariantCulture, $" ({n})");
                name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)].TrimEnd() : clean) + suffix;
            }

            names.Add(name);
        }

        return names;
    }

    private static void WriteSheet(WorksheetPart part, ExportTable table)
    {
        if (table.Rows.FirstOrDefault(r => r.Count != table.Columns.Count) is { } wrong)
        {
            throw new InvalidOperationException($"Row of {wrong.Count} values in table '{table.Id}' of {table.Columns.Count} columns.");
        }

        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        if (table.Columns.Count > 0)
        {
            // The header stays in view while scrolling.
            writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0U }));
            writer.WriteElement(new Columns(table.Columns.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Width(table, i), CustomWidth = true })));
        }

        writer.WriteStartElement(new SheetData());
        writer.WriteStartElement(new Row { RowIndex = 1U });
        for (var i = 0; i < table.Columns.Count; i++)
        {
            writer.WriteElement(TextCell(Reference(i, 1), table.Columns[i].Header, Header));
        }

        writer.WriteEndElement();
        var rowIndex = 1U;
        foreach (var row in table.Rows)
        {
            rowIndex++;
            writer.WriteStartElement(new Row { RowIndex = rowIndex });
            for (var i = 0; i < row.Count; i++)
            {
                var cell = ValueCell(Reference(i, rowIndex), row[i], table.Columns[i].Kind);
                if (cell is not null)
                {
                    writer.WriteElement(cell);
                }
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static Cell? ValueCell(string reference, object? value, ExportKind kind) => value switch
    {
        null => null,
        decimal d => Number(reference, new CellValue(d), kind == ExportKind.Euros ? Euros : kind == ExportKind.Integer ? Integer : Decimal),
        double d => Number(reference, new CellValue(d), kind == ExportKind.Euros ? Euros : Decimal),
        int i => Number(reference, new CellValue(i), kind == ExportKind.Euros ? Euros : Integer),
        long l => Number(reference, new CellValue((decimal)l), kind == ExportKind.Euros ? Euros : Integer),
        DateOnly date => Number(reference, new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate()), Date),
        DateTimeOffset at => Number(reference, new CellValue(Infrastructure.RomeTime.ToRome(at).DateTime.ToOADate()), DateTime),
        bool b => TextCell(reference, b ? "Sì" : "No", 0),
        _ => TextCell(reference, Convert.ToString(value, CultureInfo.GetCultureInfo("it-IT")) ?? "", 0),
    };

    private static Cell Number(string reference, CellValue value, uint style) =>
        new() { CellReference = reference, DataType = CellValues.Number, StyleIndex = style, CellValue = value };

    /// <summary>An inline string: whatever it starts with, a spreadsheet shows it as text.</summary>
    private static Cell TextCell(string reference, string text, uint style)
    {
        var clean = XmlSafe(text);
        var cell = new Cell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(clean) { Space = SpaceProcessingModeValues.Preserve }),
        };
        if (style != 0 || clean.Contains('\n', StringComparison.Ordinal))
        {
            cell.StyleIndex = style != 0 ? style : Wrapped;
        }

        return cell;
    }

    /// <summary>XML 1.0 cannot carry most control characters; they would make the file unreadable.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r') && !text.Any(char.IsSurrogate))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && (!char.IsControl(c) || c is '\t' or '\n' or '\r'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Reference(int column, uint row)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A column width from its longest value (header included), between 8 and 60 characters.</summary>
    private static DoubleValue Width(ExportTable table, int column)
    {
        var kind = table.Columns[column].Kind;
        var longest = table.Rows.Take(500)
            .Select(r => ItalianCsv.Cell(r[column], kind).Length + (kind == ExportKind.Euros ? 2 : 0))
            .Append(table.Columns[column].Header.Length)
            .Max();
        return Math.Clamp(longest + 2, 8, 60);
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164U, FormatCode = EuroFormat },
            new NumberingFormat { NumberFormatId = 165U, FormatCode = DateFormat },
            new NumberingFormat { NumberFormatId = 166U, FormatCode = DateTimeFormat })
        { Count = 3U },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2U },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
        new Borders(new Border()) { Count = 1U },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1U, ApplyFont = true },
            new CellFormat { NumberFormatId = 164U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 166U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 3U, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0U, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true })
        { Count = 8U });
}
