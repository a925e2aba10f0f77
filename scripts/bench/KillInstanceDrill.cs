using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Conciliazione.Domain.Seeding;
using Npgsql;

/// <summary>
/// The kill-instance drill (scripts/drills/kill-instance.sh, ADR 0141): the click day's families (ClickDayScenario's
/// <c>Family</c>) run whole applications through nginx in front of two portal instances, and one instance is
/// killed with SIGKILL mid-load. A request nginx could not serve (502/503/504, a broken connection) is sent again
/// as a person would press again: the same form, so the same start or submission key. Afterwards the database
/// says whether every POST was done once: one draft and at most one submission per family, gapless protocol
/// numbers, one "submitted" message per submission, no document stored twice, every success the client saw there.
/// </summary>
internal static class KillInstanceDrill
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Uri portal, string connectionString, int killPid, double rate, TimeSpan duration, TimeSpan killAfter, TimeSpan timeout)
    {
        var failures = new List<string>();
        var families = (int)Math.Ceiling(rate * duration.TotalSeconds);
        Console.WriteLine("== Conciliazione drill: kill -9 one instance under load ==");
        Console.WriteLine($"machine: {BenchCalls.Machine()}; load average {BenchCalls.Load()}");
        Console.WriteLine($"plan: {families} families through {portal}, {rate.ToString("F1", Invariant)} applications/s for {duration.TotalSeconds.ToString("F0", Invariant)} s (open loop); instance pid {killPid} killed {killAfter.TotalSeconds.ToString("F0", Invariant)} s after the first arrival; request timeout {timeout.TotalSeconds.ToString("F0", Invariant)} s");

        var callId = await BenchCalls.ScalarAsync<Guid>(connectionString, $"SELECT id FROM calls WHERE title = '{DemoCalls.ChildcareCallTitle.Replace("'", "''", StringComparison.Ordinal)}'");
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 256,
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        var retries = new DrillRetries();
        var people = Enumerable.Range(0, families).Select(i => new ClickDayScenario.Family(http, portal, ClickDayScenario.FiscalCodeFor(i), retries)).ToArray();

        // 1. Sign-in through nginx and the test provider, both instances up.
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
        var ready = people.Where(p => p.Error is null).ToArray();
        Console.WriteLine($"sign-in: {ready.Length}/{families} families signed in in {signIn.Elapsed.TotalSeconds.ToString("F1", Invariant)} s");
        foreach (var e in people.Where(p => p.Error is not null).Select(p => p.Error).Distinct().Take(3))
        {
            Console.WriteLine("  " + e);
        }

        // 2. Open loop; the kill at killAfter, with what is in flight at that instant.
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var probe = new ClickDayScenario.PublicProbe(http, portal);
        var probing = probe.RunAsync(TimeSpan.FromMilliseconds(250), stop.Token);
        var killed = Task.Run(async () =>
        {
            await Task.Delay(killAfter);
            var (posts, gets) = (retries.InFlightPosts, retries.InFlightGets);
            var at = clock.Elapsed;
            try
            {
                // Process.Kill is SIGKILL on Linux: kill -9, no graceful shutdown, connections reset.
                using var victim = Process.GetProcessById(killPid);
                victim.Kill();
                Console.WriteLine($"kill -9 pid {killPid} at {at.TotalSeconds.ToString("F1", Invariant)} s: {posts} POSTs and {gets} GETs in flight through nginx at that instant");
                return true;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.WriteLine($"kill -9 pid {killPid} failed: {e.Message}");
                return false;
            }
        });
        var runs = new List<Task>(ready.Length);
        for (var i = 0; i < ready.Length; i++)
        {
            var due = i / rate;
            var wait = due - clock.Elapsed.TotalSeconds;
            if (wait > 0.001)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait));
            }

            var family = ready[i];
            var scheduled = TimeSpan.FromSeconds(due);
            runs.Add(Task.Run(() => family.ApplyAsync(callId, clock, scheduled)));
        }

        await Task.WhenAll(runs);
        var wasKilled = await killed;
        await stop.CancelAsync();
        await probing;

        // 3. Figures.
        var ok = ready.Where(f => f.Protocol is not null).ToList();
        var failed = ready.Where(f => f.Protocol is null).ToList();
        Console.WriteLine();
        Console.WriteLine($"applications: {ready.Length} attempted, {ok.Count} submitted, {failed.Count} not completed; last answer {clock.Elapsed.TotalSeconds.ToString("F1", Invariant)} s after the first arrival");
        foreach (var group in failed.GroupBy(f => f.Error ?? "?").OrderByDescending(g => g.Count()).Take(6))
        {
            Console.WriteLine($"  {group.Count()} x {group.Key}");
        }

        Console.WriteLine($"GETs through nginx: {retries.GetsSent + probe.Latencies.Count} sent, {retries.GetsFailed + probe.Errors} failed (target 0; the /Calls probe: {probe.Latencies.Count} sent, {probe.Errors} failed)");
        Console.WriteLine($"POSTs through nginx: {retries.PostsSent} sent, {retries.PostsFailed} failed attempts, {retries.PostsAnsweredAfterRetry} answered when sent again with the same form (same key), {retries.PostsGivenUp} given up");
        foreach (var (what, count) in retries.FailuresByShape.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"  {count} x {what}");
        }

        Console.WriteLine($"uploads whose answer was lost: {retries.UploadsFoundStored} found stored on the documents page (not sent again), {retries.UploadsSentAgain} not stored and sent again");

        // 4. Correctness, from the database (exit code 1 when one fails).
        Check(ready.Length > 0 && ok.Count > 0, $"the drill ran: {ready.Length} families signed in, {ok.Count} applications submitted (a drill that submitted nothing proves nothing)", failures);
        Check(wasKilled, "the instance was killed mid-load", failures);
        await ClickDayScenario.CheckAsync(connectionString, callId, ok, failures);
        var twoDrafts = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM (SELECT family_user_id FROM applications WHERE call_id = '{callId}' GROUP BY family_user_id HAVING count(*) > 1) d");
        Check(twoDrafts == 0, $"no double start: {twoDrafts} families with two applications on the call (start key)", failures);
        var twoFiles = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM (SELECT d.application_id, d.requirement_key FROM application_documents d JOIN applications a ON a.id = d.application_id WHERE a.call_id = '{callId}' GROUP BY 1, 2 HAVING count(*) > 1) d");
        Check(twoFiles == 0, $"no document stored twice: {twoFiles} requirements with two files", failures);
        var submitted = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND protocol_number IS NOT NULL");
        var messages = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM notifications n JOIN applications a ON a.id = n.receipt_of_application_id WHERE a.call_id = '{callId}'");
        Check(messages == submitted, $"one \"submitted\" message per submission: {messages} messages for {submitted} submissions", failures);

        // The submissions whose POST failed: committed by the killed instance (then found by their key) or by the retry.
        var retried = ready.Where(f => f.SubmitFailedAt is not null).ToList();
        if (retried.Count > 0)
        {
            var times = new Dictionary<Guid, DateTimeOffset>();
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT id, submitted_at FROM applications WHERE id = ANY(@ids) AND submitted_at IS NOT NULL", conn);
                cmd.Parameters.AddWithValue("ids", retried.Select(f => f.ApplicationId).ToArray());
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    times[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
                }
            }

            var before = retried.Count(f => times.TryGetValue(f.ApplicationId, out var t) && t < f.SubmitFailedAt);
            var after = retried.Count(f => times.TryGetValue(f.ApplicationId, out var t) && t >= f.SubmitFailedAt);
            Console.WriteLine($"submissions whose POST failed: {retried.Count}: {before} had been committed before the failure and were found by their submission key, {after} were committed after the client saw the failure (by the repeated POST, or by a first attempt still running when the client gave up on it), each once; {retried.Count - before - after} not submitted");
        }
        else
        {
            Console.WriteLine("submissions whose POST failed: 0 (no submit was in flight on the killed instance)");
        }

        var passed = failures.Count == 0;
        Console.WriteLine();
        Console.WriteLine($"DRILL kill-instance: {ok.Count}/{ready.Length} applications, GETs failed {retries.GetsFailed + probe.Errors}/{retries.GetsSent + probe.Latencies.Count}, POST attempts failed {retries.PostsFailed}/{retries.PostsSent} (answered when sent again {retries.PostsAnsweredAfterRetry}, given up {retries.PostsGivenUp}); checks {(passed ? "passed" : "FAILED")}");
        Console.WriteLine(passed ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures)
        {
            Console.WriteLine("  " + f);
        }

        return passed ? 0 : 1;
    }

    private static void Check(bool ok, string what, List<string> failures) => BenchCalls.Check(ok, what, failures);
}

