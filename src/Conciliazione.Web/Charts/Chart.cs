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

/// <summary>The rows of a chart as CSV: UTF-8 with BOM, ';' separated, Italian numbers (what Excel in Italy opens).</summary>
public static class ChartCsv
{
    public static byte[] Write(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var sb = new StringBuilder();
        sb.Append(Cell(chart.CategoryHeader));
        foreach (var s in chart.Series)
        {
            sb.Append(';').Append(Cell(s.Name));
        }

        sb.Append("\r\n");
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            sb.Append(Cell(chart.Categories[c]));
            foreach (var s in chart.Series)
            {
                sb.Append(';').Append(Cell(s.Values[c].Display.Replace(" €", "", StringComparison.Ordinal)));
            }

            sb.Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Cell(string value)
    {
        // A leading = + - @ would be a formula in a spreadsheet (CSV injection).
        var v = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return v.Contains(';', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) || v.Contains('\n', StringComparison.Ordinal)
            ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : v;
    }
}

/// <summary>The model of the <c>_Chart</c> partial: the chart and, on pages, where its CSV is downloaded.</summary>
public sealed record ChartView(Chart Chart, string? CsvUrl = null);
