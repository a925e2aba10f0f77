using Npgsql;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL database on the test server that scripts/test.sh starts
/// (CONCILIAZIONE_TEST_PG). One per test class; dropped at the end.
/// </summary>
public sealed class TestDatabase
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("CONCILIAZIONE_TEST_PG")
        ?? "Host=127.0.0.1;Port=55432;Username=postgres";

    public string Name { get; } = "conciliazione_test_" + Guid.NewGuid().ToString("N");

    /// <summary>The portal's runtime role (ADR 0035): data read/write, audit trail INSERT/SELECT only. Shared by all test databases.</summary>
    public const string RuntimeRole = "conciliazione_runtime_test";

    /// <summary>As the server's owner (superuser): migrations, Respawn, direct SQL in tests.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;

    /// <summary>As the runtime role, as the portal connects in production (the test server trusts local connections).</summary>
    public string RuntimeConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name, Username = RuntimeRole, Password = null }.ConnectionString;

    public async Task CreateAsync()
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        // Test classes start in parallel: a concurrent CREATE ROLE may fail either way.
        await using var role = new NpgsqlCommand(
            $"DO $$ BEGIN CREATE ROLE {RuntimeRole} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$", conn);
        await role.ExecuteNonQueryAsync();
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
