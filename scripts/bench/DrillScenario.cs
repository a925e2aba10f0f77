using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Conciliazione.Domain.Seeding;
using Microsoft.AspNetCore.Builder;
using Npgsql;

/// <summary>
/// The fault drills (scripts/drills/pg-restart.sh, scripts/drills/out-of-disk.sh; ADR 0145, 0146): the real
/// portal (Release, Production settings, demo data, test OpenID provider, Data Protection certificate) in this
/// process, as B4 hosts it (ClickDayScenario), on the database the script prepared; load for a fixed time
/// (anonymous readers, signed-in readers, families applying end to end, a write probe every half second);
/// the script's fault command at a set second, its recovery command later; then the figures and the checks
/// that nothing is half-written.
/// </summary>
/// <remarks>
/// A request "failed" when it got no answer, a 5xx, or (out of disk) a 503 that is not the portal's Italian
/// page; a family's application stops at its first failed request, so each failed application counts one.
/// The error rate is failed requests over requests sent.
/// </remarks>
internal static class DrillScenario
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const string UnavailableText = "Servizio momentaneamente non disponibile, riprova tra qualche minuto.";

    public static async Task<int> RunAsync(string kind, string server)
    {
        var seconds = Env("DRILL_SECONDS", 45);
        var rate = Env("DRILL_RATE", 1.0);
        var readers = (int)Env("DRILL_READERS", 4);
        var faultAt = Env("DRILL_FAULT_AT", 15);
        var recoverAt = Env("DRILL_RECOVER_AT", 30);
        var faultCommand = Environment.GetEnvironmentVariable("DRILL_FAULT_CMD") ?? throw new InvalidOperationException("DRILL_FAULT_CMD is not set: run scripts/drills/*.sh");
        var recoverCommand = Environment.GetEnvironmentVariable("DRILL_RECOVER_CMD");
        var tablespace = Environment.GetEnvironmentVariable("DRILL_TABLESPACE");
        var outOfDisk = kind == "out-of-disk";

        var database = "conciliazione_drill_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(server, $"CREATE DATABASE {database}" + (tablespace is null ? "" : $" TABLESPACE {tablespace}"));
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var certificate = Path.Combine(Path.GetTempPath(), database + ".pfx");
        var failures = new List<string>();
        WebApplication? portal = null;
        WebApplication? idp = null;
        try
        {
            Console.WriteLine($"== Conciliazione drill: {kind} ==");
            Console.WriteLine($"date: {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC; machine: {BenchCalls.Machine()}; load average {BenchCalls.Load()}");
            Console.WriteLine($"plan: {seconds.ToString(Invariant)} s of load ({rate.ToString("F1", Invariant)} applications/s started, {readers} anonymous + {readers} signed-in readers, a write probe every 0.5 s); fault at {faultAt.ToString(Invariant)} s" + (recoverCommand is null ? "" : $", recovery at {recoverAt.ToString(Invariant)} s"));
            var portalOrigin = new Uri($"http://127.0.0.1:{Env("DRILL_PORTAL_PORT", ClickDayScenario.FreePort()).ToString(Invariant)}");
            var idpOrigin = new Uri($"http://127.0.0.1:{Env("DRILL_IDP_PORT", ClickDayScenario.FreePort()).ToString(Invariant)}");
            ClickDayScenario.WriteCertificate(certificate);
            idp = await ClickDayScenario.StartIdpAsync(idpOrigin, portalOrigin);
            portal = await ClickDayScenario.StartPortalAsync(portalOrigin, idpOrigin, connectionString, certificate);
            var callId = await ScalarAsync<Guid>(connectionString, $"SELECT id FROM calls WHERE title = '{DemoCalls.ChildcareCallTitle.Replace("'", "''", StringComparison.Ordinal)}'");
            await ExecuteAsync(connectionString, $"UPDATE calls SET opens_at = now() - interval '1 hour', closes_at = now() + interval '1 day' WHERE id = '{callId}'");
            var committedBefore = await ScalarAsync<decimal>(connectionString, "SELECT coalesce(sum(committed), 0) FROM calls");

            using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false, MaxConnectionsPerServer = 256 };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            var applicants = (int)Math.Ceiling(rate * seconds);
            var probes = (int)(seconds * 2) + 10;
            var people = Enumerable.Range(0, applicants + readers + probes)
                .Select(i => new ClickDayScenario.Family(http, portalOrigin, ClickDayScenario.FiscalCodeFor(500_000 + i))).ToArray();
            var signIn = Stopwatch.StartNew();
            await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (f, _) =>
            {
                try
                {
                    await f.SignInAsync();
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    f.Error = "sign-in: " + e.Message;
                }
            });
            var signedIn = people.Where(p => p.Error is null).ToArray();
            Console.WriteLine($"setup: {signedIn.Length}/{people.Length} families signed in through the test provider in {signIn.Elapsed.TotalSeconds.ToString("F1", Invariant)} s");
            if (signedIn.Length < people.Length)
            {
                failures.Add("sign-in before the load failed for some families");
                return 1;
            }

            var writers = signedIn[..applicants];
            var readerFamilies = signedIn[applicants..(applicants + readers)];
            var probeFamilies = new ConcurrentQueue<ClickDayScenario.Family>(signedIn[(applicants + readers)..]);
            var stats = new Stats();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var loops = new List<Task>();
            var pages = new[] { "/", "/Calls" };
            for (var r = 0; r < readers; r++)
            {
                var n = r;
                loops.Add(Task.Run(async () =>
                {
                    for (var i = n; !stop.IsCancellationRequested; i++)
                    {
                        await stats.TimeAsync("GET public", async () =>
                        {
                            using var response = await http.GetAsync(new Uri(portalOrigin, pages[i % pages.Length]));
                            return (response.StatusCode, await response.Content.ReadAsStringAsync());
                        });
                        await stats.TimeAsync("GET signed-in", () => readerFamilies[n].GetAsync("/Family"));
                    }
                }));
            }

            // The write probe: a new draft every 0.5 s (POST start), to see when writes fail and when they come back.
            var writeOk = new ConcurrentBag<double>();
            loops.Add(Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
                while (!stop.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None) && probeFamilies.TryDequeue(out var probe))
                {
                    var at = clock.Elapsed.TotalSeconds;
                    var (status, _) = await stats.TimeAsync("POST start (probe)", () => probe.StartDraftAsync(callId));
                    if (status == HttpStatusCode.Redirect)
                    {
                        writeOk.Add(at);
                    }
                }
            }));

            // Families applying end to end, one every 1/rate s (open loop).
            var applying = new List<Task>();
            loops.Add(Task.Run(async () =>
            {
                for (var i = 0; i < writers.Length && !stop.IsCancellationRequested; i++)
                {
                    var due = TimeSpan.FromSeconds(i / rate);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }

                    var family = writers[i];
                    applying.Add(Task.Run(() => family.ApplyAsync(callId, clock, clock.Elapsed)));
                }
            }));

            // The fault and the recovery, by the script's commands, at their second.
            await Task.Delay(TimeSpan.FromSeconds(faultAt));
            var faultStarted = clock.Elapsed.TotalSeconds;
            var faultTook = await RunCommandAsync(faultCommand);
            Console.WriteLine($"fault: `{faultCommand}` at {faultStarted.ToString("F1", Invariant)} s, took {faultTook.ToString("F1", Invariant)} s");
            double? recoveredAt = null;
            if (recoverCommand is not null)
            {
                var wait = TimeSpan.FromSeconds(recoverAt) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                recoveredAt = clock.Elapsed.TotalSeconds;
                var took = await RunCommandAsync(recoverCommand);
                Console.WriteLine($"recovery: `{recoverCommand}` at {recoveredAt.Value.ToString("F1", Invariant)} s, took {took.ToString("F1", Invariant)} s");
            }

            await Task.WhenAll(loops);
            await Task.WhenAll(applying);
            var elapsed = clock.Elapsed.TotalSeconds;

            // Figures.
            var applied = writers.Take(applying.Count).ToList();
            var done = applied.Where(f => f.Protocol is not null).ToList();
            var failedApplications = applied.Where(f => f.Protocol is null).ToList();
            var familyRequests = applied.Sum(f => f.Requests);
            var sent = stats.Sent + familyRequests;
            // Out of disk, an application refused with the portal's 503 page is the expected answer; elsewhere every failed step is an error.
            var badApplications = failedApplications.Count(f => !(outOfDisk && (f.Error ?? "").Contains("answered 503", StringComparison.Ordinal)));
            var failed = stats.Failed(outOfDisk) + badApplications;
            Console.WriteLine();
            Console.WriteLine($"requests sent {sent.ToString(Invariant)} in {elapsed.ToString("F1", Invariant)} s ({stats.Sent.ToString(Invariant)} by readers and the probe, {familyRequests.ToString(Invariant)} by {applied.Count} applying families)");
            Console.WriteLine("status codes seen (readers and probe): " + string.Join(", ", stats.Codes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value.ToString(Invariant)}")));
            foreach (var (what, count) in stats.ByKind.OrderBy(kv => kv.Key))
            {
                Console.WriteLine($"  {what}: {count.Ok.ToString(Invariant)} ok, {count.Failed.ToString(Invariant)} failed, max latency {(count.Max * 1000).ToString("F0", Invariant)} ms");
            }

            Console.WriteLine($"applications: {applied.Count} started, {done.Count} submitted with a protocol number, {failedApplications.Count} stopped");
            foreach (var group in failedApplications.GroupBy(f => f.Error ?? "?").OrderByDescending(g => g.Count()).Take(6))
            {
                Console.WriteLine($"  {group.Count().ToString(Invariant)} x {group.Key}");
            }

            if (outOfDisk)
            {
                Console.WriteLine($"503 answers: {stats.Unavailable.ToString(Invariant)} Italian 503 pages, {stats.BadUnavailable.ToString(Invariant)} 503 without it, {stats.ServerErrors.ToString(Invariant)} other 5xx");
                var firstOk = writeOk.Where(t => t >= recoveredAt).DefaultIfEmpty(double.NaN).Min();
                var recovery = firstOk - recoveredAt!.Value;
                Console.WriteLine($"time to recover: first write accepted {(double.IsNaN(recovery) ? "never" : recovery.ToString("F1", Invariant) + " s")} after the space came back");
                BenchCalls.Check(stats.Unavailable > 0, "the portal answered the Italian 503 page while the disk was full", failures);
                BenchCalls.Check(stats.BadUnavailable == 0 && stats.ServerErrors == 0, "no stack trace, no English, no other 5xx: every 5xx was the Italian 503 page", failures);
                BenchCalls.Check(!double.IsNaN(recovery), "writes accepted again once the space came back, without a restart", failures);
            }

            var rateOfErrors = failed / (double)Math.Max(sent, 1);
            Console.WriteLine($"failed requests {failed.ToString(Invariant)} of {sent.ToString(Invariant)}: error rate {(rateOfErrors * 100).ToString("F3", Invariant)}%" + (outOfDisk ? " (the Italian 503s not counted)" : ""));
            if (!outOfDisk)
            {
                BenchCalls.Check(rateOfErrors <= 0.001, "error rate at most 0.1%", failures);
            }

            await CheckAsync(connectionString, callId, done, committedBefore, failures);
            Console.WriteLine();
            Console.WriteLine($"DRILL {kind}: {sent.ToString(Invariant)} requests, {failed.ToString(Invariant)} failed ({(rateOfErrors * 100).ToString("F3", Invariant)}%), {done.Count}/{applied.Count} applications submitted; checks {(failures.Count == 0 ? "passed" : "FAILED")}");
        }
        finally
        {
            if (portal is not null)
            {
                await portal.StopAsync();
                await portal.DisposeAsync();
            }

            if (idp is not null)
            {
                await idp.StopAsync();
                await idp.DisposeAsync();
            }

            File.Delete(certificate);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Nothing half-written: what the database holds after the drill.</summary>
    private static async Task CheckAsync(string connectionString, Guid callId, List<ClickDayScenario.Family> done, decimal committedBefore, List<string> failures)
    {
        var alliance = CastellanzaPlan.AllianceId;
        async Task<long> Count(string sql) => await ScalarAsync<long>(connectionString, sql);

        var submitted = await Count($"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND protocol_number IS NOT NULL");
        var incomplete = await Count($"""
            SELECT count(*) FROM applications a WHERE a.call_id = '{callId}' AND a.protocol_number IS NOT NULL AND (
                a.submitted_at IS NULL OR a.submission_key IS NULL
                OR (SELECT count(*) FROM application_documents d WHERE d.application_id = a.id) < 2
                OR (SELECT count(*) FROM notifications n WHERE n.subject_id = a.id AND n.kind = 'application.submitted') <> 1
                OR (SELECT count(*) FROM application_child_claims c WHERE c.application_id = a.id) <> 1
                OR (SELECT count(*) FROM audit_events e WHERE e.action = 'application.submitted' AND e.entity_id = a.id::text) <> 1)
            """);
        BenchCalls.Check(incomplete == 0, $"every submitted application ({submitted.ToString(Invariant)}) has its protocol number, submission time, documents, one child claim, one audit row and one outbox row: {incomplete.ToString(Invariant)} incomplete", failures);
        var strays = await Count($"""
            SELECT (SELECT count(*) FROM applications WHERE call_id = '{callId}' AND protocol_number IS NULL AND (submitted_at IS NOT NULL OR status <> 'Draft'))
                 + (SELECT count(*) FROM application_child_claims c JOIN applications a ON a.id = c.application_id WHERE a.protocol_number IS NULL)
                 + (SELECT count(*) FROM notifications n JOIN applications a ON a.id = n.subject_id WHERE n.kind = 'application.submitted' AND a.protocol_number IS NULL)
            """);
        BenchCalls.Check(strays == 0, $"no half-submitted draft (status, claim or outbox row without a protocol number): {strays.ToString(Invariant)}", failures);
        var numbers = await ListAsync<string>(connectionString, $"SELECT protocol_number FROM applications WHERE alliance_id = '{alliance}' AND protocol_number IS NOT NULL");
        var year = DateTime.UtcNow.Year.ToString(Invariant);
        var ofYear = numbers.Where(n => n.StartsWith(year + "/", StringComparison.Ordinal)).Select(n => int.Parse(n[5..], Invariant)).Order().ToList();
        var last = await ScalarAsync<int>(connectionString, $"SELECT coalesce(max(last_number), 0) FROM protocol_counters WHERE alliance_id = '{alliance}' AND year = {year}");
        BenchCalls.Check(ofYear.SequenceEqual(Enumerable.Range(1, last)), $"protocol numbers gapless and unique: {ofYear.Count.ToString(Invariant)} numbers = 1..{last.ToString(Invariant)} of the counter", failures);
        var inDb = (await ListAsync<string>(connectionString, $"SELECT id::text || ' ' || protocol_number FROM applications WHERE call_id = '{callId}' AND protocol_number IS NOT NULL")).ToHashSet();
        var lost = done.Count(f => !inDb.Contains(f.ApplicationId.ToString() + " " + f.Protocol));
        BenchCalls.Check(lost == 0, $"every submission a family was shown is in the database with its number: {lost.ToString(Invariant)} missing", failures);
        var committedAfter = await ScalarAsync<decimal>(connectionString, "SELECT coalesce(sum(committed), 0) FROM calls");
        var over = await Count("SELECT count(*) FROM calls WHERE committed < 0 OR committed > budget");
        BenchCalls.Check(committedAfter == committedBefore && over == 0, $"budgets consistent: committed {committedAfter.ToString("N2", Invariant)} EUR as before the drill, no call over its budget ({over.ToString(Invariant)})", failures);
    }

    /// <summary>Requests of the readers and the probe: status codes, failures, the 503 pages' language.</summary>
    private sealed class Stats
    {
        private int sent;
        private int unavailable;
        private int badUnavailable;
        private int serverErrors;
        private int noAnswer;

        public ConcurrentDictionary<string, int> Codes { get; } = new();

        public ConcurrentDictionary<string, (int Ok, int Failed, double Max)> ByKind { get; } = new();

        public int Sent => sent;

        public int Unavailable => unavailable;

        public int BadUnavailable => badUnavailable;

        public int ServerErrors => serverErrors;

        /// <summary>Failed requests: no answer or a 5xx; out of disk the Italian 503 page is the expected answer, not a failure.</summary>
        public int Failed(bool outOfDisk) => noAnswer + serverErrors + badUnavailable + (outOfDisk ? 0 : unavailable);

        public async Task<(HttpStatusCode Status, string Body)> TimeAsync(string what, Func<Task<(HttpStatusCode Status, string Body)>> request)
        {
            Interlocked.Increment(ref sent);
            var watch = Stopwatch.StartNew();
            var ok = false;
            try
            {
                var (status, body) = await request();
                var code = (int)status;
                Codes.AddOrUpdate(code.ToString(Invariant), 1, (_, n) => n + 1);
                if (code == 503)
                {
                    Interlocked.Increment(ref body.Contains(UnavailableText, StringComparison.Ordinal) && body.Contains("lang=\"it\"", StringComparison.Ordinal) && !body.Contains("Exception", StringComparison.Ordinal) ? ref unavailable : ref badUnavailable);
                }
                else if (code >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                }
                else
                {
                    ok = true;
                }

                return (status, body);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                Interlocked.Increment(ref noAnswer);
                Codes.AddOrUpdate("no answer", 1, (_, n) => n + 1);
                return (0, "");
            }
            finally
            {
                var seconds = watch.Elapsed.TotalSeconds;
                ByKind.AddOrUpdate(what, (ok ? 1 : 0, ok ? 0 : 1, seconds), (_, c) => (c.Ok + (ok ? 1 : 0), c.Failed + (ok ? 0 : 1), Math.Max(c.Max, seconds)));
            }
        }
    }

    private static async Task<double> RunCommandAsync(string command)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardOutput = false, RedirectStandardError = false })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited with {process.ExitCode.ToString(Invariant)}");
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static double Env(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, Invariant, out var v) ? v : fallback;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = (await cmd.ExecuteScalarAsync())!;
        return value is T t ? t : (T)Convert.ChangeType(value, typeof(T), Invariant);
    }

    private static async Task<List<T>> ListAsync<T>(string connectionString, string sql)
    {
        var list = new List<T>();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }
}