/// <summary>What the drill's client counts: requests sent, failed attempts (by page and cause), what was in flight.</summary>
internal sealed class DrillRetries
{
    /// <summary>Attempts per request, the first included.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Between attempts: a person pressing again, and time for nginx to mark the dead instance down.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    private long getsSent;
    private long getsFailed;
    private long postsSent;
    private long postsFailed;
    private long postsAnsweredAfterRetry;
    private long postsGivenUp;
    private long inFlightPosts;
    private long inFlightGets;
    private long uploadsFoundStored;
    private long uploadsSentAgain;

    public long GetsSent => Interlocked.Read(ref getsSent);
    public long GetsFailed => Interlocked.Read(ref getsFailed);
    public long PostsSent => Interlocked.Read(ref postsSent);
    public long PostsFailed => Interlocked.Read(ref postsFailed);
    public long PostsAnsweredAfterRetry => Interlocked.Read(ref postsAnsweredAfterRetry);
    public long PostsGivenUp => Interlocked.Read(ref postsGivenUp);
    public long InFlightPosts => Interlocked.Read(ref inFlightPosts);
    public long InFlightGets => Interlocked.Read(ref inFlightGets);
    public long UploadsFoundStored => Interlocked.Read(ref uploadsFoundStored);
    public long UploadsSentAgain => Interlocked.Read(ref uploadsSentAgain);

    public ConcurrentDictionary<string, int> FailuresByShape { get; } = new();

    public static bool IsProxyFailure(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public void Sent(bool post) => Interlocked.Increment(ref post ? ref postsSent : ref getsSent);

    public void Begin(bool post) => Interlocked.Increment(ref post ? ref inFlightPosts : ref inFlightGets);

    public void End(bool post) => Interlocked.Decrement(ref post ? ref inFlightPosts : ref inFlightGets);

    public void AnsweredAfterRetry(bool post)
    {
        if (post)
        {
            Interlocked.Increment(ref postsAnsweredAfterRetry);
        }
    }

    public void Failed(bool post, string shape, string cause)
    {
        Interlocked.Increment(ref post ? ref postsFailed : ref getsFailed);
        FailuresByShape.AddOrUpdate($"{(post ? "POST" : "GET")} {shape}: {cause}", 1, (_, n) => n + 1);
    }

    public void GaveUp(bool replayablePost)
    {
        if (replayablePost)
        {
            Interlocked.Increment(ref postsGivenUp);
        }
    }

    public void UploadFoundStored() => Interlocked.Increment(ref uploadsFoundStored);

    public void UploadSentAgain() => Interlocked.Increment(ref uploadsSentAgain);
}
