using System.Data.Common;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Conciliazione.Web.Infrastructure;

/// <summary>The <c>Portal:ReadReplica</c> section: when a reader is told the figures lag, and when the replica is skipped.</summary>
public sealed class ReadReplicaOptions
{
    public const string Section = "Portal:ReadReplica";

    /// <summary>Lag beyond which pages read from the replica say the figures may miss the latest changes.</summary>
    public TimeSpan LagNotice { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lag beyond which the replica is not used at all: the reads go to the primary (live figures, no notice).</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// The options of the read-only context on <c>ConnectionStrings:ReadReplica</c> (ADR 0148), or none when that
/// connection string is absent. One per process, like the primary's.
/// </summary>
public sealed class ReadReplicaConnection
{
    public const string Name = "ReadReplica";

    private readonly DbContextOptions<AppDbContext>? options;

    public ReadReplicaConnection(string? connectionString, ILoggerFactory loggerFactory)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        options = new DbContextOptionsBuilder<AppDbContext>()
            .UsePortalDatabase(ReadOnly(AppDbContextOptions.ForRequests(connectionString)))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .UseLoggerFactory(loggerFactory)
            .AddInterceptors(new RefuseWrites())
            .Options;
    }

    public bool IsConfigured => options is not null;

    /// <summary>A new context on the replica (the caller disposes it).</summary>
    public AppDbContext CreateContext() =>
        new(options ?? throw new InvalidOperationException("ConnectionStrings:ReadReplica is not configured."));

    /// <summary>
    /// Every session on the read connection starts read-only (<c>default_transaction_read_only</c>), so the
    /// replica path cannot write even when it points at a writable server (a primary, a test database).
    /// </summary>
    public static string ReadOnly(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        const string readOnly = "-c default_transaction_read_only=on";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? readOnly : builder.Options + " " + readOnly;
        return builder.ConnectionString;
    }

    /// <summary>The read context never saves: a write belongs on the primary's <see cref="AppDbContext"/>.</summary>
    private sealed class RefuseWrites : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw new InvalidOperationException("The read replica's context is read-only: save through the primary's AppDbContext.");

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The read replica's context is read-only: save through the primary's AppDbContext.");
    }
}

/// <summary>
/// The database heavy reads go to (dashboards, exports, report generation; ADR 0148): the streaming replica
/// of <c>ConnectionStrings:ReadReplica</c> when it is configured, answers and is at most
/// <see cref="ReadReplicaOptions.MaxLag"/> behind; otherwise the request's own <see cref="AppDbContext"/> on
/// the primary, as before. Writes never come here. <see cref="Freshness"/> says which one served and how
/// fresh its data are, for the page to show.
/// </summary>
/// <remarks>
/// The choice is made once per scope, at the first <see cref="GetAsync"/>, with one query on the replica
/// (<see cref="IReplicaLag"/>); without a replica nothing is asked. A replica that does not answer is not an
/// outage for the reader: the primary serves, and the failure is logged.
/// </remarks>
public sealed class ReadDatabase(
    AppDbContext primary,
    ReadReplicaConnection replica,
    IReplicaLag lag,
    IOptions<ReadReplicaOptions> options,
    TimeProvider clock,
    ILogger<ReadDatabase> logger) : IAsyncDisposable, IDisposable
{
    private AppDbContext? chosen;
    private AppDbContext? replicaContext;

    /// <summary>Where the reads of this scope came from; null until <see cref="GetAsync"/> was called.</summary>
    public ReadFreshness? Freshness { get; private set; }

    /// <summary>The lag beyond which pages show the notice (<see cref="ReadReplicaOptions.LagNotice"/>).</summary>
    public TimeSpan LagNotice => options.Value.LagNotice;

    /// <summary>What the <c>_ReadFreshness</c> partial needs.</summary>
    public ReadFreshnessView View(bool showAsOf = true) => new(Freshness, LagNotice, showAsOf);

    /// <summary>The context to read with: queries only (the replica's refuses to save), no tracking on the replica.</summary>
    public async Task<AppDbContext> GetAsync(CancellationToken ct)
    {
        if (chosen is not null)
        {
            return chosen;
        }

        if (!replica.IsConfigured)
        {
            Freshness = ReadFreshness.Primary(clock.GetUtcNow());
            return chosen = primary;
        }

        replicaContext = replica.CreateContext();
        ReplicaState state;
        try
        {
            state = await lag.ReadAsync(replicaContext, ct);
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Read replica unavailable: reading from the primary");
            Freshness = ReadFreshness.Primary(clock.GetUtcNow(), fellBack: true);
            return chosen = primary;
        }

        if (state.Lag > options.Value.MaxLag)
        {
            logger.LogWarning("Read replica {LagSeconds:F0} s behind (over {MaxLagSeconds:F0} s): reading from the primary",
                Math.Min(state.Lag.TotalSeconds, int.MaxValue), options.Value.MaxLag.TotalSeconds);
            Freshness = ReadFreshness.Primary(clock.GetUtcNow(), fellBack: true);
            return chosen = primary;
        }

        Freshness = new ReadFreshness(true, state.AsOf, state.Lag);
        return chosen = replicaContext;
    }

    public async ValueTask DisposeAsync()
    {
        if (replicaContext is not null)
        {
            await replicaContext.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>For scopes disposed synchronously (a <c>using</c> scope, some job activators).</summary>
    public void Dispose()
    {
        replicaContext?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public static class ReadDatabaseRegistration
{
    /// <summary>Registers <see cref="ReadDatabase"/> and the replica's options from <c>ConnectionStrings:ReadReplica</c> (absent: the primary).</summary>
    public static IServiceCollection AddReadDatabase(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ReadReplicaOptions>(config.GetSection(ReadReplicaOptions.Section));
        services.AddSingleton(sp => new ReadReplicaConnection(config.GetConnectionString(ReadReplicaConnection.Name), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IReplicaLag, PostgresReplicaLag>();
        services.AddScoped<ReadDatabase>();
        return services;
    }
}
