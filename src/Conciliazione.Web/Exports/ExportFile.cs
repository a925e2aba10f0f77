using System.Globalization;
using System.Text;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Conciliazione.Web.Exports;

/// <summary>The download of one table as CSV or XLSX, with a file name that carries no personal data.</summary>
public static class ExportFile
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// "domande-AV-2018-01-2026-12-02": what the list is, the filter that names it (a call code, a
    /// project's title, at most 40 characters; never a person) and the day in Europe/Rome.
    /// </summary>
    public static string Name(string what, string? scope, DateTimeOffset now)
    {
        var day = Infrastructure.RomeTime.ToRome(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var s = string.IsNullOrWhiteSpace(scope) ? "" : Safe(scope);
        s = s.Length > 40 ? s[..40].TrimEnd('-') : s;
        return s.Length == 0 ? $"{Safe(what)}-{day}" : $"{Safe(what)}-{s}-{day}";
    }

    /// <summary>A CSV download (<see cref="ItalianCsv"/>); <paramref name="name"/> without extension.</summary>
    public static FileContentResult Csv(ExportTable table, string name) =>
        new(ItalianCsv.Write(table), CsvContentType) { FileDownloadName = name + ".csv" };

    /// <summary>An XLSX download of one sheet (<see cref="XlsxFile"/>); <paramref name="name"/> without extension.</summary>
    public static FileContentResult Xlsx(ExportTable table, string name) =>
        new(XlsxFile.Write([table]), XlsxFile.ContentType) { FileDownloadName = name + ".xlsx" };

    /// <summary>
    /// A staff list as CSV or XLSX, audited like the other downloads (<see cref="AuditActions.ListExported"/>):
    /// who, when, which list, the format and how many rows; never the rows themselves.
    /// </summary>
    public static async Task<FileContentResult> DownloadAsync(AuditLog audit, ExportTable table, string name, bool xlsx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(table);
        var result = xlsx ? Xlsx(table, name) : Csv(table, name);
        await audit.WriteAsync(AuditActions.ListExported, "Export", table.Id,
            string.Create(CultureInfo.InvariantCulture, $"{(xlsx ? "xlsx" : "csv")}; {table.Rows.Count} righe; {result.FileDownloadName}"), ct: ct);
        return result;
    }

    /// <summary>ASCII letters, digits and single dashes: safe in a file name and a header on any system.</summary>
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-');
    }
}
