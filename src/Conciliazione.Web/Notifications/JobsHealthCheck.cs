using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// /health/ready "jobs": when this instance runs workers, its Hangfire server must have sent a
/// heartbeat within the last minute (Hangfire's monitoring API). Instances without workers report
/// healthy and say so.
/// </summary>
public sealed class JobsHealthCheck(JobStorage storage, IOptions<JobsOptions> options, JobServerName server, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Workers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Nessun lavoratore su questa istanza (Portal:Jobs:Workers=false)"));
        }

        try
        {
            var mine = storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(server.Value, StringComparison.Ordinal));
            if (mine?.Heartbeat is not { } heartbeat)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("Il server dei lavori non è registrato"));
            }

            var age = clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(heartbeat, DateTimeKind.Utc);
            return Task.FromResult(age <= MaxHeartbeatAge
                ? HealthCheckResult.Healthy($"{mine.WorkersCount} lavoratori, ultimo segnale {age.TotalSeconds:0} s fa")
                : HealthCheckResult.Unhealthy("Il server dei lavori non dà segni di vita da " + age.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " s"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Archivio dei lavori non raggiungibile", e));
        }
    }
}

/// <summary>This instance's Hangfire server name (machine, process, a random part), for the health check.</summary>
public sealed class JobServerName
{
    public string Value { get; } = $"conciliazione-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}".ToLowerInvariant();
}
