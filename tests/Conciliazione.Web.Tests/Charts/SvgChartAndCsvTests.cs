using System.Text;
using System.Xml.Linq;
using Conciliazione.Web.Charts;

namespace Conciliazione.Web.Tests.Charts;

/// <summary>The server-rendered chart (SVG, no script, accessible) and its CSV: no database.</summary>
public sealed class SvgChartAndCsvTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Chart Sample(ChartKind kind) => new("prova", "Domande & contributi <per bando>", kind, "Bando",
        ["AV-1 – Infanzia", "=HYPERLINK(\"x\")"],
        [
            new ChartSeries("Domande", [Chart.Count(1234), Chart.Count(0)]),
            new ChartSeries("Euro", [Chart.Euros(1234.5m), new ChartValue(0, "< 5")]),
        ]);

    [Theory]
    [InlineData(ChartKind.HorizontalBars)]
    [InlineData(ChartKind.Columns)]
    public void Render_IsWellFormedSvg_WithRoleImg_TitleAndDescription_AndNoScript(ChartKind kind)
    {
        var svg = XElement.Parse(SvgChart.Render(Sample(kind)));

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("prova-title prova-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Domande & contributi <per bando>", svg.Element(Svg + "title")!.Value);
        Assert.Equal("prova-title", (string?)svg.Element(Svg + "title")!.Attribute("id"));
        Assert.Contains("AV-1 – Infanzia: Domande 1.234, Euro 1.234,50 €", svg.Element(Svg + "desc")!.Value, StringComparison.Ordinal);
        Assert.Empty(svg.Descendants(Svg + "script"));
        Assert.DoesNotContain(svg.DescendantsAndSelf().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.Equal(4, svg.Descendants(Svg + "rect").Count());
    }

    [Fact]
    public void Bars_AreProportional_AndTheBiggestFillsThePlot()
    {
        var chart = new Chart("b", "t", ChartKind.HorizontalBars, "c", ["uno", "due"], [new ChartSeries("s", [Chart.Count(10), Chart.Count(5)])]);

        var widths = XElement.Parse(SvgChart.Render(chart)).Descendants(Svg + "rect")
            .Select(r => double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal([360d, 180d], widths);
    }

    [Fact]
    public void Render_UsesInvariantNumbers_InCoordinates_WhateverTheCulture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("it-IT");
        try
        {
            var chart = new Chart("b", "t", ChartKind.Columns, "c", ["a", "b", "c"], [new ChartSeries("s", [Chart.Count(3), Chart.Count(7), Chart.Count(1)])]);
            var rects = XElement.Parse(SvgChart.Render(chart)).Descendants(Svg + "rect").ToList();

            Assert.All(rects, r => Assert.DoesNotContain(",", (string)r.Attribute("y")! + (string)r.Attribute("height")!, StringComparison.Ordinal));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Csv_HasBom_SemicolonsCrlf_ItalianNumbersWithoutEuroSign_AndDefusesFormulas()
    {
        var bytes = ChartCsv.Write(Sample(ChartKind.HorizontalBars));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(
            "Bando;Domande;Euro\r\n" +
            "AV-1 – Infanzia;1.234;1.234,50\r\n" +
            "\"'=HYPERLINK(\"\"x\"\")\";0;< 5\r\n",
            text);
    }

    [Fact]
    public void Csv_QuotesCellsWithSeparatorsOrNewLines()
    {
        var chart = new Chart("q", "t", ChartKind.HorizontalBars, "Bando; anno", ["riga\nseconda", "+39", "@x", "-1"], [new ChartSeries("s", [Chart.Count(1), Chart.Count(2), Chart.Count(3), Chart.Count(4)])]);

        var lines = Encoding.UTF8.GetString(ChartCsv.Write(chart)[3..]).Split("\r\n");

        Assert.Equal("\"Bando; anno\";s", lines[0]);
        Assert.Equal("\"riga\nseconda\";1", lines[1]);
        Assert.Equal("'+39;2", lines[2]);
        Assert.Equal("'@x;3", lines[3]);
        Assert.Equal("'-1;4", lines[4]);
    }

    [Fact]
    public void Csv_NegativeValues_AreNumbers_NotDefusedText()
    {
        // A negative figure (a category overspent, a correction) is a number a spreadsheet can add up;
        // the old writer treated its leading '-' as a formula and wrote "'-5".
        var chart = new Chart("n", "t", ChartKind.Columns, "Voce", ["A", "B"],
        [
            new ChartSeries("Residuo", [Chart.Euros(-0.01m), Chart.Euros(-1234.5m)]),
            new ChartSeries("Domande", [Chart.Count(-5), Chart.Count(3)]),
        ]);

        var lines = Encoding.UTF8.GetString(ChartCsv.Write(chart)[3..]).Split("\r\n");

        Assert.Equal("A;-0,01;-5", lines[1]);
        Assert.Equal("B;-1.234,50;3", lines[2]);
        var table = chart.ToExportTable();
        Assert.Equal([Conciliazione.Web.Exports.ExportKind.Text, Conciliazione.Web.Exports.ExportKind.Euros, Conciliazione.Web.Exports.ExportKind.Integer], table.Columns.Select(c => c.Kind));
        Assert.Equal(-1234.5m, table.Rows[1][1]);
    }
}
