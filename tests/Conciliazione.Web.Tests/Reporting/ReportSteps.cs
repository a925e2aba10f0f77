using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Reporting;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>Shared steps of the report tests: ask for a version as staff and wait for the job to finish it.</summary>
public static class ReportSteps
{
    public static async Task<Guid> RequestAsync(PortalFactory factory, string period = "2018-S1", Guid? by = null)
    {
        Assert.True(ReportPeriod.TryParse(period, out var p));
        var staff = by ?? (await TestAccounts.CreateAsync(factory, Roles.Staff)).Id;
        await using var scope = factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportRequests>()
            .RequestAsync(CastellanzaPlan.AllianceId, CastellanzaPlan.CurrentProjectId, p, staff, TestContext.Current.CancellationToken);
        return report.Id;
    }

    /// <summary>Waits (generously: Chromium on 2 busy cores) until the job has finished the version, ready or failed.</summary>
    public static async Task<MonitoringReport> WaitFinishedAsync(PortalFactory factory, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var report = await factory.WithDbAsync(db => db.MonitoringReports.AsNoTracking().SingleAsync(r => r.Id == id));
            if (report.Status is ReportStatus.Ready or ReportStatus.Failed)
            {
                return report;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Report {id} still {report.Status} ({report.ProgressPercent}% {report.ProgressStep})");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<MonitoringReport> GenerateAsync(PortalFactory factory, string period = "2018-S1")
    {
        var report = await WaitFinishedAsync(factory, await RequestAsync(factory, period));
        Assert.True(report.Status == ReportStatus.Ready, $"report failed: {report.FailureReason}");
        return report;
    }

    public static Task<MonitoringReportFile> FileAsync(PortalFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.MonitoringReportFiles.AsNoTracking().SingleAsync(f => f.ReportId == id));
}
