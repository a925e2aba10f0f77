using System.Globalization;
using Conciliazione.Generator;
using Npgsql;

/// <summary>
/// Scenario "gen": the region-size dataset of src/Conciliazione.Generator (ADR 0152) generated, or reused when
/// the database of its seed and size (bench_s42_1m) already holds it; prints what it holds and its checksums.
/// BENCH_DATA_SEED (42), BENCH_DATA_SIZE (1,000,000 applications).
/// </summary>
internal static class GenScenario
{
    public static async Task<int> RunAsync(string server)
    {
        var (seed, size) = Settings();
        Console.WriteLine("== Conciliazione benchmark: gen (region-size dataset) ==");
        var dataset = await RegionGenerator.EnsureAsync(server, seed, size, Console.Out);
        foreach (var (table, checksum) in await RegionGenerator.ChecksumsAsync(dataset.ConnectionString))
        {
            Console.WriteLine($"   checksum {table}: {checksum}");
        }

        NpgsqlConnection.ClearAllPools();
        Console.WriteLine($"dataset size: {dataset.Counts} ({dataset.Database}, {(dataset.Reused ? "reused" : "generated")} in {dataset.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        return 0;
    }

    /// <summary>The dataset's seed and size, from BENCH_DATA_SEED and BENCH_DATA_SIZE.</summary>
    public static (int Seed, int Size) Settings() => (
        int.Parse(Environment.GetEnvironmentVariable("BENCH_DATA_SEED") ?? "42", CultureInfo.InvariantCulture),
        int.Parse(Environment.GetEnvironmentVariable("BENCH_DATA_SIZE") ?? "1000000", CultureInfo.InvariantCulture));
}
