using Conciliazione.Domain;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Reporting;

/// <summary>Asks for a new report version and hands it to the background job (issue 16, ADR 0110).</summary>
public sealed class ReportRequests(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>
    /// Stores a queued version (the next number for the project and period) and enqueues its job.
    /// Throws <see cref="DomainException"/> when one of the same period is already queued or generating.
    /// </summary>
    public async Task<MonitoringReport> RequestAsync(Guid allianceId, Guid projectId, ReportPeriod period, Guid by, CancellationToken ct)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId && p.AllianceId == allianceId, ct)
            ?? throw new DomainException("Progetto non trovato.");
        var key = period.Key;
        if (await db.MonitoringReports.AnyAsync(r => r.ProjectId == projectId && r.PeriodKey == key && (r.Status == ReportStatus.Queued || r.Status == ReportStatus.Generating), ct))
        {
            throw new DomainException(MonitoringReport.InProgressMessage);
        }

        var version = 1 + (await db.MonitoringReports.Where(r => r.ProjectId == projectId && r.PeriodKey == key).MaxAsync(r => (int?)r.Version, ct) ?? 0);
        var report = MonitoringReport.Request(project, period, version, clock.GetUtcNow(), by);
        db.MonitoringReports.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two staff asked at the same instant: the other one's request is the job.
            throw new DomainException(MonitoringReport.InProgressMessage);
        }

        jobs.Enqueue<ReportGenerator>(g => g.RunAsync(report.Id, CancellationToken.None));
        return report;
    }
}
