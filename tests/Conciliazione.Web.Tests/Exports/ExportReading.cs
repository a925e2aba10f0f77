using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Conciliazione.Web.Tests.Exports;

/// <summary>Downloads a list export and reads it back: CSV lines split on ';', XLSX rows as text (numbers invariant).</summary>
public static class ExportReading
{
    public sealed record Download(string FileName, string ContentType, byte[] Bytes);

    public static async Task<Download> DownloadAsync(PortalClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new Download(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "",
            response.Content.Headers.ContentType?.ToString() ?? "", bytes);
    }

    /// <summary>The CSV's lines, each split on ';' (the tests' values hold no ';' nor quotes).</summary>
    public static List<string[]> Csv(Download download)
    {
        Assert.StartsWith("text/csv", download.ContentType, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.FileName, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetPreamble(), download.Bytes[..3]);
        var text = Encoding.UTF8.GetString(download.Bytes, 3, download.Bytes.Length - 3);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToList();
    }

    /// <summary>The first sheet's rows: text cells as text, numbers in invariant culture.</summary>
    public static List<string[]> Xlsx(Download download)
    {
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.ContentType);
        Assert.EndsWith(".xlsx", download.FileName, StringComparison.Ordinal);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(download.Bytes), false);
        var workbook = doc.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
        var width = rows[0].Elements<Cell>().Count();
        return rows.Select(r =>
        {
            var values = new string[width];
            Array.Fill(values, "");
            foreach (var c in r.Elements<Cell>())
            {
                var column = c.CellReference!.Value!.TakeWhile(char.IsLetter).Aggregate(0, (n, l) => (n * 26) + (l - 'A' + 1)) - 1;
                values[column] = c.DataType?.Value == CellValues.InlineString
                    ? c.InlineString!.InnerText
                    : double.Parse(c.CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            }

            return values;
        }).ToList();
    }
}
