using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Domain.Data;

public static class AppDbContextOptions
{
    /// <summary>The one place that says how the portal talks to PostgreSQL.</summary>
    public static TBuilder UsePortalDatabase<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options
            .UseNpgsql(connectionString, npgsql =>
            {
                npgsql.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName);
                // Reads and units of work retried on transient failures (PortalExecutionStrategy, ADR 0144).
                npgsql.ExecutionStrategy(d => new PortalExecutionStrategy(d));
            })
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>
    /// The pooling the portal's requests run with, unless the connection string says otherwise: a
    /// pooled connection is not reset (<c>DISCARD ALL</c>) when it goes back to the pool, and the 50
    /// statements used most on a connection are prepared once (ADR 0127). Not for migrations: a
    /// schema change would invalidate prepared statements.
    /// </summary>
    public static string ForRequests(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 50;
        }

        return tuned.ConnectionString;
    }
}
