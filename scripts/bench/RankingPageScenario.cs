using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Grants;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Scenario "b2" (B2 in ../shared/quality/BENCHMARKS.md, ADR 0131): the staff ranking page of a call
/// with BENCH_B2_SIZE ranked applications (41,000 by default: more than 200 pages of 200), frozen
/// through <see cref="GrantsWork.FreezeAsync(Guid, Guid, Guid, CancellationToken)"/>; page 1 and
/// page 200 of <see cref="RankingModel.OnGetAsync"/> (its queries and rows, the Razor rendering
/// left out: it is the same for both pages) timed alternately, p50/p95, and their ratio; beside them
/// the old OFFSET read of page 200 in SQL, to show what keyset pagination removed. B1's page is not
/// in this process: page 1 is the reference (BENCHMARKS.md's "B1's page" limit, see
/// docs/performance.md). Correctness (exit 1): walking every page by "Successive" shows each entry
/// once, in position order, and page 200 starts at position 39,801.
/// </summary>
internal static class RankingPageScenario
{
    private const double TargetRatio = 1.2;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string server, int size, double seed, int runs)
    {
        var failures = new List<string>();
        var (database, connectionString) = await BenchCalls.CreateDatabaseAsync(server);
        try
        {
            Console.WriteLine("== Conciliazione benchmark: ranking list pages (B2) ==");
            Console.WriteLine($"machine: {BenchCalls.Machine()}");
            Console.WriteLine($"load average before: {BenchCalls.Load()}");
            await using var provider = BenchCalls.Services(connectionString);
            var setup = Stopwatch.StartNew();
            await BenchCalls.PrepareAsync(provider);
            var callId = await BenchCalls.CallAsync(provider, "BENCH-B2", size * 350m / 2);
            await BenchCalls.ApplicationsAsync(provider, callId, size, seed, DateTime.UtcNow.Year.ToString(Invariant));
            string? refused;
            await using (var scope = provider.CreateAsyncScope())
            {
                refused = await scope.ServiceProvider.GetRequiredService<GrantsWork>().FreezeAsync(callId, CastellanzaPlan.AllianceId, Guid.NewGuid(), CancellationToken.None);
            }

            BenchCalls.Check(refused is null, $"the ranking freezes ({refused ?? "ok"})", failures);
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                await using var analyze = new NpgsqlCommand("ANALYZE", conn);
                await analyze.ExecuteNonQueryAsync();
            }

            var entries = await BenchCalls.ScalarAsync<long>(connectionString, "SELECT count(*) FROM ranking_entries");
            Console.WriteLine($"postgres: {await BenchCalls.ScalarAsync<string>(connectionString, "SHOW server_version")}");
            Console.WriteLine($"size: one call, {size.ToString("N0", Invariant)} admitted applications, {entries.ToString("N0", Invariant)} ranking entries frozen, {RankingModel.PageSize} rows a page (seed {seed.ToString(Invariant)}; set-based generation + freeze {setup.Elapsed.TotalSeconds.ToString("F1", Invariant)} s)");
            var page200 = (199 * RankingModel.PageSize).ToString(Invariant);
            if (entries < 200 * RankingModel.PageSize)
            {
                failures.Add($"fewer than 200 pages ({entries} entries): raise BENCH_B2_SIZE");
                return Report(failures);
            }

            // Correctness: the walk through every page by the "Successive" key.
            var walk = Stopwatch.StartNew();
            var seen = new List<int?>();
            string? after = null;
            var pages = 0;
            do
            {
                var model = await PageAsync(provider, callId, after);
                seen.AddRange(model.Rows.Select(r => r.Position));
                after = model.NextKey;
                pages++;
            }
            while (after is not null);
            walk.Stop();
            BenchCalls.Check(seen.Count == entries && seen.Distinct().Count() == seen.Count, $"every entry shown once across {pages} pages ({seen.Count.ToString("N0", Invariant)} rows)", failures);
            BenchCalls.Check(seen.SequenceEqual(seen.Order()), "rows in position order across pages", failures);
            var deep = await PageAsync(provider, callId, page200);
            BenchCalls.Check(deep.Rows.Count == RankingModel.PageSize && deep.Rows[0].Position == (199 * RankingModel.PageSize) + 1, "page 200 starts at position 39,801", failures);
            Console.WriteLine($"walk of every page by keyset: {pages} pages in {walk.Elapsed.TotalSeconds.ToString("F1", Invariant)} s");

            // Timing: page 1 and page 200 alternately, after a warm-up.
            for (var i = 0; i < 5; i++)
            {
                await PageAsync(provider, callId, null);
                await PageAsync(provider, callId, page200);
            }

            var first = new List<double>();
            var deepTimes = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                first.Add(await TimeAsync(() => PageAsync(provider, callId, null)));
                deepTimes.Add(await TimeAsync(() => PageAsync(provider, callId, page200)));
            }

            // Before (OFFSET): the rows query the page sent until ADR 0131, page 1 and page 200, in SQL alone.
            var offsetFirst = new List<double>();
            var offsetDeep = new List<double>();
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                for (var i = 0; i < runs + 5; i++)
                {
                    var a = await TimeAsync(() => OffsetAsync(conn, 0));
                    var b = await TimeAsync(() => OffsetAsync(conn, 199 * RankingModel.PageSize));
                    if (i >= 5)
                    {
                        offsetFirst.Add(a);
                        offsetDeep.Add(b);
                    }
                }
            }

            Console.WriteLine();
            Print("page 1 (keyset, the page model's queries)", first);
            Print("page 200 (keyset, after=" + page200 + ")", deepTimes);
            Print("before: OFFSET rows query alone, page 1", offsetFirst);
            Print("before: OFFSET rows query alone, page 200", offsetDeep);
            var ratio50 = BenchCalls.Percentile(deepTimes, 0.5) / BenchCalls.Percentile(first, 0.5);
            var ratio95 = BenchCalls.Percentile(deepTimes, 0.95) / BenchCalls.Percentile(first, 0.95);
            var offsetRatio = BenchCalls.Percentile(offsetDeep, 0.5) / BenchCalls.Percentile(offsetFirst, 0.5);
            Console.WriteLine($"load average after: {BenchCalls.Load()}");
            Console.WriteLine($"reference (limit): page 1 itself (B1's page is measured by scenario b1, not in this process)");
            Console.WriteLine(string.Create(Invariant,
                $"B2: page 1 p50 {BenchCalls.Percentile(first, 0.5):F2} ms p95 {BenchCalls.Percentile(first, 0.95):F2} ms, page 200 p50 {BenchCalls.Percentile(deepTimes, 0.5):F2} ms p95 {BenchCalls.Percentile(deepTimes, 0.95):F2} ms; ratio {ratio50:F2}x (p95 {ratio95:F2}x; OFFSET before {offsetRatio:F1}x) target <= {TargetRatio:F1}x {(ratio50 <= TargetRatio ? "met" : "NOT met")}"));
        }
        finally
        {
            await BenchCalls.DropDatabaseAsync(server, database);
        }

        return Report(failures);
    }

    private static int Report(List<string> failures)
    {
        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures)
        {
            Console.WriteLine("  " + f);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The page as a staff user of the alliance opens it: a new scope (DbContext) per request, as ASP.NET Core gives.</summary>
    private static async Task<RankingModel> PageAsync(IServiceProvider provider, Guid callId, string? after)
    {
        await using var scope = provider.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, Guid.Empty.ToString()),
            new Claim(PortalClaims.AllianceId, CastellanzaPlan.AllianceId.ToString()),
            new Claim(ClaimTypes.Role, Roles.Staff),
        ], "bench"));
        var model = new RankingModel(services.GetRequiredService<AppDbContext>(), services.GetRequiredService<GrantsWork>(), new RankingModel.DiscardValidator())
        {
            PageContext = new PageContext { HttpContext = new DefaultHttpContext { User = user, RequestServices = services } },
        };
        var result = await model.OnGetAsync(callId, after, null, CancellationToken.None);
        return result is PageResult ? model : throw new InvalidOperationException("The ranking page answered " + result.GetType().Name);
    }

    private static async Task<int> OffsetAsync(NpgsqlConnection conn, int skip)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT e.position, e.protocol_number, e.amount, e.projected_grant, e.outcome, e.breakdown
            FROM ranking_entries e JOIN rankings r ON r.id = e.ranking_id AND r.discarded_at IS NULL
            ORDER BY e.position IS NULL, e.position, e.protocol_number OFFSET @skip LIMIT 200
            """, conn);
        cmd.Parameters.AddWithValue("skip", skip);
        var n = 0;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            n++;
        }

        return n;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void Print(string what, List<double> times) =>
        Console.WriteLine(string.Create(Invariant, $"{what,-48} p50 {BenchCalls.Percentile(times, 0.5),8:F2} ms  p95 {BenchCalls.Percentile(times, 0.95),8:F2} ms  ({times.Count} runs)"));
}
