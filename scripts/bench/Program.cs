using System.Diagnostics;
using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// The portal's benchmark (scripts/bench.sh, docs/operations.md). Scenario "grants": a closed call
// with N decided applications generated set-based in PostgreSQL, then the ranking SQL read alone,
// the ranking preview, the freeze, the publication and the funding run, each timed; then the
// correctness checks. Exit code 1 only when a check fails (committed over budget, an application
// granted twice, ledger and grants apart); a time over the target is printed, not failed.
var invariant = CultureInfo.InvariantCulture;
var scenario = args.Length > 0 ? args[0] : "grants";
if (scenario == "report")
{
    // B7: a 50-page ATS monitoring report, warm, beside the same HTML printed alone (ReportScenario.cs, ADR 0118). No database.
    return await ReportScenario.RunAsync(
        int.Parse(Environment.GetEnvironmentVariable("BENCH_SIZE") ?? "1180", invariant),
        double.Parse(Environment.GetEnvironmentVariable("BENCH_SEED") ?? "0.42", invariant),
        int.Parse(Environment.GetEnvironmentVariable("BENCH_RUNS") ?? "10", invariant));
}

if (scenario == "drill-kill")
{
    // The kill-instance drill through nginx, on the cluster scripts/drills/kill-instance.sh started (KillInstanceDrill.cs, ADR 0141).
    return await KillInstanceDrill.RunAsync(
        new Uri(Environment.GetEnvironmentVariable("DRILL_URL") ?? throw new InvalidOperationException("DRILL_URL is not set: run scripts/drills/kill-instance.sh.")),
        Environment.GetEnvironmentVariable("DRILL_DB") ?? throw new InvalidOperationException("DRILL_DB is not set: run scripts/drills/kill-instance.sh."),
        int.Parse(Environment.GetEnvironmentVariable("DRILL_KILL_PID") ?? "0", invariant),
        double.Parse(Environment.GetEnvironmentVariable("DRILL_RATE") ?? "2", invariant),
        ClickDayDuration(Environment.GetEnvironmentVariable("DRILL_DURATION") ?? "60s"),
        ClickDayDuration(Environment.GetEnvironmentVariable("DRILL_KILL_AFTER") ?? "20s"),
        TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("DRILL_TIMEOUT") ?? "30", invariant)));
}

var server = Environment.GetEnvironmentVariable("BENCH_PG")
    ?? throw new InvalidOperationException("BENCH_PG (a PostgreSQL superuser connection string) is not set: run scripts/bench.sh.");
if (scenario == "gen")
{
    // The region-size dataset, generated or reused (GenScenario.cs, ADR 0152).
    return await GenScenario.RunAsync(server);
}

if (scenario == "referent")
{
    // B3: the municipal referent's dashboard on the region-size dataset of "gen" (ReferentScenario.cs, ADR 0105, ADR 0152).
    return await ReferentScenario.RunAsync(server);
}

if (scenario == "b1")
{
    // B1 and the public pages under wrk beside their raw-Npgsql limit in the same process (PublicScenario.cs, ADR 0128).
    return await PublicScenario.RunAsync(server, Environment.GetEnvironmentVariable("BENCH_DURATION") ?? "10s");
}

if (scenario == "b2")
{
    // B2: the staff ranking page, page 1 and page 200 by keyset (RankingPageScenario.cs, ADR 0131).
    return await RankingPageScenario.RunAsync(server,
        int.Parse(Environment.GetEnvironmentVariable("BENCH_B2_SIZE") ?? "41000", invariant),
        double.Parse(Environment.GetEnvironmentVariable("BENCH_SEED") ?? "0.42", invariant),
        int.Parse(Environment.GetEnvironmentVariable("BENCH_B2_RUNS") ?? "50", invariant));
}

if (scenario == "b5")
{
    // B5: 16 staff granting on one call through the portal beside the bare SQL through pgbench (GrantApprovalScenario.cs, ADR 0132).
    return await GrantApprovalScenario.RunAsync(server,
        int.Parse(Environment.GetEnvironmentVariable("BENCH_B5_SIZE") ?? "6000", invariant),
        double.Parse(Environment.GetEnvironmentVariable("BENCH_SEED") ?? "0.42", invariant),
        int.Parse(Environment.GetEnvironmentVariable("BENCH_B5_SECONDS") ?? "15", invariant));
}

if (scenario is "drill-pg-restart" or "drill-out-of-disk")
{
    // The fault drills, run by scripts/drills/pg-restart.sh and out-of-disk.sh (DrillScenario.cs, ADR 0145, 0146).
    return await DrillScenario.RunAsync(scenario["drill-".Length..], server);
}

