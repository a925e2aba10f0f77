using System.IO.Compression;
using System.Text;
using Conciliazione.Web.Exports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Conciliazione.Web.Tests.Exports;

/// <summary>The writers of every download: Italian CSV, XLSX read back with the OpenXml SDK, the ZIP of CSVs. No database.</summary>
public sealed class ExportWritersTests
{
    private static ExportTable Sample() => new("prova", "Domande: [prova]/2026*", [
        new ExportColumn("Protocollo"),
        new ExportColumn("Importo", ExportKind.Euros),
        new ExportColumn("Figli", ExportKind.Integer),
        new ExportColumn("Quota", ExportKind.Decimal),
        new ExportColumn("Data", ExportKind.Date),
        new ExportColumn("Inviata il", ExportKind.DateTime),
    ], [
        ["AV-1; \"primo\"", 1234.5m, 1234, 0.25m, new DateOnly(2018, 12, 31), new DateTimeOffset(2026, 7, 1, 15, 5, 0, TimeSpan.Zero)],
        ["=HYPERLINK(\"http://x\")", -1234.5m, -3, null, null, null],
        ["+39 02 1234", 0m, 0, 1m, new DateOnly(2026, 1, 2), new DateTimeOffset(2026, 1, 15, 23, 30, 0, TimeSpan.Zero)],
    ]);

