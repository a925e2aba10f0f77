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

    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;

    public async Task CreateAsync()
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
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
