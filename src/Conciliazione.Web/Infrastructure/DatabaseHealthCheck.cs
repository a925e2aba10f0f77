using Conciliazione.Domain.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conciliazione.Web.Infrastructure;

/// <summary>/health/ready: the portal is useful only while PostgreSQL answers.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("PostgreSQL non raggiungibile");
}