if (scenario == "b4")
{
    // B4: the click day, real HTTP against the real portal and the test OpenID provider (ClickDayScenario.cs, ADR 0134).
    return await ClickDayScenario.RunAsync(server,
        double.Parse(Environment.GetEnvironmentVariable("BENCH_RATE") ?? "100", invariant),
        ClickDayDuration(Environment.GetEnvironmentVariable("BENCH_DURATION") ?? "5m"),
        TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_TIMEOUT") ?? "30", invariant)));
}

var size = int.Parse(Environment.GetEnvironmentVariable("BENCH_SIZE") ?? "100000", invariant);
if (scenario != "grants")
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Scenarios: gen, b1, b2, referent (B3), b4, b5, grants (B6), report (B7), all (scripts/bench.sh)");
    return 2;
}

const double TargetSeconds = 5.0;
var database = "conciliazione_bench_" + Guid.NewGuid().ToString("N")[..8];
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
    await create.ExecuteNonQueryAsync();
}

var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 600 }.ConnectionString;
var services = new ServiceCollection();
services.AddDbContext<AppDbContext>(o => o.UsePortalDatabase(connectionString));
services.AddHttpContextAccessor();
services.AddSingleton(TimeProvider.System);
services.AddScoped<AuditLog>();
services.AddScoped<GrantsWork>();
await using var provider = services.BuildServiceProvider();

