using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.TestIdp;
using Conciliazione.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

/// <summary>
/// B4, the click day (ADR 0134): the real portal (Release, Kestrel on loopback, Production settings) and the
/// test OpenID provider in this process on a throwaway database with the demo data; the demo childcare call
/// opens at a known instant. N fictional families sign in through the provider before the opening (as
/// families wait on the page); from the opening instant, one family per 1/rate seconds (open loop) runs a
/// whole application over real HTTP as a browser would: start, the six wizard steps with their antiforgery
/// tokens, two PDF uploads, the review and the submit, then the details page with its protocol number.
/// </summary>
/// <remarks>
/// Latencies are measured from each family's scheduled arrival, not from when the client got round to it,
/// so a slow server cannot hide behind a slow client (no coordinated omission). The correctness checks read
/// the database afterwards: protocol numbers gapless, in submission order, no family submitted twice, and
/// every submission the client saw is there with the number it was shown.
/// </remarks>
internal static partial class ClickDayScenario
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    public static async Task<int> RunAsync(string server, double rate, TimeSpan duration, TimeSpan timeout)
    {
        var families = (int)Math.Ceiling(rate * duration.TotalSeconds);
        var database = "conciliazione_click_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var certificate = Path.Combine(Path.GetTempPath(), database + ".pfx");
        var failures = new List<string>();
        WebApplication? portal = null;
        WebApplication? idp = null;
        try
        {
            Console.WriteLine("== Conciliazione benchmark: click day (B4) ==");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemoryGb()} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
            Console.WriteLine($"load average before: {LoadAverage()}");
            Console.WriteLine($"plan: {families.ToString("N0", Invariant)} families, {rate.ToString("F0", Invariant)} applications/s for {duration.TotalSeconds.ToString("F0", Invariant)} s (open loop), request timeout {timeout.TotalSeconds.ToString("F0", Invariant)} s");

            var portalPort = FreePort();
            var idpPort = FreePort();
            var portalOrigin = new Uri($"http://127.0.0.1:{portalPort.ToString(Invariant)}");
            var idpOrigin = new Uri($"http://127.0.0.1:{idpPort.ToString(Invariant)}");
            WriteCertificate(certificate);

            idp = await StartIdpAsync(idpOrigin, portalOrigin);
            var setup = Stopwatch.StartNew();
            portal = await StartPortalAsync(portalOrigin, idpOrigin, connectionString, certificate);
            Console.WriteLine($"postgres: {await ScalarAsync<string>(connectionString, "SHOW server_version")}; portal migrated and seeded with the demo data in {setup.Elapsed.TotalSeconds.ToString("F1", Invariant)} s");

            // The childcare demo call, still closed: it opens at the instant announced once every family is signed in.
            var callId = await ScalarAsync<Guid>(connectionString, $"SELECT id FROM calls WHERE title = '{DemoCalls.ChildcareCallTitle.Replace("'", "''", StringComparison.Ordinal)}'");
            await ExecuteAsync(connectionString, $"UPDATE calls SET opens_at = now() + interval '1 day' WHERE id = '{callId}'");

            using var handler = new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 512,
            };
            using var http = new HttpClient(handler) { Timeout = timeout };

            // 1. Sign-in before the opening: "Entra con SPID", the provider's picker, back to the portal.
            var people = Enumerable.Range(0, families).Select(i => new Family(http, portalOrigin, FiscalCodeFor(i))).ToArray();
            var postmaster = await PostmasterPidAsync(connectionString);
            var cpuBeforeSignIn = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(postmaster));
            var signIn = Stopwatch.StartNew();
            var signInErrors = 0;
            await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (f, ct) =>
            {
                try
                {
                    await f.SignInAsync();
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    f.Error = "sign-in: " + e.Message;
                    Interlocked.Increment(ref signInErrors);
                }
            });
            Console.WriteLine($"sign-in: {(families - signInErrors).ToString("N0", Invariant)} families signed in through the test provider in {signIn.Elapsed.TotalSeconds.ToString("F1", Invariant)} s ({(families / signIn.Elapsed.TotalSeconds).ToString("F0", Invariant)}/s), {signInErrors} errors");
            var cpuSignedIn = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(postmaster));
            Console.WriteLine($"  CPU per sign-in: portal, provider and client {PerFamily(cpuSignedIn.TotalProcessorTime - cpuBeforeSignIn.TotalProcessorTime, families)}, PostgreSQL {PerFamily(cpuSignedIn.Item2 - cpuBeforeSignIn.Item2, families)}");
            foreach (var e in people.Where(p => p.Error is not null).Select(p => p.Error).Distinct().Take(3))
            {
                Console.WriteLine("  " + e);
            }

            // 2. The opening instant, announced a few seconds ahead; then one family every 1/rate s.
            var opening = DateTimeOffset.UtcNow.AddSeconds(3);
            await ExecuteAsync(connectionString, $"UPDATE calls SET opens_at = '{opening.ToString("O", Invariant)}' WHERE id = '{callId}'");
            Console.WriteLine($"opening: {opening.ToString("HH:mm:ss.fff", Invariant)} UTC; load average at the opening: {LoadAverage()}");
            var cpuAtOpening = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(postmaster));
            var dbAtOpening = await DatabaseCountersAsync(connectionString);
            var clock = Stopwatch.StartNew();
            var openingTicks = (opening - DateTimeOffset.UtcNow).TotalSeconds;
            var probe = new PublicProbe(http, portalOrigin);
            using var stop = new CancellationTokenSource();
            var probing = probe.RunAsync(TimeSpan.FromMilliseconds(250), stop.Token);
            var runs = new List<Task>(families);
            var ready = people.Where(p => p.Error is null).ToArray();
            for (var i = 0; i < ready.Length; i++)
            {
                var due = openingTicks + (i / rate);
                var wait = due - clock.Elapsed.TotalSeconds;
                if (wait > 0.001)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait));
                }

                var family = ready[i];
                var scheduled = TimeSpan.FromSeconds(due);
                runs.Add(Task.Run(() => family.ApplyAsync(callId, clock, scheduled)));
            }

            var lastArrival = clock.Elapsed;
            await Task.WhenAll(runs);
            var drained = clock.Elapsed;
            var cpuAfter = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(postmaster));
            var dbAfter = await DatabaseCountersAsync(connectionString);
            await stop.CancelAsync();
            await probing;
            var loadAfter = LoadAverage();

            // 3. Figures.
            var ok = ready.Where(f => f.Protocol is not null).ToList();
            var failed = ready.Where(f => f.Protocol is null).ToList();
            var turnedAway = failed.Where(f => f.TurnedAwayAt is not null).ToList();
            var errors = failed.Count - turnedAway.Count;
            var window = (lastArrival - TimeSpan.FromSeconds(openingTicks)).TotalSeconds;
            var achievedArrivals = ready.Length / Math.Max(window, 1e-9);
            var submitCompletions = ok.Select(f => f.SubmittedAt.TotalSeconds).OrderBy(t => t).ToList();
            var completionSpan = submitCompletions.Count > 1 ? submitCompletions[^1] - submitCompletions[0] : 0;
            Console.WriteLine();
            Console.WriteLine($"applications attempted {ready.Length.ToString("N0", Invariant)}, succeeded {ok.Count.ToString("N0", Invariant)}, turned away by the waiting room {turnedAway.Count.ToString("N0", Invariant)} (503 at once, nothing lost), errors {errors.ToString("N0", Invariant)} (+{signInErrors} at sign-in)");
            foreach (var group in turnedAway.GroupBy(f => f.TurnedAwayAt!).OrderByDescending(g => g.Count()))
            {
                Console.WriteLine($"  {group.Count().ToString("N0", Invariant)} turned away at step {group.Key}");
            }

            foreach (var group in failed.Where(f => f.TurnedAwayAt is null).GroupBy(f => f.Error ?? "?").OrderByDescending(g => g.Count()).Take(8))
            {
                Console.WriteLine($"  {group.Count().ToString("N0", Invariant)} x {group.Key}");
            }

            Console.WriteLine($"arrivals {achievedArrivals.ToString("F1", Invariant)}/s over {window.ToString("F1", Invariant)} s; submissions committed {(ok.Count / Math.Max(completionSpan, 1e-9)).ToString("F1", Invariant)}/s over {completionSpan.ToString("F1", Invariant)} s; last answer {(drained.TotalSeconds - openingTicks).ToString("F1", Invariant)} s after the opening");
            Console.WriteLine($"requests per application {(ready.Sum(f => f.Requests) / (double)Math.Max(ready.Length, 1)).ToString("F1", Invariant)}, total {(ready.Sum(f => f.Requests) / Math.Max(drained.TotalSeconds - openingTicks, 1e-9)).ToString("F0", Invariant)} requests/s");
            var portalCpu = cpuAfter.TotalProcessorTime - cpuAtOpening.TotalProcessorTime;
            var pgCpu = cpuAfter.Item2 - cpuAtOpening.Item2;
            var perApplication = (portalCpu + pgCpu).TotalSeconds / Math.Max(ready.Length, 1);
            Console.WriteLine($"CPU per application: portal and client {PerFamily(portalCpu, ready.Length)}, PostgreSQL {PerFamily(pgCpu, ready.Length)}; at {rate.ToString("F0", Invariant)}/s that is {(perApplication * rate).ToString("F1", Invariant)} cores busy (the machine has {Environment.ProcessorCount}); capacity of {Environment.ProcessorCount} idle cores ~{(Environment.ProcessorCount / Math.Max(perApplication, 1e-9)).ToString("F0", Invariant)} applications/s");
            Console.WriteLine("database work per application (pg_stat_database): " + string.Join(", ", dbAfter.Select((v, k) => $"{DatabaseCounters[k]} {((v - dbAtOpening[k]) / (double)Math.Max(ready.Length, 1)).ToString("F0", Invariant)}")));
            foreach (var (name, times) in Family.StepTimes.Where(kv => kv.Key.Length > 0).OrderByDescending(kv => kv.Value.Average()))
            {
                var list = times.ToList();
                Console.WriteLine($"  step {name,-14} mean {Ms(list.Average())} p95 {Ms(Percentile(list, 0.95))}");
            }

            Percentiles("submit (POST review -> redirect)", ok.Select(f => f.SubmitLatency));
            Percentiles("whole application (arrival -> details page)", ok.Select(f => f.WholeLatency));
            Percentiles("public page /Calls during the load", probe.Latencies);
            Console.WriteLine($"  /Calls probe: {probe.Latencies.Count} requests, {probe.Errors} errors");
            Console.WriteLine($"load average after: {loadAfter}");
            Console.WriteLine("B1's limit (raw Npgsql, same process): measured by scenario b1");

            // 4. Correctness, from the database.
            await CheckAsync(connectionString, callId, ok, failures);
            var p99 = Percentile(ok.Select(f => f.SubmitLatency).ToList(), 0.99);
            var p99Whole = Percentile(ok.Select(f => f.WholeLatency).ToList(), 0.99);
            var met = failed.Count == 0 && signInErrors == 0 && p99 < 1.0 && achievedArrivals >= rate * 0.98 && duration.TotalSeconds >= 300;
            Console.WriteLine();
            Console.WriteLine($"B4: {ok.Count.ToString(Invariant)}/{ready.Length.ToString(Invariant)} applications at {achievedArrivals.ToString("F0", Invariant)}/s for {window.ToString("F0", Invariant)} s, {errors + signInErrors} errors, {turnedAway.Count.ToString(Invariant)} turned away, submit p99 {Ms(p99)} (whole application p99 {Ms(p99Whole)}), /Calls p99 {Ms(Percentile(probe.Latencies.ToList(), 0.99))}; target 100/s for 300 s, 0 errors, p99 < 1 s: {(met ? "met" : "NOT met")}; checks {(failures.Count == 0 ? "passed" : "FAILED")}");
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
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1")
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
            else
            {
                Console.WriteLine($"database kept: {database}");
            }
        }

        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures)
        {
            Console.WriteLine("  " + f);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>What the database holds after the click day, against what the families were shown.</summary>
    internal static async Task CheckAsync(string connectionString, Guid callId, List<Family> ok, List<string> failures)
    {
        var rows = new List<(Guid Id, Guid Family, string Protocol, DateTimeOffset At)>();
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT id, family_user_id, protocol_number, submitted_at FROM applications WHERE call_id = @call AND protocol_number IS NOT NULL", conn);
            cmd.Parameters.AddWithValue("call", callId);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        // Every number the alliance gave this year, the demo's own submissions included: 1..last, each once.
        var numbers = await ListAsync<string>(connectionString, $"SELECT protocol_number FROM applications WHERE alliance_id = '{CastellanzaPlan.AllianceId}' AND protocol_number IS NOT NULL");
        var year = rows.Count > 0 ? rows[0].Protocol[..4] : "";
        var ofYear = numbers.Where(n => n.StartsWith(year + "/", StringComparison.Ordinal)).Select(n => int.Parse(n[5..], Invariant)).OrderBy(n => n).ToList();
        var last = await ScalarAsync<int>(connectionString, $"SELECT coalesce(max(last_number), 0) FROM protocol_counters WHERE alliance_id = '{CastellanzaPlan.AllianceId}' AND year = {(year.Length == 4 ? year : "0")}");
        Check(ofYear.SequenceEqual(Enumerable.Range(1, last)), $"protocol numbers gapless and unique: {ofYear.Count.ToString(Invariant)} numbers = 1..{last.ToString(Invariant)} of the counter", failures);

        var byNumber = rows.OrderBy(r => int.Parse(r.Protocol[5..], Invariant)).ToList();
        var inversions = byNumber.Zip(byNumber.Skip(1)).Count(p => p.Second.At < p.First.At);
        Check(inversions == 0, $"protocol numbers in submission order (submitted_at never goes back as the number grows): {inversions.ToString(Invariant)} inversions", failures);

        // From the client's side: a submission answered before another was sent must hold the smaller number.
        var seen = ok.OrderBy(f => f.SubmitSent).ToList();
        var answeredOrder = ok.OrderBy(f => f.SubmittedAt).ToList();
        var maxAnswered = 0;
        var late = 0;
        var j = 0;
        foreach (var f in seen)
        {
            while (j < answeredOrder.Count && answeredOrder[j].SubmittedAt < f.SubmitSent)
            {
                maxAnswered = Math.Max(maxAnswered, answeredOrder[j].Number);
                j++;
            }

            if (f.Number < maxAnswered)
            {
                late++;
            }
        }

        Check(late == 0, $"arrival order: no submission sent after another was answered holds a smaller number ({late.ToString(Invariant)} found)", failures);

        var twice = rows.GroupBy(r => r.Family).Count(g => g.Count() > 1);
        Check(twice == 0, $"no double submission: {twice.ToString(Invariant)} families with two submitted applications", failures);

        var inDb = rows.ToDictionary(r => r.Id, r => r.Protocol);
        var lost = ok.Count(f => !inDb.TryGetValue(f.ApplicationId, out var p) || p != f.Protocol);
        Check(lost == 0, $"no lost submission: all {ok.Count.ToString(Invariant)} successes the client saw are in the database with the number shown ({lost.ToString(Invariant)} missing or different)", failures);
        Check(rows.Count == ok.Count, $"submitted applications in the database ({rows.Count.ToString(Invariant)}) = successes the client saw ({ok.Count.ToString(Invariant)})", failures);
    }

    /// <summary>
    /// One family: its own cookie jar over a shared connection pool; redirects followed by hand, as a browser does.
    /// With <paramref name="retries"/> (the kill-instance drill) a request the proxy could not serve is sent again
    /// as a person would press again: the same form, hence the same idempotency key (KillInstanceDrill.cs).
    /// </summary>
    internal sealed partial class Family(HttpClient http, Uri portal, string fiscalCode, DrillRetries? retries = null)
    {
        private readonly CookieContainer cookies = new();

        public string? Error { get; set; }

        /// <summary>The step the waiting room turned this family away at (a 503 with Retry-After, ADR 0154): not an error.</summary>
        public string? TurnedAwayAt { get; private set; }

        public string? Protocol { get; private set; }

        public int Number => int.Parse(Protocol![5..], Invariant);

        public Guid ApplicationId { get; private set; }

        public int Requests { get; private set; }

        public double SubmitLatency { get; private set; }

        public double WholeLatency { get; private set; }

        /// <summary>When the submit POST left, and when its answer came back (clock of the run).</summary>
        public TimeSpan SubmitSent { get; private set; }

        public TimeSpan SubmittedAt { get; private set; }

        /// <summary>Wall-clock time the submit POST's first attempt failed (drill only): the database says whether it had committed.</summary>
        public DateTimeOffset? SubmitFailedAt { get; private set; }

        public async Task SignInAsync()
        {
            var (picker, pickerUrl) = await GetFollowAsync(new Uri(portal, "/Account/ExternalLogin?provider=spid&returnUrl=%2FFamily"));
            var form = Form.Parse(picker, "/connect/authorize");
            form.Fields.RemoveAll(f => f.Key == "cancel");
            form.Fields.Add(new("identity", TestIdentities.GeneratedPrefix + fiscalCode));
            var (landed, url) = await PostFollowAsync(new Uri(pickerUrl, form.Action), new FormUrlEncodedContent(form.Fields));
            if (url.AbsolutePath != "/Family")
            {
                throw new InvalidOperationException("sign-in landed on " + url.AbsolutePath);
            }
        }

        /// <summary>One GET with this family's cookies, redirects not followed (the drills, DrillScenario.cs): status and body.</summary>
        public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
        {
            using var response = await SendAsync(HttpMethod.Get, new Uri(portal, path), null);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        /// <summary>The drills' write probe: GETs the start page of <paramref name="callId"/> and POSTs it (a new draft: 302 to its first step).</summary>
        public async Task<(HttpStatusCode Status, string Body)> StartDraftAsync(Guid callId)
        {
            var url = new Uri(portal, $"/Family/Applications/Start/{callId}");
            using (var page = await SendAsync(HttpMethod.Get, url, null))
            {
                var html = await page.Content.ReadAsStringAsync();
                if (page.StatusCode != HttpStatusCode.OK)
                {
                    return (page.StatusCode, html);
                }

                var form = Form.Parse(html, null);
                using var response = await SendAsync(HttpMethod.Post, new Uri(url, form.Action), new FormUrlEncodedContent(form.Fields));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        /// <summary>Time spent in each wizard step (its GETs and POSTs), over all families.</summary>
        public static ConcurrentDictionary<string, ConcurrentBag<double>> StepTimes { get; } = new();

        public async Task ApplyAsync(Guid callId, Stopwatch clock, TimeSpan arrival)
        {
            var step = "start";
            var since = clock.Elapsed;
            void Next(string following)
            {
                var now = clock.Elapsed;
                StepTimes.GetOrAdd(step, _ => []).Add((now - since).TotalSeconds);
                (step, since) = (following, now);
            }

            try
            {
                var (start, startUrl) = await GetFollowAsync(new Uri(portal, $"/Family/Applications/Start/{callId}"));
                var (edit, editUrl) = await SubmitAsync(start, startUrl, Form.Parse(start, null), []);
                ExpectPath(editUrl, "/Family/Applications/Edit/", edit);
                ApplicationId = Guid.Parse(editUrl.AbsolutePath.Split('/')[4], Invariant);
                var id = ApplicationId;
                var child = ChildCode(fiscalCode);

                Next("richiedente");
                await StepAsync(id, step, "Applicant", _ => new() { ["Applicant.Email"] = fiscalCode.ToLowerInvariant() + "@example.org", ["Applicant.Phone"] = "+39 0331 000000" }, "nucleo");
                Next("nucleo");
                await StepAsync(id, step, "Household", _ => new()
                {
                    ["Household.OtherParentName"] = "Marco Rossi",
                    ["Household.OtherParentEmployment"] = "Employee",
                    ["Household.ChildGivenName"] = "Luca",
                    ["Household.ChildFamilyName"] = "Rossi",
                    ["Household.ChildBirthDate"] = child.Birth.ToString("yyyy-MM-dd", Invariant),
                    ["Household.ChildSex"] = "M",
                    ["Household.ChildFiscalCode"] = child.Code,
                }, "lavoro");
                Next("lavoro");
                await StepAsync(id, step, "Employment", page => new()
                {
                    ["Employment.ResidenceMunicipalityId"] = Option(page, "Employment_ResidenceMunicipalityId", "Castellanza"),
                    ["Employment.Kind"] = "Employee",
                    ["Employment.EmployerName"] = "Comune di Castellanza",
                }, "isee");
                Next("isee");
                var today = DateOnly.FromDateTime(DateTime.UtcNow);
                await StepAsync(id, step, "Isee", _ => new()
                {
                    ["Isee.HasIsee"] = "true",
                    ["Isee.Type"] = "Minorenni",
                    ["Isee.Value"] = "12.500,00",
                    ["Isee.DsuNumber"] = "INPS-ISEE-2026-00012345A-00",
                    ["Isee.ExpiresOn"] = today.AddMonths(6).ToString("yyyy-MM-dd", Invariant),
                }, "servizio");
                Next("servizio");
                await StepAsync(id, step, "Service", page => new()
                {
                    ["Service.ServiceType"] = "Micronido",
                    ["Service.Provider"] = MicronidoProvider(page),
                    ["Service.From"] = today.AddDays(10).ToString("yyyy-MM-dd", Invariant),
                    ["Service.To"] = today.AddDays(100).ToString("yyyy-MM-dd", Invariant),
                    ["Service.MonthlyCost"] = "450,00",
                }, "dichiarazioni");
                Next("dichiarazioni");
                var (declarations, declarationsUrl) = await GetFollowAsync(new Uri(portal, $"/Family/Applications/Edit/{id}/dichiarazioni"));
                var declarationsForm = Form.Parse(declarations, "handler=Declarations");
                foreach (var box in CheckboxValues(declarationsForm.Html, "Declarations.Accepted"))
                {
                    declarationsForm.Fields.Add(new("Declarations.Accepted", box));
                }

                declarationsForm.Fields.RemoveAll(f => f.Key == "Declarations.PrivacyAccepted");
                declarationsForm.Fields.Add(new("Declarations.PrivacyAccepted", "true"));
                var (documents, documentsUrl) = await SubmitAsync(declarations, declarationsUrl, declarationsForm, []);
                ExpectPath(documentsUrl, "/Family/Applications/Documents/", documents);

                Next("documenti");
                foreach (var key in RequirementKeys(documents).Take(2))
                {
                    if (retries is not null)
                    {
                        (documents, documentsUrl) = await UploadOnceAsync(id, key, documents);
                        continue;
                    }

                    var token = Form.Parse(documents, "handler=Upload").Fields.First(f => f.Key == "__RequestVerificationToken").Value;
                    using var upload = new MultipartFormDataContent
                    {
                        { new StringContent(token), "__RequestVerificationToken" },
                        { new StringContent(key), "RequirementKey" },
                    };
                    var file = new ByteArrayContent(Pdf);
                    file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                    upload.Add(file, "File", "documento.pdf");
                    (documents, documentsUrl) = await PostFollowAsync(new Uri(portal, $"/Family/Applications/Documents/{id}?handler=Upload"), upload);
                    ExpectPath(documentsUrl, "/Family/Applications/Documents/", documents);
                }

                Next("riepilogo");
                var (review, reviewUrl) = await GetFollowAsync(new Uri(portal, $"/Family/Applications/Review/{id}"));
                var reviewForm = Form.Parse(review, null);
                Next("invio");
                SubmitSent = clock.Elapsed;
                using var submit = await SendAsync(HttpMethod.Post, new Uri(reviewUrl, reviewForm.Action), new FormUrlEncodedContent(reviewForm.Fields), onFailure: () => SubmitFailedAt ??= DateTimeOffset.UtcNow);
                SubmittedAt = clock.Elapsed;
                SubmitLatency = (SubmittedAt - SubmitSent).TotalSeconds;
                if (submit.StatusCode != HttpStatusCode.Redirect)
                {
                    TurnedAwayException.ThrowIf(submit);
                    throw new InvalidOperationException($"submit answered {(int)submit.StatusCode}{Problems(await submit.Content.ReadAsStringAsync())}");
                }

                Next("dettaglio");
                var (details, _) = await GetFollowAsync(new Uri(reviewUrl, submit.Headers.Location!));
                var protocol = ProtocolRegex().Match(details);
                if (!protocol.Success)
                {
                    throw new InvalidOperationException("details page without a protocol number");
                }

                Protocol = protocol.Value;
                Next("");
                WholeLatency = (clock.Elapsed - arrival).TotalSeconds;
            }
            catch (TaskCanceledException)
            {
                Error = step + ": timeout";
            }
            catch (TurnedAwayException e)
            {
                TurnedAwayAt = step;
                Error = step + ": " + e.Message;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException)
            {
                Error = step + ": " + e.Message;
            }
        }

        /// <summary>GETs a wizard step, fills its form over what the page holds, POSTs it, expects the next step.</summary>
        private async Task StepAsync(Guid id, string step, string handler, Func<string, Dictionary<string, string>> values, string next)
        {
            var (page, url) = await GetFollowAsync(new Uri(portal, $"/Family/Applications/Edit/{id}/{step}"));
            var (answer, answerUrl) = await SubmitAsync(page, url, Form.Parse(page, "handler=" + handler), values(page));
            ExpectPath(answerUrl, "/" + next, answer, endsWith: true);
        }

        private async Task<(string Html, Uri Url)> SubmitAsync(string page, Uri pageUrl, Form form, Dictionary<string, string> values)
        {
            foreach (var (name, value) in values)
            {
                form.Fields.RemoveAll(f => f.Key == name);
                form.Fields.Add(new(name, value));
            }

            return await PostFollowAsync(new Uri(pageUrl, form.Action), new FormUrlEncodedContent(form.Fields));
        }

        /// <summary>
        /// Drill: an upload carries no key, so a failed one is not sent again blindly: the documents page says
        /// whether the instance that died had stored it; only when it had not is the file sent again.
        /// </summary>
        private async Task<(string Html, Uri Url)> UploadOnceAsync(Guid id, string key, string documents)
        {
            for (var attempt = 1; ; attempt++)
            {
                var token = Form.Parse(documents, "handler=Upload").Fields.First(f => f.Key == "__RequestVerificationToken").Value;
                using var upload = new MultipartFormDataContent
                {
                    { new StringContent(token), "__RequestVerificationToken" },
                    { new StringContent(key), "RequirementKey" },
                };
                var file = new ByteArrayContent(Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                upload.Add(file, "File", "documento-" + key + ".pdf");
                try
                {
                    var (page, url) = await PostFollowAsync(new Uri(portal, $"/Family/Applications/Documents/{id}?handler=Upload"), upload, replayable: false);
                    ExpectPath(url, "/Family/Applications/Documents/", page);
                    return (page, url);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && attempt < DrillRetries.MaxAttempts)
                {
                    await Task.Delay(DrillRetries.Pause);
                    var (page, url) = await GetFollowAsync(new Uri(portal, $"/Family/Applications/Documents/{id}"));
                    if (page.Contains("documento-" + key + ".pdf", StringComparison.Ordinal))
                    {
                        retries!.UploadFoundStored();
                        return (page, url);
                    }

                    retries!.UploadSentAgain();
                    documents = page;
                }
            }
        }

        private async Task<(string Html, Uri Url)> PostFollowAsync(Uri url, HttpContent content, bool replayable = true)
        {
            using var response = await SendAsync(HttpMethod.Post, url, content, replayable);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                return await GetFollowAsync(new Uri(url, response.Headers.Location!));
            }

            TurnedAwayException.ThrowIf(response);
            var html = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK
                ? (html, url)
                : throw new InvalidOperationException($"POST {Shape(url)} answered {(int)response.StatusCode}");
        }

        private async Task<(string Html, Uri Url)> GetFollowAsync(Uri url)
        {
            for (var hop = 0; hop < 10; hop++)
            {
                using var response = await SendAsync(HttpMethod.Get, url, null);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    url = new Uri(url, response.Headers.Location!);
                    continue;
                }

                TurnedAwayException.ThrowIf(response);
                return response.StatusCode == HttpStatusCode.OK
                    ? (await response.Content.ReadAsStringAsync(), url)
                    : throw new InvalidOperationException($"GET {Shape(url)} answered {(int)response.StatusCode}");
            }

            throw new InvalidOperationException("too many redirects from " + Shape(url));
        }

        /// <summary>
        /// One request with this family's cookies. Loopback counts as a secure context, as browsers treat
        /// it: the portal's <c>__Host-</c> cookie (Secure) travels over http://127.0.0.1.
        /// </summary>
        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content, bool replayable = true, Action? onFailure = null)
        {
            if (retries is null)
            {
                return await SendOnceAsync(method, url, content);
            }

            // The drill: a 502/503/504 from nginx or a broken connection is a failed attempt, counted; a GET and a
            // replayable POST (same form, same key) are sent again after a pause, as a person would press again.
            var post = method == HttpMethod.Post;
            for (var attempt = 1; ; attempt++)
            {
                retries.Sent(post);
                string failure;
                try
                {
                    var response = await SendOnceAsync(method, url, content);
                    if (!DrillRetries.IsProxyFailure(response.StatusCode))
                    {
                        if (attempt > 1)
                        {
                            retries.AnsweredAfterRetry(post);
                        }

                        return response;
                    }

                    failure = ((int)response.StatusCode).ToString(Invariant);
                    if (!replayable || attempt >= DrillRetries.MaxAttempts)
                    {
                        retries.Failed(post, Shape(url), failure);
                        retries.GaveUp(post && replayable);
                        onFailure?.Invoke();
                        return response;
                    }

                    response.Dispose();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failure = e is TaskCanceledException ? "timeout" : "connection: " + e.Message;
                    if (!replayable || attempt >= DrillRetries.MaxAttempts)
                    {
                        retries.Failed(post, Shape(url), failure);
                        retries.GaveUp(post && replayable);
                        onFailure?.Invoke();
                        throw;
                    }
                }

                retries.Failed(post, Shape(url), failure);
                onFailure?.Invoke();
                await Task.Delay(DrillRetries.Pause);
            }
        }

        private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri url, HttpContent? content)
        {
            var secure = new UriBuilder(url) { Scheme = Uri.UriSchemeHttps }.Uri;
            // Not disposed: disposing the request would dispose the content, which the drill may send again.
            var request = new HttpRequestMessage(method, url) { Content = content };
            var header = cookies.GetCookieHeader(secure);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            Requests++;
            var post = method == HttpMethod.Post;
            retries?.Begin(post);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request);
            }
            finally
            {
                retries?.End(post);
            }

            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var c in set)
                {
                    cookies.SetCookies(secure, c);
                }
            }

            return response;
        }

        private static void ExpectPath(Uri url, string path, string html, bool endsWith = false)
        {
            if (endsWith ? !url.AbsolutePath.EndsWith(path, StringComparison.Ordinal) : !url.AbsolutePath.StartsWith(path, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"expected {path}, stayed on {Shape(url)}{Problems(html)}");
            }
        }

        private static string Shape(Uri url) => GuidRegex().Replace(url.AbsolutePath, "{id}");

        /// <summary>The validation messages of a page shown where a success was expected.</summary>
        private static string Problems(string html)
        {
            var messages = ProblemRegex().Matches(html).Select(m => WebUtility.HtmlDecode(TagRegex().Replace(m.Groups[1].Value, "")).Trim()).Where(m => m.Length > 0).Distinct().Take(2);
            var text = string.Join(" | ", messages);
            return text.Length > 0 ? " (validation: " + text + ")" : "";
        }

        private static string Option(string page, string selectId, string label)
        {
            var select = Regex.Match(page, $"<select[^>]*id=\"{selectId}\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
            var option = Regex.Match(select.Groups[1].Value, $"<option[^>]*value=\"([^\"]+)\"[^>]*>{Regex.Escape(label)}</option>");
            return option.Success ? option.Groups[1].Value : throw new InvalidOperationException($"no option {label} in #{selectId}");
        }

        private static string MicronidoProvider(string page)
        {
            var group = Regex.Match(page, "<optgroup[^>]*data-service=\"Micronido\"[^>]*>(.*?)</optgroup>", RegexOptions.Singleline);
            var value = Regex.Matches(group.Groups[1].Value, "value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).FirstOrDefault(v => Guid.TryParse(v, out _));
            return value ?? throw new InvalidOperationException("no Micronido provider offered");
        }

        private static IEnumerable<string> CheckboxValues(string formHtml, string name) =>
            InputRegex().Matches(formHtml).Select(m => Form.Attributes(m.Value))
                .Where(a => a.GetValueOrDefault("type") == "checkbox" && a.GetValueOrDefault("name") == name)
                .Select(a => a.GetValueOrDefault("value", "true"));

        private static IEnumerable<string> RequirementKeys(string page) =>
            InputRegex().Matches(page).Select(m => Form.Attributes(m.Value))
                .Where(a => a.GetValueOrDefault("name") == "RequirementKey")
                .Select(a => a.GetValueOrDefault("value", ""));
    }

    /// <summary>A form of a page as a browser would send it: its hidden and filled fields, checked boxes, selected options.</summary>
    private sealed partial class Form(string action, string html, List<KeyValuePair<string, string>> fields)
    {
        public string Action { get; } = action;

        public string Html { get; } = html;

        public List<KeyValuePair<string, string>> Fields { get; } = fields;

        /// <summary>The first POST form inside main (or anywhere) whose action contains <paramref name="actionPart"/> (any, when null).</summary>
        public static Form Parse(string page, string? actionPart)
        {
            // The page's own forms, not the header's (sign-out, language).
            var main = page.IndexOf("<main", StringComparison.Ordinal);
            var end = main < 0 ? -1 : page.IndexOf("</main>", main, StringComparison.Ordinal);
            var content = main >= 0 && end > main ? page[main..end] : page;
            foreach (Match m in FormRegex().Matches(content))
            {
                var attributes = Attributes(m.Groups[1].Value);
                var action = WebUtility.HtmlDecode(attributes.GetValueOrDefault("action", ""));
                if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase)
                    || (actionPart is not null && !action.Contains(actionPart, StringComparison.Ordinal))
                    || (actionPart is null && m.Groups[2].Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal) is false))
                {
                    continue;
                }

                var body = m.Groups[2].Value;
                var fields = new List<KeyValuePair<string, string>>();
                foreach (Match input in InputRegex().Matches(body))
                {
                    var a = Attributes(input.Value);
                    var type = a.GetValueOrDefault("type", "text");
                    if (!a.TryGetValue("name", out var name) || type is "submit" or "button" or "file"
                        || (type is "checkbox" or "radio" && !a.ContainsKey("checked")))
                    {
                        continue;
                    }

                    fields.Add(new(name, WebUtility.HtmlDecode(a.GetValueOrDefault("value", type is "checkbox" ? "on" : ""))));
                }

                return new Form(action.Length > 0 ? action : "", body, fields);
            }

            throw new InvalidOperationException("no form " + (actionPart ?? "with a token") + " on the page");
        }

        public static Dictionary<string, string> Attributes(string tag) =>
            AttributeRegex().Matches(tag).GroupBy(a => a.Groups[1].Value.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First().Groups[3].Success ? g.First().Groups[3].Value : "");

        [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
        private static partial Regex FormRegex();

        [GeneratedRegex("([\\w.:-]+)(=\"([^\"]*)\")?")]
        private static partial Regex AttributeRegex();
    }

    /// <summary>An anonymous visitor reading the public list of calls during the load.</summary>
    internal sealed class PublicProbe(HttpClient http, Uri portal)
    {
        public ConcurrentBag<double> Latencies { get; } = [];

        public int Errors { get; private set; }

        public async Task RunAsync(TimeSpan every, CancellationToken stop)
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        using var response = await http.GetAsync(new Uri(portal, "/Calls"), CancellationToken.None);
                        _ = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                        Latencies.Add(watch.Elapsed.TotalSeconds);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Errors++;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Errors++;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The load is over.
            }
        }
    }

    internal static async Task<WebApplication> StartIdpAsync(Uri idpOrigin, Uri portalOrigin)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "Conciliazione.TestIdp" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TestIdp:PortalOrigins:0"] = portalOrigin.ToString().TrimEnd('/'),
            ["TestIdp:GeneratedFamilies"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls(idpOrigin.ToString());
        var app = IdpProgram.Build(builder);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = idpOrigin };
        (await http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative))).EnsureSuccessStatusCode();
        return app;
    }

    /// <summary>The portal as Program.cs starts it, with Production settings (JSON logs at Warning, no HTTPS on loopback).</summary>
    internal static async Task<WebApplication> StartPortalAsync(Uri origin, Uri idpOrigin, string connectionString, string certificate)
    {
        var root = FindRepositoryRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "Conciliazione.Web",
            ContentRootPath = Path.Combine(root, "src", "Conciliazione.Web"),
        });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = connectionString,
            ["AllowedHosts"] = origin.Host,
            ["Portal:PublicOrigin"] = origin.ToString().TrimEnd('/'),
            ["Portal:MigrateOnStartup"] = "true",
            ["Portal:SeedDemoData"] = "true",
            ["Portal:MailPickupDirectory"] = Path.Combine(Path.GetTempPath(), "conciliazione-click-mail"),
            // The instance only enqueues: receipts and e-mails are rendered by a job instance (ADR 0134).
            ["Portal:Jobs:Workers"] = Environment.GetEnvironmentVariable("BENCH_JOBS") == "1" ? "true" : "false",
            ["DataProtection:CertificatePath"] = certificate,
            ["DataProtection:CertificatePassword"] = "bench",
            ["Logging:LogLevel:Default"] = "Warning",
            // Logged on every upload: the upload middleware read the form before MVC's form limits (noted in docs/performance.md).
            ["Logging:LogLevel:Microsoft.AspNetCore.Mvc.Filters"] = "Error",
            // A fresh database has no migrations table (EF logs the failed probe as an error); the demo seeding's split-query advice.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Query"] = "Error",
        };
        foreach (var (section, scheme) in new[] { ("Spid", "spid"), ("Cie", "cie") })
        {
            settings[$"Portal:{section}:Authority"] = idpOrigin.ToString().TrimEnd('/');
            settings[$"Portal:{section}:ClientId"] = "conciliazione-" + scheme;
            settings[$"Portal:{section}:ClientSecret"] = "segreto-di-sviluppo-" + scheme;
            settings[$"Portal:{section}:RequireHttpsMetadata"] = "false";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(origin.ToString());
        builder.AddPortalServices();
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UsePortalPipeline();
        await app.StartAsync();
        return app;
    }

    /// <summary>A self-signed certificate for the Data Protection keys at rest (Production refuses to start without one).</summary>
    internal static void WriteCertificate(string path)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Conciliazione click-day benchmark", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, "bench"));
    }

    /// <summary>A fictional codice fiscale per family: surname and name letters from the index, checksum by the decree's tables.</summary>
    internal static string FiscalCodeFor(int i)
    {
        const string Months = "ABCDEHLMPRST";
        var letters = new char[6];
        var n = i;
        for (var k = 5; k >= 0; k--)
        {
            letters[k] = (char)('A' + (n % 26));
            n /= 26;
        }

        var female = i % 2 == 1;
        var first15 = string.Create(Invariant, $"{new string(letters)}{80 + (i % 15):D2}{Months[i % 12]}{1 + (i % 28) + (female ? 40 : 0):D2}F205");
        return first15 + FiscalCode.CheckCharacter(first15);
    }

    /// <summary>The family's child: two years old, its code built from the parent's letters so every child differs.</summary>
    private static (string Code, DateOnly Birth) ChildCode(string parent)
    {
        const string Months = "ABCDEHLMPRST";
        var birth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2);
        var first15 = string.Create(Invariant, $"{parent[..6]}{birth.Year % 100:D2}{Months[birth.Month - 1]}{birth.Day:D2}F205");
        return (first15 + FiscalCode.CheckCharacter(first15), birth);
    }

    private static readonly string[] DatabaseCounters = ["xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "blks_hit"];

    private static async Task<long[]> DatabaseCountersAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT {string.Join(", ", DatabaseCounters)} FROM pg_stat_database WHERE datname = current_database()", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return Enumerable.Range(0, DatabaseCounters.Length).Select(reader.GetInt64).ToArray();
    }

    private static string PerFamily(TimeSpan cpu, int count) => Ms(cpu.TotalSeconds / Math.Max(count, 1)) + " CPU";

    /// <summary>The bench cluster's postmaster, to sum the CPU its backends use (Linux /proc; 0 when not readable).</summary>
    private static async Task<int> PostmasterPidAsync(string connectionString)
    {
        try
        {
            var dataDirectory = await ScalarAsync<string>(connectionString, "SHOW data_directory");
            return int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), Invariant);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PostgresException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>User and system CPU of the postmaster and its children (backends, walwriter...), from /proc.</summary>
    private static TimeSpan PostgresCpu(int postmaster)
    {
        if (postmaster == 0 || !Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(dir), Invariant);
                if (pid == postmaster || int.Parse(fields[1], Invariant) == postmaster)
                {
                    ticks += long.Parse(fields[11], Invariant) + long.Parse(fields[12], Invariant);
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Not a process, or it ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static void Percentiles(string what, IEnumerable<double> seconds)
    {
        var list = seconds.ToList();
        Console.WriteLine($"{what}: n={list.Count.ToString(Invariant)} p50 {Ms(Percentile(list, 0.50))} p95 {Ms(Percentile(list, 0.95))} p99 {Ms(Percentile(list, 0.99))} max {Ms(list.Count > 0 ? list.Max() : double.NaN)}");
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "n/a" : (seconds * 1000).ToString("F0", Invariant) + " ms";

    private static void Check(bool ok, string what, List<string> failures)
    {
        Console.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
        if (!ok)
        {
            failures.Add(what);
        }
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conciliazione.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Conciliazione.sln not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string MemoryGb()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kb is null ? "?" : (long.Parse(kb, Invariant) / 1024.0 / 1024.0).ToString("F1", Invariant);
    }

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
        return (T)(await cmd.ExecuteScalarAsync())!;
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

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();

    [GeneratedRegex("\\d{4}/\\d{6}")]
    private static partial Regex ProtocolRegex();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidRegex();

    [GeneratedRegex("<(?:li|div|span)[^>]*(?:invalid-feedback|alert-danger)[^>]*>(.*?)</(?:li|div|span)>", RegexOptions.Singleline)]
    private static partial Regex ProblemRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}

/// <summary>The waiting room's answer (ADR 0154): a 503 with Retry-After, given at once; the family would press "Riprova".</summary>
internal sealed class TurnedAwayException(string message) : InvalidOperationException(message)
{
    public static void ThrowIf(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
        {
            throw new TurnedAwayException("turned away by the waiting room (503 with Retry-After)");
        }
    }
}