    private static string CsvText(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public void Csv_HasBom_Semicolons_ItalianNumbersAndDates_RomeTimes_Quoting_AndFormulaGuard()
    {
        var text = CsvText(ItalianCsv.Write(Sample()));

        Assert.Equal(
            "Protocollo;Importo;Figli;Quota;Data;Inviata il\r\n" +
            "\"AV-1; \"\"primo\"\"\";1.234,50;1.234;0,25;31/12/2018;01/07/2026 17:05\r\n" +
            "\"'=HYPERLINK(\"\"http://x\"\")\";-1.234,50;-3;;;\r\n" +
            "'+39 02 1234;0,00;0;1;02/01/2026;16/01/2026 00:30\r\n",
            text);
    }

    [Fact]
    public void Csv_NegativeNumbers_AreNumbers_NotDefusedText()
    {
        Assert.Equal("-1.234,50", ItalianCsv.Cell(-1234.5m, ExportKind.Euros));
        Assert.Equal("-5", ItalianCsv.Cell(-5, ExportKind.Integer));
        Assert.Equal("'-5", ItalianCsv.Cell("-5", ExportKind.Text));
        Assert.Equal("'@SUM(A1)", ItalianCsv.Cell("@SUM(A1)", ExportKind.Text));
    }

    [Fact]
    public void Csv_RowOfTheWrongLength_IsRefused()
    {
        var table = new ExportTable("x", "x", [new ExportColumn("a"), new ExportColumn("b")], [["solo uno"]]);

        Assert.Throws<InvalidOperationException>(() => ItalianCsv.Write(table));
        Assert.Throws<InvalidOperationException>(() => XlsxFile.Write([table]));
    }

    [Fact]
    public void Xlsx_ReadBack_HasOneSheetPerTable_TypedCells_Formats_AndNoFormula()
    {
        var second = new ExportTable("altro", "Domande: [prova]/2026*", [new ExportColumn("Nota")], [["@riga"]]);
        var bytes = XlsxFile.Write([Sample(), second]);

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc, TestContext.Current.CancellationToken).Select(e => e.Description));
        var workbook = doc.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Domande   prova  2026", "Domande   prova  2026 (2)"], sheets.Select(s => s.Name!.Value!));
        Assert.Empty(workbook.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<CellFormula>()));

        var sheet = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet;
        var rows = sheet.Descendants<Row>().ToList();
        Assert.Equal(4, rows.Count);
        var formats = workbook.WorkbookStylesPart!.Stylesheet;

        string Text(Cell c) => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : throw new InvalidOperationException($"{c.CellReference} is not text");
        string NumberFormat(Cell c)
        {
            var cellFormat = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)(c.StyleIndex?.Value ?? 0));
            var id = cellFormat.NumberFormatId?.Value ?? 0;
            return formats.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId!.Value == id)?.FormatCode?.Value ?? "builtin:" + id;
        }

        Cell At(int row, string col) => rows[row].Elements<Cell>().Single(c => c.CellReference == col + (row + 1));
        double Number(Cell c)
        {
            Assert.True(c.DataType is null || c.DataType.Value == CellValues.Number, $"{c.CellReference} is not a number");
            return double.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(["Protocollo", "Importo", "Figli", "Quota", "Data", "Inviata il"], rows[0].Elements<Cell>().Select(Text));

        Assert.Equal("AV-1; \"primo\"", Text(At(1, "A")));
        Assert.Equal(1234.5, Number(At(1, "B")));
        Assert.Equal(XlsxFile.EuroFormat, NumberFormat(At(1, "B")));
        Assert.Contains("€", NumberFormat(At(1, "B")), StringComparison.Ordinal);
        Assert.Equal(1234, Number(At(1, "C")));
        Assert.Equal(0.25, Number(At(1, "D")));
        Assert.Equal(new DateTime(2018, 12, 31), DateTime.FromOADate(Number(At(1, "E"))));
        Assert.Equal("dd/mm/yyyy", NumberFormat(At(1, "E")));
        Assert.Equal(new DateTime(2026, 7, 1, 17, 5, 0), DateTime.FromOADate(Number(At(1, "F"))), TimeSpan.FromSeconds(1));
        Assert.Equal("dd/mm/yyyy hh:mm", NumberFormat(At(1, "F")));

        // A formula typed by a user stays text; a negative amount stays a number.
        Assert.Equal("=HYPERLINK(\"http://x\")", Text(At(2, "A")));
        Assert.Equal(-1234.5, Number(At(2, "B")));
        Assert.Equal(-3, Number(At(2, "C")));
        Assert.DoesNotContain(rows[2].Elements<Cell>(), c => c.CellReference == "D3");
        Assert.Equal("+39 02 1234", Text(At(3, "A")));
        Assert.Equal(new DateTime(2026, 1, 16, 0, 30, 0), DateTime.FromOADate(Number(At(3, "F"))), TimeSpan.FromSeconds(1));

        var other = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!)).Worksheet;
        Assert.Equal("@riga", other.Descendants<Row>().ElementAt(1).Elements<Cell>().Single().InlineString!.InnerText);
    }

    [Fact]
    public void Xlsx_WithNoTables_IsStillAValidWorkbook_AndControlCharactersAreDropped()
    {
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(XlsxFile.Write([])), false))
        {
            Assert.Single(doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>());
        }

        var table = new ExportTable("x", "x", [new ExportColumn("a")], [["uno\u0001due"]]);
        using var withControl = SpreadsheetDocument.Open(new MemoryStream(XlsxFile.Write([table])), false);
        Assert.Equal("unodue", withControl.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ElementAt(1).InnerText);
    }

    [Theory]
    [InlineData("Spesa per voce", "Spesa per voce")]
    [InlineData("'Citata'", "Citata")]
    [InlineData("", "Foglio")]
    [InlineData("Un titolo molto lungo che supera i trentuno caratteri", "Un titolo molto lungo che super")]
    public void SheetNames_FollowExcelRules(string title, string expected)
    {
        Assert.Equal(expected, XlsxFile.SheetNames([title]).Single());
    }

    [Fact]
    public void SheetNames_AreUniqueIgnoringCase_AndStayWithin31Characters()
    {
        var names = XlsxFile.SheetNames(["Un titolo molto lungo che supera i trentuno caratteri", "UN TITOLO MOLTO LUNGO CHE SUPERA i trentuno", "a", "A"]);

        Assert.Equal(["Un titolo molto lungo che super", "UN TITOLO MOLTO LUNGO CHE S (2)", "a", "A (2)"], names);
        Assert.All(names, n => Assert.InRange(n.Length, 1, 31));
    }

    [Fact]
    public void Zip_HoldsOneCsvPerTable_NamedByItsId()
    {
        var bytes = ExportZip.Csv([Sample(), new ExportTable("spesa-categorie", "Spesa", [new ExportColumn("Voce")], [["A"]])]);

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(["prova.csv", "spesa-categorie.csv"], zip.Entries.Select(e => e.FullName));
        using var entry = zip.GetEntry("spesa-categorie.csv")!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        Assert.Equal("Voce\r\nA\r\n", CsvText(copy.ToArray()));
    }

    [Theory]
    [InlineData("domande", "AV-2018/01", "domande-AV-2018-01-2026-12-02")]
    [InlineData("spesa", "Città di Castellanza", "spesa-Citta-di-Castellanza-2026-12-02")]
    [InlineData("giustificativi", null, "giustificativi-2026-12-02")]
    public void FileName_IsAsciiWithTheDayInRome(string what, string? scope, string expected)
    {
        Assert.Equal(expected, ExportFile.Name(what, scope, new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero)));
    }
}
