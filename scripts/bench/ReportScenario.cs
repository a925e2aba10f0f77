using System.Diagnostics;
using System.Globalization;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UglyToad.PdfPig;

/// <summary>
/// Scenario "report" (B7 in ../shared/quality/BENCHMARKS.md, ADR 0118): an ATS monitoring report of
/// about 50 pages, built in memory (deterministic from BENCH_SEED: 10 sections of tables, BENCH_SIZE rows
/// in all), rendered through the real view (<see cref="ReportPdf.ViewPath"/>) and the real
/// <see cref="ChromiumPdfRenderer"/>, warm. Timed: (a) the generation's work after the data are read,
/// as <see cref="ReportGenerator.ProduceAsync"/> does it (Razor view, draft and PDF, CSV ZIP, XLSX, JSON snapshot), and the SHA-256;
/// (b) the same HTML, already rendered, printed to PDF alone. Target: (a) p95 <= 1.5x (b) and < 2 s.
/// The database reads of <see cref="ReportBuilder"/> are not in (a): the content comes preloaded, so the
/// comparison isolates what generation adds to printing the PDF.
/// </summary>
internal static class ReportScenario
{
    private const double TargetRatio = 1.5;
    private const double TargetMs = 2000;
    private const int Sections = 10;
    private const int TablesPerSection = 4;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int rows, double seed, int runs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(ReportGenerator).Assembly.GetName().Name });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRazorPages().AddApplicationPart(typeof(ReportGenerator).Assembly);
        builder.Services.Configure<PdfOptions>(o => o.ChromiumPath = Environment.GetEnvironmentVariable("BENCH_CHROMIUM") ?? o.ChromiumPath);
        builder.Services.AddSingleton<IPdfRenderer, ChromiumPdfRenderer>();
        builder.Services.AddTransient<RazorDocumentRenderer>();
        builder.Services.AddTransient<ReportPdf>();
        await using var app = builder.Build();
        var pdf = app.Services.GetRequiredService<IPdfRenderer>();
        var content = Build(rows, seed);
        var metadata = new PdfMetadata($"Rapporto di monitoraggio - {content.PeriodLabel}", $"{content.ProjectTitle} - versione {content.Version}", content.LeadPartnerName);

        Console.WriteLine("== Conciliazione benchmark: report (B7) ==");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");

        async Task<(byte[] Pdf, string Html)> GenerateAsync()
        {
            // What ReportGenerator.RunAsync does between reading the data and saving the result
            // (ReportGenerator.ProduceAsync): the report's PDF (ReportPdf: an untagged draft to find each
            // section's page, then the tagged print, ADR 0111) and, beside it, the data downloads and the
            // snapshot; then the hash the archive stores.
            using var scope = app.Services.CreateScope();
            var output = await ReportGenerator.ProduceAsync(scope.ServiceProvider.GetRequiredService<ReportPdf>(), content, CancellationToken.None);
            _ = MonitoringReport.HashOf(output.Pdf);
            var html = await scope.ServiceProvider.GetRequiredService<RazorDocumentRenderer>().RenderAsync(ReportPdf.ViewPath, content);
            return (output.Pdf, html);
        }

        // Warm-up: starts Chromium, compiles the view's first use, fills the JIT.
        var (first, prepared) = await GenerateAsync();
        await pdf.RenderAsync(prepared, metadata, ReportPdf.Layout(content), CancellationToken.None);
        int pages;
        using (var document = PdfDocument.Open(first))
        {
            pages = document.NumberOfPages;
        }

        Console.WriteLine($"report: {Sections} sections, {content.Tables.Count} tables, {content.Tables.Sum(t => t.Rows.Count).ToString("N0", Invariant)} rows, HTML {(prepared.Length / 1024.0).ToString("F0", Invariant)} kB, PDF {pages} pages, {(first.Length / 1024.0).ToString("F0", Invariant)} kB (seed {seed.ToString(Invariant)})");

        // Alternate the two so a burst of load from elsewhere on the machine hits both alike.
        var generation = new List<double>();
        var printing = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await GenerateAsync();
            generation.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await pdf.RenderAsync(prepared, metadata, ReportPdf.Layout(content), CancellationToken.None);
            printing.Add(watch.Elapsed.TotalMilliseconds);
        }

        Print("(a) generation: draft + tagged PDF, beside CSV ZIP + XLSX + snapshot; SHA-256", generation);
        Print("(b) the report's HTML, preloaded, printed to PDF once", printing);
        var ratio = Percentile(generation, 0.95) / Percentile(printing, 0.95);
        var met = ratio <= TargetRatio && Percentile(generation, 0.95) < TargetMs;
        Console.WriteLine($"   target: p95 <= {TargetRatio.ToString("F1", Invariant)}x the preloaded HTML and < {TargetMs.ToString("F0", Invariant)} ms: {ratio.ToString("F2", Invariant)}x, {Ms(Percentile(generation, 0.95))} -> {(met ? "met" : "NOT met")}");
        Console.WriteLine($"   load average after the runs: {LoadAverage()}");
        Console.WriteLine($"B7: {pages}-page report, generation p95 {Ms(Percentile(generation, 0.95)).Trim()}, the HTML printed alone p95 {Ms(Percentile(printing, 0.95)).Trim()}, ratio {ratio.ToString("F2", Invariant)}x target <= {TargetRatio.ToString("F1", Invariant)}x and < {TargetMs.ToString("F0", Invariant)} ms {(met ? "met" : "NOT met")}");
        return pages > 0 ? 0 : 1;
    }

    /// <summary>
    /// A report the shape of a big final report: sections of tables of partners, indicators, calls,
    /// vouchers, costs and meetings (text, integers, euros, dates), every value from the seed.
    /// </summary>
    private static ReportContent Build(int rows, double seed)
    {
        var random = new Random((int)(seed * int.MaxValue));
        var perTable = Math.Max(1, rows / (Sections * TablesPerSection));
        string[] titles = ["Alleanza e partner", "Azioni e indicatori", "Bandi e domande", "Voucher e rimborsi", "Spesa per categoria", "Cofinanziamento per ente", "Incontri e presenze", "Comuni di residenza", "Servizi convenzionati", "Andamento semestrale"];
        var sections = new List<ReportSection>();
        for (var s = 0; s < Sections; s++)
        {
            var tables = new List<ExportTable>();
            for (var t = 0; t < TablesPerSection; t++)
            {
                var columns = new List<ExportColumn>
                {
                    new("Voce"), new("Ente o comune"), new("Numero", ExportKind.Integer), new("Importo (euro)", ExportKind.Euros),
                    new("Previsto (euro)", ExportKind.Euros), new("Dal", ExportKind.Date), new("Quota", ExportKind.Decimal),
                };
                var data = new List<IReadOnlyList<object?>>();
                for (var r = 0; r < perTable; r++)
                {
                    var start = new DateOnly(2017, 1, 1).AddDays(random.Next(0, 700));
                    data.Add([
                        $"Voce {s + 1}.{t + 1}.{r + 1}", $"Comune di prova {random.Next(1, 40)}", random.Next(0, 5_000),
                        Math.Round((decimal)(random.NextDouble() * 250_000), 2), Math.Round((decimal)(random.NextDouble() * 300_000), 2),
                        start, Math.Round((decimal)random.NextDouble(), 4),
                    ]);
                }

                tables.Add(new ExportTable($"s{s + 1}-t{t + 1}", $"{titles[s]}: tabella {t + 1}", columns, data));
            }

            sections.Add(new ReportSection($"sezione-{s + 1}", titles[s], [$"Sintesi della sezione {titles[s].ToLowerInvariant()}: {perTable * TablesPerSection} righe di dati, tutte nei file CSV e XLSX del rapporto."], tables, []));
        }

        return new ReportContent("Alleanza di prova", "Comune capofila di prova", "Progetto di prova per il benchmark", "finale", "Rapporto finale",
            new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31), 1, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), sections);
    }

    private static void Print(string what, List<double> times) =>
        Console.WriteLine($"   {what,-72} p50 {Ms(Percentile(times, 0.50))}  p95 {Ms(Percentile(times, 0.95))}  ({times.Count} runs)");

    private static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double ms) => ms.ToString("F0", Invariant).PadLeft(6) + " ms";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
