using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Conciliazione.Domain.Data;
using Conciliazione.Generator;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Scenario "referent" (B3 in ../shared/quality/BENCHMARKS.md, ADR 0105): on the region-size dataset of the
/// generator (scenario "gen", ADR 0152: 30 alliances, about 600 municipalities, BENCH_DATA_SIZE applications,
/// 1,000,000 by default; generated, or reused when the cluster already holds it), the municipal referent's
/// dashboard (<see cref="MunicipalityDashboard.LoadAsync"/>) timed for the largest and a mid-size
/// municipality, beside the same SQL alone: the dashboard's own Npgsql commands
/// (<see cref="MunicipalityDashboard.Queries"/>) and any command EF sent during a warm-up call (captured by
/// an interceptor), replayed through raw Npgsql. The dashboard reads the summary of ADR 0110: it is rebuilt
/// once (timed) first, as the recurring job does (the summary tables are derived: the dataset's checksums
/// do not read them).
/// </summary>
internal static class ReferentScenario
{
    private const int Alliances = 30;
    private const int CallsPerAlliance = 4;
    private const int Calls = 200;
    private const double TargetRatio = 3.0;
    private const double TargetMs = 20.0;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string server)
    {
        Console.WriteLine("== Conciliazione benchmark: referent (B3) ==");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemoryGb()} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        var (seed, size) = GenScenario.Settings();
        var dataset = await RegionGenerator.EnsureAsync(server, seed, size, Console.Out);
        var connectionString = new NpgsqlConnectionStringBuilder(dataset.ConnectionString) { CommandTimeout = 1800 }.ConnectionString;
        var capture = new CommandCapture();
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext>(o => o.UsePortalDatabase(connectionString).AddInterceptors(capture));
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditLog>();
        services.AddScoped<IndicatorBoard>();
        services.AddScoped<MunicipalityDashboard>();
        services.AddScoped<ReferentSummary>();
        services.AddLogging();
        services.AddReadDatabase(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()); // no replica: the primary
        await using var provider = services.BuildServiceProvider();

        var failures = new List<string>();
        try
        {
            Console.WriteLine($"postgres: {await ScalarAsync<string>(connectionString, "SHOW server_version")}");
            Console.WriteLine($"size: {dataset.Counts} ({dataset.Database}, seed {seed.ToString(Invariant)}, {(dataset.Reused ? "reused" : "generated")} in {Seconds(dataset.Elapsed)})");
            var generated = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM applications");
            Check(generated == size, $"applications in the dataset = BENCH_DATA_SIZE ({generated.ToString("N0", Invariant)})", failures);

            // The dashboard reads the summary the recurring job rebuilds every 10 minutes (ADR 0110): one rebuild, timed.
            var refresh = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ReferentSummary>().RefreshAsync(CancellationToken.None);
            }

            Console.WriteLine($"summary rebuild (ReferentSummary.RefreshAsync, the recurring job): {Seconds(refresh.Elapsed)}; {await ScalarAsync<string>(connectionString, "SELECT format('%s application cells, %s grant cells', (SELECT count(*) FROM referent_application_cells), (SELECT count(*) FROM referent_grant_cells))")}");
            var today = DateOnly.FromDateTime(RomeTime.ToRome(DateTimeOffset.UtcNow).DateTime);
            foreach (var (label, municipality) in await ChosenAsync(connectionString))
            {
                Console.WriteLine();
                Console.WriteLine($"-- {label}: {municipality.Name} ({municipality.Applications.ToString("N0", Invariant)} applications, alliance {municipality.AllianceName})");
                await MeasureAsync(provider, connectionString, capture, municipality, today, failures);
            }
        }
        finally
        {
            // The dataset stays: the next run of "gen" or "referent" reuses it.
            NpgsqlConnection.ClearAllPools();
        }

        Console.WriteLine();
        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures)
        {
            Console.WriteLine("  " + f);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private sealed record Municipality(Guid Id, Guid AllianceId, string Name, string AllianceName, long Applications);

    private static async Task MeasureAsync(ServiceProvider provider, string connectionString, CommandCapture capture, Municipality m, DateOnly today, List<string> failures)
    {
        // Warm-up call: also captures the SQL EF sends, to replay it alone.
        capture.Start();
        MunicipalityDashboardData? first = null;
        var implemented = true;
        try
        {
            await using var scope = provider.CreateAsyncScope();
            first = await scope.ServiceProvider.GetRequiredService<MunicipalityDashboard>().LoadAsync(m.AllianceId, m.Id, today, CancellationToken.None);
        }
        catch (NotImplementedException)
        {
            implemented = false;
        }

        var commands = capture.Stop();
        if (implemented)
        {
            Check(first!.Applications == m.Applications, $"dashboard's applications of {m.Name} = SQL count ({first.Applications.ToString("N0", Invariant)} vs {m.Applications.ToString("N0", Invariant)})", failures);
            var grants = await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM grants g JOIN applications a ON a.id = g.application_id WHERE a.residence_municipality_id = '{m.Id}' AND g.alliance_id = '{m.AllianceId}' AND g.status = 'Active'");
            Check(first.Grants == grants, $"dashboard's active grants of {m.Name} = SQL count ({first.Grants.ToString("N0", Invariant)} vs {grants.ToString("N0", Invariant)})", failures);
            var dashboard = await TimeAsync(async () =>
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MunicipalityDashboard>().LoadAsync(m.AllianceId, m.Id, today, CancellationToken.None);
            });
            // The dashboard's own Npgsql commands (MunicipalityDashboard.Queries: what LoadAsync sends, in order)
            // do not go through EF's interceptors; then anything EF sent during the warm-up (nothing, today).
            var raw = MunicipalityDashboard.Queries(m.AllianceId, m.Id);
            var sqlAlone = await ReplayAsync(connectionString, raw, commands);
            Print("dashboard (MunicipalityDashboard.LoadAsync, new scope each call)", dashboard);
            Print($"the same SQL alone ({raw.Count + commands.Count} commands replayed through Npgsql: the dashboard's {raw.Count} in one batch + {commands.Count} captured from EF)", sqlAlone);
            var ratio = Percentile(dashboard, 0.95) / Math.Max(0.001, Percentile(sqlAlone, 0.95));
            var met = ratio <= TargetRatio && Percentile(dashboard, 0.95) < TargetMs;
            Console.WriteLine($"   target: p95 <= {TargetRatio.ToString("F0", Invariant)}x the SQL alone and < {TargetMs.ToString("F0", Invariant)} ms: {ratio.ToString("F2", Invariant)}x, {Ms(Percentile(dashboard, 0.95))} -> {(met ? "met" : "NOT met")}");
            Console.WriteLine($"B3 {m.Name}: dashboard p95 {Ms(Percentile(dashboard, 0.95)).Trim()}, SQL alone p95 {Ms(Percentile(sqlAlone, 0.95)).Trim()}, ratio {ratio.ToString("F2", Invariant)}x target <= {TargetRatio.ToString("F0", Invariant)}x and < {TargetMs.ToString("F0", Invariant)} ms {(met ? "met" : "NOT met")}");
        }
        else
        {
            Console.WriteLine("   dashboard (MunicipalityDashboard.LoadAsync): not implemented yet");
        }

        // A representative aggregate of our own over the same rows: counts by call and status for the
        // municipality, served by the residence index (residence_municipality_id, call_id, status).
        // (The municipality belongs to one alliance: no alliance_id filter, so the index alone answers.)
        const string Representative = """
            SELECT a.call_id, a.status, count(*) FROM applications a
            WHERE a.residence_municipality_id = @m AND a.status <> 'Draft'
            GROUP BY a.call_id, a.status
            """;
        var representative = await ReplayAsync(connectionString, [], [new CapturedCommand(Representative, [new NpgsqlParameter("m", m.Id)])]);
        Print("representative SQL alone (counts by call and status, residence index)", representative);
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var explain = new NpgsqlCommand("EXPLAIN " + Representative, conn);
            explain.Parameters.Add(new NpgsqlParameter("m", m.Id));
            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0).Trim());
            }

            Console.WriteLine($"   its plan: {string.Join(" / ", plan.Where(l => !l.StartsWith("Filter", StringComparison.Ordinal)))}");
        }
    }

    private static async Task<List<double>> TimeAsync(Func<Task> action)
    {
        var times = new List<double>(Calls);
        for (var i = 0; i < Calls; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    /// <summary>
    /// Runs the dashboard's own queries as the one batch it sends (if any), then the captured commands in order, on one
    /// pooled connection per call (as EF does), reading every value of every row.
    /// </summary>
    private static Task<List<double>> ReplayAsync(string connectionString, IReadOnlyList<DashboardQuery> batched, IReadOnlyList<CapturedCommand> commands) => TimeAsync(async () =>
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        if (batched.Count > 0)
        {
            await using var batch = MunicipalityDashboard.Batch(batched, conn);
            await using var reader = await batch.ExecuteReaderAsync();
            do
            {
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync())
                {
                    reader.GetValues(values);
                }
            }
            while (await reader.NextResultAsync());
        }

        foreach (var c in commands)
        {
            await using var cmd = new NpgsqlCommand(c.Sql, conn);
            foreach (var p in c.Parameters)
            {
                cmd.Parameters.Add(p.Clone());
            }

            await using var reader = await cmd.ExecuteReaderAsync();
            do
            {
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync())
                {
                    reader.GetValues(values);
                }
            }
            while (await reader.NextResultAsync());
        }
    });

    private static void Print(string what, List<double> times) =>
        Console.WriteLine($"   {what,-78} p50 {Ms(Percentile(times, 0.50))}  p95 {Ms(Percentile(times, 0.95))}  p99 {Ms(Percentile(times, 0.99))}  ({times.Count} calls)");

    private static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double ms) => ms.ToString("F2", Invariant).PadLeft(8) + " ms";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", Invariant) + " s";

    /// <summary>The municipality with the most applications and the median one among those with any.</summary>
    private static async Task<List<(string, Municipality)>> ChosenAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT m.id, m.alliance_id, m.name, al.name, c.n FROM
              (SELECT residence_municipality_id AS id, count(*) AS n FROM applications WHERE status <> 'Draft' GROUP BY 1) c
            JOIN municipalities m ON m.id = c.id JOIN alliances al ON al.id = m.alliance_id
            ORDER BY c.n DESC, m.id
            """, conn);
        var all = new List<Municipality>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                all.Add(new Municipality(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
            }
        }

        return [("largest municipality", all[0]), ("mid-size municipality (median)", all[all.Count / 2])];
    }

    private static void Check(bool ok, string what, List<string> failures)
    {
        Console.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
        if (!ok)
        {
            failures.Add(what);
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static string MemoryGb()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is null ? "?" : (long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
    }
}

/// <summary>A command EF sent: its text and a copy of its parameters, to replay through raw Npgsql.</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>Collects the commands EF sends between <see cref="Start"/> and <see cref="Stop"/> (the warm-up call).</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    private readonly object gate = new();
    private List<CapturedCommand>? commands;

    public void Start()
    {
        lock (gate)
        {
            commands = [];
        }
    }

    public IReadOnlyList<CapturedCommand> Stop()
    {
        lock (gate)
        {
            var result = commands ?? [];
            commands = null;
            return result;
        }
    }

    private void Add(DbCommand command)
    {
        lock (gate)
        {
            commands?.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Add(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
