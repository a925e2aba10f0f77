using Conciliazione.Web.Charts;
using Conciliazione.Web.Exports;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Everything an ATS monitoring report says, gathered once by <see cref="ReportBuilder"/>: the PDF
/// renders it (Documents/Views/MonitoringReport.cshtml), its tables are the data downloads (CSV and
/// XLSX), and it is stored as the report's JSON snapshot. A figure in the PDF is always a cell of
/// one of <see cref="Tables"/> (or a total over one), so it can be checked against the downloads.
/// </summary>
public sealed record ReportContent(
    string AllianceName,
    string LeadPartnerName,
    string ProjectTitle,
    string PeriodKey,
    string PeriodLabel,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int Version,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportSection> Sections)
{
    /// <summary>Every table of the report, in order: what the data downloads hold.</summary>
    public IReadOnlyList<ExportTable> Tables => [.. Sections.SelectMany(s => s.Tables)];

    /// <summary>True when the period has no activity at all: the report says so honestly rather than failing.</summary>
    public bool IsEmpty { get; init; }

    /// <summary>The numbered heading of a section as printed ("3. I bandi"): also what the page search looks for.</summary>
    public string Heading(ReportSection section)
    {
        var n = Sections.ToList().IndexOf(section) + 1;
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " + section.Title;
    }
}

/// <summary>A chapter of the report (alliance, actions and indicators, calls, spending, meetings...).</summary>
/// <param name="Id">An anchor id for the table of contents ("partenariato").</param>
/// <param name="Charts">Charts of the section; each chart's data is also one of <paramref name="Tables"/> (the table whose id is the chart's id, <see cref="ReportCharts"/>).</param>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<ExportTable> Tables, IReadOnlyList<Chart> Charts)
{
    /// <summary>Ids of the tables the PDF closes with a "Totale" row (<see cref="ReportTotals"/>): the sums of their number columns, not in the CSV.</summary>
    public IReadOnlyList<string> TotalledTables { get; init; } = [];

    /// <summary>The charts drawn from <paramref name="table"/>, shown just before it.</summary>
    public IEnumerable<Chart> ChartsOf(ExportTable table) => Charts.Where(c => c.Id == table.Id + "-grafico");
}

/// <summary>The "Totale" row the PDF prints under a totalled table: the sum of each number column (integers, euros, decimals), blank elsewhere.</summary>
public static class ReportTotals
{
    public const string Label = "Totale";

    public static IReadOnlyList<object?> Of(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Columns.Select((c, i) => i == 0 ? Label : c.Kind switch
        {
            ExportKind.Integer => table.Rows.Sum(r => Convert.ToInt64(r[i] ?? 0, System.Globalization.CultureInfo.InvariantCulture)),
            ExportKind.Euros or ExportKind.Decimal => table.Rows.Sum(r => Convert.ToDecimal(r[i] ?? 0m, System.Globalization.CultureInfo.InvariantCulture)),
            _ => (object?)null,
        })];
    }
}

/// <summary>Charts of the report, each drawn from one of its tables so that its data is also a download.</summary>
public static class ReportCharts
{
    /// <summary>
    /// Horizontal bars: one category per row of <paramref name="table"/> (its first column), one series per
    /// named column; values printed as the CSV prints them. The chart's id is "{table id}-grafico" (one chart per table).
    /// </summary>
    public static Chart Bars(ExportTable table, string title, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var series = columns.Select(name =>
        {
            var i = table.Columns.ToList().FindIndex(c => c.Header == name);
            if (i < 0)
            {
                throw new InvalidOperationException($"No column '{name}' in table '{table.Id}'.");
            }

            var kind = table.Columns[i].Kind;
            return new ChartSeries(name, [.. table.Rows.Select(r => new ChartValue(
                Convert.ToDecimal(r[i] ?? 0m, System.Globalization.CultureInfo.InvariantCulture),
                ItalianCsv.Cell(r[i], kind) + (kind == ExportKind.Euros ? " €" : "")))]);
        }).ToList();
        return new Chart(table.Id + "-grafico", title, ChartKind.HorizontalBars, table.Columns[0].Header,
            [.. table.Rows.Select(r => ItalianCsv.Cell(r[0], table.Columns[0].Kind))], series);
    }
}
