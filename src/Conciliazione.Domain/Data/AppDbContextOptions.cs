using Microsoft.EntityFrameworkCore;

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
                npgsql.EnableRetryOnFailure(3);
            })
            .UseSnakeCaseNamingConvention();
        return options;
    }
}