var failures = new List<string>();
try
{
    Console.WriteLine("== Conciliazione benchmark: grants ==");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemoryGb()} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    var setup = Stopwatch.StartNew();
    var (callId, budget) = await SeedAsync(provider, size);
    Console.WriteLine($"postgres: {await ScalarAsync<string>(connectionString, "SHOW server_version")}");
    Console.WriteLine($"size: {size.ToString("N0", invariant)} admitted applications on one call, budget {budget.ToString("N2", invariant)} EUR (set-based generation {setup.Elapsed.TotalSeconds.ToString("F1", invariant)} s)");

    // 1. The ranking in SQL alone: the rows the ranking needs, read in ranking order (ISEE ascending, without ISEE last, then time, then protocol).
    var rankingSql = Stopwatch.StartNew();
    var read = 0;
    await using (var conn = new NpgsqlConnection(connectionString))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT id, protocol_number, submitted_at, isee, household FROM applications
            WHERE call_id = @call AND status = 'Admitted'
            ORDER BY (isee->>'Value')::numeric NULLS LAST, submitted_at, protocol_number
            """, conn);
        cmd.Parameters.AddWithValue("call", callId);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            read++;
        }
    }

    rankingSql.Stop();

    // 2. The preview staff see (the same read through EF, ranked in C# by RankingOrder, with the walk).
    var preview = await TimeAsync(provider, async w =>
    {
        var call = await w.DbCallAsync(callId);
        return (await w.Work.PreviewAsync(call, CancellationToken.None)).Ranked.Count;
    });

    // 3-5. Freeze (snapshot rows), publish, funding run.
    var staffId = Guid.NewGuid();
    var freeze = await TimeAsync(provider, async w => await w.Work.FreezeAsync(callId, CastellanzaPlan.AllianceId, staffId, CancellationToken.None) ?? "ok");
    var publish = await TimeAsync(provider, async w => await w.Work.PublishAsync(callId, CastellanzaPlan.AllianceId, staffId, CancellationToken.None) ?? "ok");
    var run = await TimeAsync(provider, async w =>
    {
        var (result, error) = await w.Work.RunFundingAsync(callId, CastellanzaPlan.AllianceId, staffId, CancellationToken.None);
        return error ?? string.Create(invariant, $"{result!.Funded} funded ({result.Partial} partial), {result.Reserve} on the reserve list, {result.Committed:N2} EUR committed");
    });
    foreach (var (what, outcome) in new[] { ("freeze", freeze.Result), ("publish", publish.Result), ("funding run", run.Result) })
    {
        if (outcome is string s && s != "ok" && what != "funding run")
        {
            failures.Add($"{what} refused: {s}");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"ranking SQL alone (read {read.ToString("N0", invariant)} rows in order) {Seconds(rankingSql.Elapsed)}");
    Console.WriteLine($"ranking preview (EF read + rank + walk, {preview.Result})     {Seconds(preview.Elapsed)}");
    Console.WriteLine($"freeze (preview + snapshot rows)                  {Seconds(freeze.Elapsed)}");
    Console.WriteLine($"publish                                           {Seconds(publish.Elapsed)}");
    Console.WriteLine($"funding run ({run.Result})");
    Console.WriteLine($"                                                  {Seconds(run.Elapsed)}");
    var total = freeze.Elapsed + publish.Elapsed + run.Elapsed;
    Console.WriteLine($"rank and grant (freeze + publish + funding run)   {Seconds(total)}  target < {TargetSeconds.ToString("F1", invariant)} s: {(total.TotalSeconds < TargetSeconds ? "met" : "NOT met")}");
    Console.WriteLine($"B6: rank and grant {size.ToString("N0", invariant)} applications {total.TotalSeconds.ToString("F1", invariant)} s (ranking SQL alone {rankingSql.Elapsed.TotalSeconds.ToString("F1", invariant)} s) target < {TargetSeconds.ToString("F0", invariant)} s {(total.TotalSeconds < TargetSeconds ? "met" : "NOT met")}");

    // Correctness: what the database holds after the run.
    await using (var conn = new NpgsqlConnection(connectionString))
    {
        await conn.OpenAsync();
        var over = await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM calls WHERE committed > budget");
        var twice = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM (SELECT application_id FROM grants GROUP BY application_id HAVING count(*) > 1) d");
        var apart = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM calls c WHERE c.committed <> coalesce((SELECT sum(amount) FROM grants g WHERE g.call_id = c.id AND g.status = 'Active'), 0)");
        var funded = await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND status = 'Funded'");
        var grants = await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM grants WHERE call_id = '{callId}' AND status = 'Active'");
        var left = await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND status = 'Admitted'");
        Check(over == 0, "committed <= budget on every call", failures);
        Check(twice == 0, "no application granted twice", failures);
        Check(apart == 0, "committed = sum of active grants on every call", failures);
        Check(funded == grants && funded > 0, $"funded applications = active grants ({funded.ToString(invariant)})", failures);
        Check(left == 0, "no admitted application left behind by the run", failures);
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1")
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
foreach (var f in failures)
{
    Console.WriteLine("  " + f);
}

return failures.Count == 0 ? 0 : 1;

// "30s", "5m" or plain seconds.
static TimeSpan ClickDayDuration(string text) => text.EndsWith('m')
    ? TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture))
    : TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));

static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + " s";

static void Check(bool ok, string what, List<string> failures)
{
    Console.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
    if (!ok)
    {
        failures.Add(what);
    }
}

static string MemoryGb()
{
    var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
    var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    return kb is null ? "?" : (long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}

static async Task<T> ScalarAsync<T>(string connectionString, string sql)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, conn);
    return (T)(await cmd.ExecuteScalarAsync())!;
}

static async Task<(TimeSpan Elapsed, T Result)> TimeAsync<T>(IServiceProvider provider, Func<BenchScope, Task<T>> action)
{
    await using var scope = provider.CreateAsyncScope();
    var bench = new BenchScope(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<GrantsWork>());
    var watch = Stopwatch.StartNew();
    var result = await action(bench);
    return (watch.Elapsed, result);
}

/// <summary>Migrates, seeds the Castellanza plan, a closed call and <paramref name="size"/> admitted applications (set-based, in PostgreSQL).</summary>
static async Task<(Guid CallId, decimal Budget)> SeedAsync(IServiceProvider provider, int size)
{
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    await db.Database.MigrateAsync();
    await CastellanzaPlan.SeedAsync(db);
    var now = DateTimeOffset.UtcNow;
    // About half the applications are funded: 350 per child, one to three children (700 on average).
    var budget = size * 350m;
    var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId);
    var action = project.Actions.Single(a => a.Code == "B");
    // The benchmark's call is larger than the seeded plan's category D: the ledger is not what is measured.
    var call = Call.CreateDraft(CastellanzaPlan.AllianceId, project, action.Id,
        new CallDetails("BENCH-1", "Benchmark", "Bando per il benchmark.", now.AddDays(-30), now.AddDays(1), new DateOnly(2018, 1, 1), new DateOnly(2018, 12, 31), budget, AllowsOtherProvider: true),
        new VoucherBudget(budget, 0m, 0m), now, null);
    call.ReviseRules(new CallRules
    {
        ServiceTypes = [ServiceType.Micronido],
        Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = new DateOnly(2018, 9, 1), IseeCeiling = 40_000m },
        Amount = new AmountRule { RatePercent = 50m, CapPerChild = 350m },
        Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime, TieBreak.OlderChild], WhenShort = ShortfallPolicy.SkipToNextThatFits },
        Documents = [new RequiredDocument("Attestazione ISEE", true)],
        SelfDeclarations = ["di essere residente in uno dei comuni dell'alleanza"],
    });
    db.CallDocuments.Add(call.AttachDocument("bando.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray(), now));
    call.Publish(project, now, null);
    call.Freeze(now);
    call.Close(now);
    db.Calls.Add(call);
    var families = Enumerable.Range(0, 1000).Select(i => new ApplicationUser
    {
        Id = Guid.CreateVersion7(),
        UserName = $"famiglia-{i}@bench.example.org",
        NormalizedUserName = $"FAMIGLIA-{i}@BENCH.EXAMPLE.ORG",
        Email = $"famiglia-{i}@bench.example.org",
        NormalizedEmail = $"FAMIGLIA-{i}@BENCH.EXAMPLE.ORG",
        DisplayName = "Famiglia " + i.ToString(CultureInfo.InvariantCulture),
        SecurityStamp = Guid.NewGuid().ToString(),
        CreatedAt = now,
    }).ToList();
    db.Users.AddRange(families);
    var template = Application.StartDraft(CastellanzaPlan.AllianceId, call.Id, families[0].Id, new ApplicantSection { GivenName = "Famiglia", FamilyName = "Benchmark" }, now);
    template.UpdateHousehold(new HouseholdSection { Children = [new ChildEntry { GivenName = "Figlio", FamilyName = "Benchmark", FiscalCode = "BNCFGL16A01F205X", BirthDate = new DateOnly(2016, 1, 1) }] }, now);
    template.UpdateIsee(new IseeSection { HasIsee = true, Value = 10_000m, Type = IseeType.Ordinario }, now);
    db.Applications.Add(template);
    await db.SaveChangesAsync();

    // Every column copied from the template row, except those that make each application itself.
    var columns = await db.Database.SqlQuery<string>($"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = 'applications' AND table_schema = 'public' ORDER BY ordinal_position").ToListAsync();
    var year = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Year;
    var expressions = columns.Select(c => c switch
    {
        "id" => "gen_random_uuid()",
        "status" => "'Admitted'",
        "family_user_id" => "f.ids[1 + (i % 1000)]",
        "protocol_number" => $"'{year.ToString(CultureInfo.InvariantCulture)}/' || lpad(i::text, 6, '0')",
        "submitted_at" => "t.created_at - interval '10 days' + i * interval '1 second'",
        "call_version_id" => "v.id",
        "submission_key" or "start_key" => "gen_random_uuid()",
        "isee" => "CASE WHEN i % 20 = 0 THEN jsonb_set(jsonb_set(t.isee, '{HasIsee}', 'false'), '{Value}', 'null') ELSE jsonb_set(t.isee, '{Value}', to_jsonb(round((random() * 35000)::numeric, 2))) END",
        "household" => "CASE i % 3 WHEN 0 THEN t.household WHEN 1 THEN jsonb_set(t.household, '{Children}', (t.household->'Children') || jsonb_build_array(jsonb_set(t.household->'Children'->0, '{BirthDate}', to_jsonb((date '2014-01-01' + (i % 900))::text)))) ELSE jsonb_set(t.household, '{Children}', (t.household->'Children') || (t.household->'Children') || (t.household->'Children')) END",
        _ => "t." + c,
    });
    var sql = $"""
        INSERT INTO applications ({string.Join(", ", columns)})
        SELECT {string.Join(", ", expressions)}
        FROM applications t
        CROSS JOIN (SELECT array_agg(id) AS ids FROM "AspNetUsers") f
        CROSS JOIN (SELECT id FROM call_versions WHERE call_id = @call ORDER BY number DESC LIMIT 1) v
        CROSS JOIN generate_series(1, @size) AS i
        WHERE t.id = @template
        """;
    await using var conn = new NpgsqlConnection(db.Database.GetConnectionString());
    await conn.OpenAsync();
    await using (var seed = new NpgsqlCommand("SELECT setseed(0.42)", conn))
    {
        await seed.ExecuteNonQueryAsync();
    }

    await using (var insert = new NpgsqlCommand(sql, conn))
    {
        insert.Parameters.AddWithValue("call", call.Id);
        insert.Parameters.AddWithValue("size", size);
        insert.Parameters.AddWithValue("template", template.Id);
        await insert.ExecuteNonQueryAsync();
    }

    await using (var analyze = new NpgsqlCommand("ANALYZE applications", conn))
    {
        await analyze.ExecuteNonQueryAsync();
    }

    return (call.Id, budget);
}

/// <summary>One unit of work's services.</summary>
internal sealed record BenchScope(AppDbContext Db, GrantsWork Work)
{
    public Task<Call> DbCallAsync(Guid id) => Db.Calls.AsNoTracking().SingleAsync(c => c.Id == id);
}
