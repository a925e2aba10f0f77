namespace Conciliazione.Web.Exports;

/// <summary>The model of the <c>_ExportLinks</c> partial: where the list downloads as CSV and as XLSX (same filters as the page).</summary>
public sealed record ExportLinks(string CsvUrl, string XlsxUrl, string? Label = null);
