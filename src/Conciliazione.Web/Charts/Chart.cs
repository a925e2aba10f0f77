using System.Globalization;
using System.Net;
using System.Text;

namespace Conciliazione.Web.Charts;

/// <summary>How a chart draws its categories.</summary>
public enum ChartKind
{
    /// <summary>One row per category, bars to the right: long labels (calls, actions) stay readable on a phone.</summary>
    HorizontalBars,

    /// <summary>One column per category (months, half-years): a series over time.</summary>
    Columns,
}

/// <summary>One value of a chart. <see cref="Display"/> is what a person reads ("&lt; 5" for a suppressed count).</summary>
public sealed record ChartValue(decimal Value, string Display);

/// <summary>A named series, one value per category of its chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartValue> Values);

/// <summary>
/// A chart and the data it draws. Rendered as SVG on the server by <see cref="SvgChart"/> (no script, so
/// it passes the strict CSP and prints the same in a PDF), always beside its data as a table
/// (<c>_Chart</c> partial) and, on pages, a CSV download of the same rows (<see cref="ChartCsv"/>).
/// </summary>
public sealed record Chart(string Id, string Title, ChartKind Kind, string CategoryHeader, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    public static ChartValue Count(int value) => new(value, value.ToString("N0", CultureInfo.GetCultureInfo("it-IT")));

    public static ChartValue Euros(decimal value) => new(value, Domain.Money.Format(value));

    /// <summary>
    /// The chart's data as a downloadable table: the category column, then one column per series. A value
    /// shown as its number is written as that number (euros when the series shows euros); one shown
    /// otherwise ("&lt; 5", a suppressed count; "2.000 €", a rounded sum) is written as the text people read,
    /// without the euro sign, so a download never carries more than the page shows.
    /// </summary>
    public Exports.ExportTable ToExportTable()
    {
        var kinds = Series.Select(s =>
            s.Values.Any(v => v.Display.Contains('€', StringComparison.Ordinal)) ? Exports.ExportKind.Euros
            : s.Values.All(v => v.Value == decimal.Truncate(v.Value)) ? Exports.ExportKind.Integer
            : Exports.ExportKind.Decimal).ToList();
        List<Exports.ExportColumn> columns = [new(CategoryHeader), .. Series.Select((s, i) => new Exports.ExportColumn(s.Name, kinds[i]))];
        var rows = Categories.Select((c, i) => (IReadOnlyList<object?>)[c, .. Series.Select((s, j) => Cell(s.Values[i], kinds[j]))]).ToList();
        return new Exports.ExportTable(Id, Title, columns, rows);
    }

    private static object? Cell(ChartValue value, Exports.ExportKind kind)
    {
        object number = kind == Exports.ExportKind.Integer ? (long)value.Value : value.Value;
        var shown = value.Display.Replace("€", "", StringComparison.Ordinal).Replace('\u00A0', ' ').Trim();
        // A rounded or suppressed figure (referent dashboards) stays the text people read: its value may be the exact one.
        return Exports.ItalianCsv.Cell(number, kind) == shown ? number : shown;
    }
}

/// <summary>Draws a <see cref="Chart"/> as accessible SVG (role="img", title and description; colours meet 3:1 on white).</summary>
public static class SvgChart
{
    // Bootstrap Italia primary, a dark green and an orange dark enough for 3:1 against white.
    private static readonly string[] Palette = ["#0066cc", "#008055", "#a66300", "#5c2f91", "#c7254e"];

    public static string Colour(int seriesIndex) => Palette[seriesIndex % Palette.Length];

    public static string Render(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.Kind == ChartKind.Columns ? Columns(chart) : Bars(chart);
    }

    private static string Bars(Chart chart)
    {
        const int labelWidth = 220, plotWidth = 360, barHeight = 16, gap = 10, top = 8;
        var seriesCount = Math.Max(1, chart.Series.Count);
        var groupHeight = (seriesCount * barHeight) + gap;
        var height = top + (chart.Categories.Count * groupHeight) + 8;
        var width = labelWidth + plotWidth + 90;
        var max = Max(chart);
        var svg = Open(chart, width, height);
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var y0 = top + (c * groupHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y0 + (seriesCount * barHeight / 2) + 5}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1a1a1a\">{Encode(Shorten(chart.Categories[c], 34))}</text>");
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var v = chart.Series[s].Values[c];
                var w = max == 0 ? 0 : (double)(v.Value / max) * plotWidth;
                var y = y0 + (s * barHeight);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{barHeight - 2}\" fill=\"{Colour(s)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 4:0.#}\" y=\"{y + barHeight - 4}\" font-size=\"12\" fill=\"#1a1a1a\">{Encode(v.Display)}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Columns(Chart chart)
    {
        const int left = 10, plotHeight = 180, top = 20, labelHeight = 40, columnGap = 12;
        var seriesCount = Math.Max(1, chart.Series.Count);
        var columnWidth = Math.Max(6, Math.Min(28, 560 / Math.Max(1, chart.Categories.Count * seriesCount)));
        var groupWidth = (seriesCount * columnWidth) + columnGap;
        var width = Math.Max(320, left + (chart.Categories.Count * groupWidth) + 10);
        var height = top + plotHeight + labelHeight;
        var max = Max(chart);
        var svg = Open(chart, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - 5}\" y2=\"{top + plotHeight}\" stroke=\"#5c6f82\"/>");
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var x0 = left + (c * groupWidth);
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var v = chart.Series[s].Values[c];
                var h = max == 0 ? 0 : (double)(v.Value / max) * plotHeight;
                var x = x0 + (s * columnWidth);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{top + plotHeight - h:0.#}\" width=\"{columnWidth - 2}\" height=\"{h:0.#}\" fill=\"{Colour(s)}\"><title>{Encode(chart.Categories[c] + " – " + chart.Series[s].Name + ": " + v.Display)}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + ((groupWidth - columnGap) / 2)}\" y=\"{top + plotHeight + 16}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1a1a1a\">{Encode(Shorten(chart.Categories[c], 10))}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(Chart chart, int width, int height)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-labelledby=\"{chart.Id}-title {chart.Id}-desc\" class=\"cnz-chart\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{chart.Id}-title\">{Encode(chart.Title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<desc id=\"{chart.Id}-desc\">{Encode(Describe(chart))}</desc>");
        return sb;
    }

    /// <summary>A one-sentence text alternative; the full data is in the table beside the chart.</summary>
    public static string Describe(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var parts = chart.Categories.Select((c, i) => c + ": " + string.Join(", ", chart.Series.Select(s => s.Name + " " + s.Values[i].Display)));
        return string.Join("; ", parts) + ".";
    }

    private static decimal Max(Chart chart) => chart.Series.SelectMany(s => s.Values).Select(v => v.Value).DefaultIfEmpty(0).Max();

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}

/// <summary>The rows of a chart as CSV: UTF-8 with BOM, ';' separated, Italian numbers (what Excel in Italy opens), through <see cref="Exports.ItalianCsv"/>.</summary>
public static class ChartCsv
{
    public static byte[] Write(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return Exports.ItalianCsv.Write(chart.ToExportTable());
    }
}

/// <summary>The model of the <c>_Chart</c> partial: the chart and, on pages, where its CSV is downloaded.</summary>
public sealed record ChartView(Chart Chart, string? CsvUrl = null);
