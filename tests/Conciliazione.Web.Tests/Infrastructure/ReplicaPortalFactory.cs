using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// The portal with <c>ConnectionStrings:ReadReplica</c> set (ADR 0148) to a second database of the test server,
/// connected as a role that may only SELECT. The "replica" holds what <see cref="SnapshotAsync"/> last copied from
/// the primary, as a paused streaming replica would, and tests may change it on its own to tell the two apart.
/// <see cref="Lag"/> stands in for the replica's lag when a test sets it; otherwise PostgreSQL's figures are read.
/// </summary>
public class ReplicaPortalFactory : PortalFactory
{
    public const string ReplicaRole = "conciliazione_replica_test";

    private readonly TestDatabase replica = new();

    public SettableReplicaLag Lag { get; } = new();

    /// <summary>The replica database as the server's owner (to change what it holds in a test).</summary>
    public string ReplicaConnectionString => replica.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:ReadReplica",
            new NpgsqlConnectionStringBuilder(replica.ConnectionString) { Username = ReplicaRole, Password = null }.ConnectionString);
        builder.ConfigureServices(services => services.AddSingleton<IReplicaLag>(Lag));
    }

    public override async ValueTask InitializeAsync()
    {
        await replica.CreateAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase(replica.ConnectionString).Options;
        await using (var db = new AppDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        await using (var conn = new NpgsqlConnection(replica.ConnectionString))
        {
            await conn.OpenAsync();
            await using var grant = new NpgsqlCommand($"""
                DO $$ BEGIN CREATE ROLE {ReplicaRole} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
                GRANT USAGE ON SCHEMA public TO {ReplicaRole};
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ReplicaRole};
                """, conn);
            await grant.ExecuteNonQueryAsync();
        }

        await base.InitializeAsync();
    }

    /// <summary>Copies every table of the primary into the replica (emptied first), as it stands now.</summary>
    public async Task SnapshotAsync()
    {
        await using var source = new NpgsqlConnection(ConnectionString);
        await using var target = new NpgsqlConnection(replica.ConnectionString);
        await source.OpenAsync();
        await target.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY 1", source))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        // As a superuser with replication role "replica": no trigger or foreign key check fires while copying.
        await using (var truncate = new NpgsqlCommand($"SET session_replication_role = replica; TRUNCATE {string.Join(", ", tables)}", target))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        foreach (var table in tables)
        {
            await using var from = await source.BeginRawBinaryCopyAsync($"COPY {table} TO STDOUT (FORMAT BINARY)");
            await using var to = await target.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
            await from.CopyToAsync(to);
        }
    }

    /// <summary>Runs SQL on the replica database only.</summary>
    public async Task OnReplicaAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(replica.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await replica.DropAsync();
    }
}

/// <summary>The replica's lag as a test sets it; unset, what PostgreSQL says.</summary>
public sealed class SettableReplicaLag : IReplicaLag
{
    private readonly PostgresReplicaLag real = new();

    /// <summary>The lag to report (the replica a standby that received newer WAL than it replayed); null: ask the server.</summary>
    public TimeSpan? Given { get; set; }

    public async Task<ReplicaState> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        var state = await real.ReadAsync(db, ct);
        return Given is { } lag ? new ReplicaState(true, state.Now, state.Now - lag, CaughtUp: false) : state;
    }
}
