using System.Text.Json;
using Conciliazione.Domain;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Exports;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// The background job that makes one report version (issue 16, ADR 0110): gathers the content,
/// renders the PDF (Razor -> Chromium), writes the data downloads, and stores all of it with the
/// SHA-256 of the PDF and the JSON snapshot, moving the progress the staff page shows. A failure
/// marks the version failed (staff may ask again); it is not retried on its own.
/// </summary>
public sealed class ReportGenerator(
    AppDbContext db,
    ReportBuilder builder,
    ReportPdf pdf,
    TimeProvider clock,
    IServiceScopeFactory scopes,
    ILogger<ReportGenerator> logger)
{
    private static readonly JsonSerializerOptions SnapshotJson = new() { WriteIndented = false };

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(Guid reportId, CancellationToken ct)
    {
        var report = await db.MonitoringReports.SingleOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null || report.Status is ReportStatus.Ready or ReportStatus.Failed)
        {
            return; // already done (a duplicate enqueue) or given up
        }

        try
        {
            report.Start();
            await db.SaveChangesAsync(ct);

            var content = await builder.BuildAsync(report, clock.GetUtcNow(), ct);
            await StepAsync(report, 40, "Impaginazione", ct);

            var output = await ProduceAsync(pdf, content, ct);
            await StepAsync(report, 95, "Archiviazione", ct);

            var file = report.Complete(output.Pdf, output.DataZip, output.Xlsx, output.Snapshot, clock.GetUtcNow());
            db.MonitoringReportFiles.Add(file);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Monitoring report {ReportId} failed", reportId);
            await FailAsync(reportId, e is DomainException d ? d.Message : "Errore durante la preparazione del rapporto. Riprova; se succede ancora, contatta l'assistenza.");
        }
    }

    /// <summary>
    /// Everything a version stores, from its content: the PDF and, while Chromium prints it, the data
    /// downloads and the snapshot (they need no browser, so they run beside it on the other core).
    /// The benchmark B7 times exactly this (scripts/bench/ReportScenario.cs).
    /// </summary>
    public static async Task<ReportOutput> ProduceAsync(ReportPdf pdf, ReportContent content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(content);
        var printing = pdf.RenderAsync(content, ct);
        var tables = content.Tables;
        var data = Task.Run(() => (Zip: ExportZip.Csv(tables), Xlsx: XlsxFile.Write(tables), Snapshot: JsonSerializer.Serialize(content, SnapshotJson)), ct);
        await Task.WhenAll(printing, data);
        var (zip, xlsx, snapshot) = await data;
        return new ReportOutput(await printing, zip, xlsx, snapshot);
    }

    private async Task StepAsync(MonitoringReport report, int percent, string step, CancellationToken ct)
    {
        report.Progress(percent, step);
        await db.SaveChangesAsync(ct);
    }

    private async Task FailAsync(Guid reportId, string reason)
    {
        // A fresh context: the job's own may hold the change that failed.
        await using var scope = scopes.CreateAsyncScope();
        var fresh = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = await fresh.MonitoringReports.SingleAsync(r => r.Id == reportId);
        if (report.Status is ReportStatus.Queued or ReportStatus.Generating)
        {
            report.Fail(reason);
            await fresh.SaveChangesAsync();
        }
    }
}

/// <summary>The files and the snapshot of one report version, before they are stored.</summary>
public sealed record ReportOutput(byte[] Pdf, byte[] DataZip, byte[] Xlsx, string Snapshot);
