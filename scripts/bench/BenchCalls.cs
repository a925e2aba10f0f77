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

/// <summary>
/// What B2 and B5 stand on: a throwaway database migrated and seeded with the Castellanza plan, calls
/// of its current project written through the domain, and admitted applications copied set-based in
/// PostgreSQL from one template application (deterministic from the seed: <c>setseed</c> before
/// <c>random()</c>). The families are fictional (example.org addresses).
/// </summary>
internal static class BenchCalls
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Creates an empty database on <paramref name="server"/>; returns its connection string.</summary>
    public static async Task<(string Database, string ConnectionString)> CreateDatabaseAsync(string server)
    {
        var database = "conciliazione_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return (database, new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 1800 }.ConnectionString);
    }

    public static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1")
        {
            Console.WriteLine($"kept database {database} (BENCH_KEEP=1)");
            return;
        }

        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The portal's services the scenarios call, on <paramref name="connectionString"/>.</summary>
    public static ServiceProvider Services(string connectionString, int maxPool = 100)
    {
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPool }.ConnectionString;
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext>(o => o.UsePortalDatabase(pooled));
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditLog>();
        services.AddScoped<GrantsWork>();
        return services.BuildServiceProvider();
    }

    /// <summary>Migrates and seeds the Castellanza plan and 1,000 families.</summary>
    public static async Task PrepareAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        await CastellanzaPlan.SeedAsync(db);
        var now = DateTimeOffset.UtcNow;
        db.Users.AddRange(Enumerable.Range(0, 1000).Select(i => new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = $"famiglia-{i}@bench.example.org",
            NormalizedUserName = $"FAMIGLIA-{i}@BENCH.EXAMPLE.ORG",
            Email = $"famiglia-{i}@bench.example.org",
            NormalizedEmail = $"FAMIGLIA-{i}@BENCH.EXAMPLE.ORG",
            DisplayName = "Famiglia " + i.ToString(Invariant),
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>A closed call of the current project ranked by ISEE, 350 EUR per child, that skips to the next that fits.</summary>
    public static async Task<Guid> CallAsync(IServiceProvider provider, string reference, decimal budget)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId);
        var action = project.Actions.Single(a => a.Code == "B");
        var call = Call.CreateDraft(CastellanzaPlan.AllianceId, project, action.Id,
            new CallDetails(reference, "Benchmark " + reference, "Bando per il benchmark.", now.AddDays(-30), now.AddDays(1), new DateOnly(2018, 1, 1), new DateOnly(2018, 12, 31), budget, AllowsOtherProvider: true),
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
        await db.SaveChangesAsync();
        return call.Id;
    }

    /// <summary>
    /// <paramref name="size"/> admitted applications of one child each on <paramref name="callId"/>,
    /// protocols <paramref name="prefix"/>/000001..., ISEE random from <paramref name="seed"/> with
    /// many equal values (whole hundreds), so the tie-breaks decide often.
    /// </summary>
    public static async Task ApplicationsAsync(IServiceProvider provider, Guid callId, int size, double seed, string prefix)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var family = await db.Users.OrderBy(u => u.UserName).Select(u => u.Id).FirstAsync();
        var template = Application.StartDraft(CastellanzaPlan.AllianceId, callId, family, new ApplicantSection { GivenName = "Famiglia", FamilyName = "Benchmark" }, now);
        template.UpdateHousehold(new HouseholdSection { Children = [new ChildEntry { GivenName = "Figlio", FamilyName = "Benchmark", FiscalCode = "BNCFGL16A01F205X", BirthDate = new DateOnly(2016, 1, 1) }] }, now);
        template.UpdateIsee(new IseeSection { HasIsee = true, Value = 10_000m, Type = IseeType.Ordinario }, now);
        db.Applications.Add(template);
        await db.SaveChangesAsync();

        var columns = await db.Database.SqlQuery<string>($"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = 'applications' AND table_schema = 'public' ORDER BY ordinal_position").ToListAsync();
        var expressions = columns.Select(c => c switch
        {
            "id" => "gen_random_uuid()",
            "status" => "'Admitted'",
            "family_user_id" => "f.ids[1 + (i % 1000)]",
            "protocol_number" => $"'{prefix}/' || lpad(i::text, 6, '0')",
            // One submission a minute: equal ISEE values are then ordered by time.
            "submitted_at" => "t.created_at - interval '100 days' + (i / 60) * interval '1 minute'",
            "call_version_id" => "v.id",
            "submission_key" or "start_key" => "gen_random_uuid()",
            "isee" => "jsonb_set(t.isee, '{Value}', to_jsonb(round((random() * 350)::numeric) * 100))",
            _ => "t." + c,
        });
        var sql = $"""
            INSERT INTO applications ({string.Join(", ", columns)})
            SELECT {string.Join(", ", expressions)}
            FROM applications t
            CROSS JOIN (SELECT array_agg(id ORDER BY user_name) AS ids FROM "AspNetUsers") f
            CROSS JOIN (SELECT id FROM call_versions WHERE call_id = @call ORDER BY number DESC LIMIT 1) v
            CROSS JOIN generate_series(1, @size) AS i
            WHERE t.id = @template
            """;
        await using var conn = new NpgsqlConnection(db.Database.GetConnectionString());
        await conn.OpenAsync();
        await using (var setseed = new NpgsqlCommand("SELECT setseed(@seed)", conn))
        {
            setseed.Parameters.AddWithValue("seed", seed);
            await setseed.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand(sql, conn))
        {
            insert.Parameters.AddWithValue("call", callId);
            insert.Parameters.AddWithValue("size", size);
            insert.Parameters.AddWithValue("template", template.Id);
            await insert.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", conn);
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {MemoryGb()} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static void Check(bool ok, string what, List<string> failures)
    {
        Console.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
        if (!ok)
        {
            failures.Add(what);
        }
    }

    private static string MemoryGb()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is null ? "?" : (long.Parse(kb, Invariant) / 1024.0 / 1024.0).ToString("F1", Invariant);
    }
}
