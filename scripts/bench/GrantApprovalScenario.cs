using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Grants;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// Scenario "b5" (B5 in ../shared/quality/BENCHMARKS.md, ADR 0132): 16 staff users at once granting
/// on one call through the portal's grant path, beside the bare SQL transaction through pgbench.
/// </summary>
/// <remarks>
/// The portal has no per-application "approve" button: money is committed by
/// <see cref="Funding.ApplyAsync"/>, reached from the funding run (once per call), the reserve list
/// after a renunciation or revocation, and the reallocation of budget between calls of a project.
/// The repeatable staff action that grants on one call is the last: each of the 16 workers moves
/// 350 EUR (one application's amount) from a funds call of the same project into the benchmark call
/// through <see cref="GrantsWork.MoveBudgetAsync"/>, which locks the project and both calls, records
/// the reallocation, and funds the next application of the reserve list (grant, voucher, status,
/// history, audit, notification). The pgbench script sends the same locks and writes as plain SQL.
/// Correctness (exit 1): committed &lt;= budget on both calls, committed = the sum of the active grants,
/// no application granted twice, one voucher per grant, funded applications = active grants.
/// </remarks>
internal static class GrantApprovalScenario
{
    private const int Staff = 16;
    private const decimal Amount = 350m;
    private const double TargetRatio = 0.3;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string server, int size, double seed, int seconds)
    {
        var failures = new List<string>();
        var (database, connectionString) = await BenchCalls.CreateDatabaseAsync(server);
        try
        {
            Console.WriteLine("== Conciliazione benchmark: 16 staff granting on one call (B5) ==");
            Console.WriteLine($"machine: {BenchCalls.Machine()}");
            Console.WriteLine($"load average before: {BenchCalls.Load()}");
            await using var provider = BenchCalls.Services(connectionString, maxPool: Staff + 4);
            var setup = Stopwatch.StartNew();
            await BenchCalls.PrepareAsync(provider);
            var staff = await StaffAsync(provider);
            const int FundedFirst = 200;
            var callId = await BenchCalls.CallAsync(provider, "BENCH-B5", FundedFirst * Amount);
            var fundsId = await BenchCalls.CallAsync(provider, "BENCH-B5-FONDI", size * Amount);
            await BenchCalls.ApplicationsAsync(provider, callId, size, seed, DateTime.UtcNow.Year.ToString(Invariant));
            await using (var scope = provider.CreateAsyncScope())
            {
                var work = scope.ServiceProvider.GetRequiredService<GrantsWork>();
                Require(await work.FreezeAsync(callId, CastellanzaPlan.AllianceId, staff[0], CancellationToken.None), "freeze");
                Require(await work.PublishAsync(callId, CastellanzaPlan.AllianceId, staff[0], CancellationToken.None), "publish");
                Require((await work.RunFundingAsync(callId, CastellanzaPlan.AllianceId, staff[0], CancellationToken.None)).Error, "funding run");
            }

            // One move outside the timing: its rows are the templates of the pgbench script's copies.
            await using (var scope = provider.CreateAsyncScope())
            {
                Require(await scope.ServiceProvider.GetRequiredService<GrantsWork>().MoveBudgetAsync(CastellanzaPlan.AllianceId, fundsId, callId, Amount, "Benchmark B5", staff[0], CancellationToken.None), "first move");
            }

            var waiting = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND status = 'WaitingList'");
            Console.WriteLine($"postgres: {await BenchCalls.ScalarAsync<string>(connectionString, "SHOW server_version")}");
            Console.WriteLine($"size: one call, {size.ToString("N0", Invariant)} applications of {Amount.ToString("N0", Invariant)} EUR ranked and published, {FundedFirst + 1} funded, {waiting.ToString("N0", Invariant)} on the reserve list; a funds call of the same project; {Staff} staff, {seconds} s a side (seed {seed.ToString(Invariant)}; setup {setup.Elapsed.TotalSeconds.ToString("F1", Invariant)} s)");

            // The portal: 16 staff, each move a new scope (a request's DbContext), for the duration.
            var grantsBefore = await GrantsAsync(connectionString, callId);
            var outcomes = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(staff.Select(by => Task.Run(async () =>
            {
                while (clock.Elapsed < until)
                {
                    await using var scope = provider.CreateAsyncScope();
                    var error = await scope.ServiceProvider.GetRequiredService<GrantsWork>().MoveBudgetAsync(CastellanzaPlan.AllianceId, fundsId, callId, Amount, "Benchmark B5", by, CancellationToken.None);
                    outcomes.Add(error ?? "ok");
                }
            })));
            var portalTime = clock.Elapsed.TotalSeconds;
            var portalGrants = await GrantsAsync(connectionString, callId) - grantsBefore;
            var portalRate = portalGrants / portalTime;
            var refused = outcomes.Where(o => o != "ok").GroupBy(o => o).Select(g => $"{g.Count()}x \"{g.Key}\"").ToList();

            // The bare SQL transaction: the same locks and writes through pgbench, 16 clients.
            var script = await ScriptAsync(connectionString, callId, fundsId, staff[0]);
            var scriptPath = Path.Combine(Path.GetTempPath(), $"conciliazione-b5-{Guid.NewGuid():N}.sql");
            await File.WriteAllTextAsync(scriptPath, script);
            var before = await GrantsAsync(connectionString, callId);
            var (tps, output) = await PgbenchAsync(connectionString, scriptPath, seconds);
            File.Delete(scriptPath);
            var sqlGrants = await GrantsAsync(connectionString, callId) - before;

            Console.WriteLine();
            Console.WriteLine(string.Create(Invariant, $"portal (GrantsWork.MoveBudgetAsync, {Staff} staff): {outcomes.Count(o => o == "ok")} moves, {portalGrants} grants in {portalTime:F1} s = {portalRate:F1} grants/s{(refused.Count > 0 ? "; refused: " + string.Join(", ", refused) : "")}"));
            Console.WriteLine(string.Create(Invariant, $"bare SQL (pgbench, {Staff} clients): {sqlGrants} grants, {tps:F1} transactions/s"));
            if (tps <= 0)
            {
                Console.WriteLine(output);
            }

            // Correctness, after both.
            var over = await BenchCalls.ScalarAsync<long>(connectionString, "SELECT count(*) FROM calls WHERE committed > budget");
            var apart = await BenchCalls.ScalarAsync<long>(connectionString, "SELECT count(*) FROM calls c WHERE c.committed <> coalesce((SELECT sum(amount) FROM grants g WHERE g.call_id = c.id AND g.status = 'Active'), 0)");
            var twice = await BenchCalls.ScalarAsync<long>(connectionString, "SELECT count(*) FROM (SELECT application_id FROM grants GROUP BY application_id HAVING count(*) > 1) d");
            var vouchers = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM grants g WHERE g.call_id = '{callId}' AND (SELECT count(*) FROM vouchers v WHERE v.grant_id = g.id) <> 1");
            var funded = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM applications WHERE call_id = '{callId}' AND status = 'Funded'");
            var grants = await GrantsAsync(connectionString, callId);
            var sum = await BenchCalls.ScalarAsync<decimal>(connectionString, $"SELECT coalesce(sum(amount), 0) FROM grants WHERE call_id = '{callId}' AND status = 'Active'");
            var budget = await BenchCalls.ScalarAsync<decimal>(connectionString, $"SELECT budget FROM calls WHERE id = '{callId}'");
            BenchCalls.Check(over == 0, "committed <= budget on every call", failures);
            BenchCalls.Check(sum <= budget, string.Create(Invariant, $"sum of the call's grants {sum:N2} <= its budget {budget:N2}"), failures);
            BenchCalls.Check(apart == 0, "committed = sum of active grants on every call", failures);
            BenchCalls.Check(twice == 0, "0 applications granted twice", failures);
            BenchCalls.Check(vouchers == 0, "one voucher per grant", failures);
            BenchCalls.Check(funded == grants, $"funded applications = active grants ({grants.ToString(Invariant)})", failures);
            BenchCalls.Check(portalGrants > 0 && sqlGrants > 0, "both sides granted", failures);
            var ratio = tps > 0 ? portalRate / tps : 0;
            Console.WriteLine($"load average after: {BenchCalls.Load()}");
            Console.WriteLine(string.Create(Invariant, $"B5: portal {portalRate:F1} grants/s, bare SQL {tps:F1} tps; ratio {ratio:F2}x target >= {TargetRatio:F1}x {(ratio >= TargetRatio ? "met" : "NOT met")}"));
        }
        finally
        {
            await BenchCalls.DropDatabaseAsync(server, database);
        }

        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures)
        {
            Console.WriteLine("  " + f);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static void Require(string? error, string step)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"{step} refused: {error}");
        }
    }

    private static Task<long> GrantsAsync(string connectionString, Guid callId) =>
        BenchCalls.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM grants WHERE call_id = '{callId}' AND status = 'Active'");

    private static async Task<List<Guid>> StaffAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var users = Enumerable.Range(0, Staff).Select(i => new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = $"operatore-{i}@bench.example.org",
            NormalizedUserName = $"OPERATORE-{i}@BENCH.EXAMPLE.ORG",
            Email = $"operatore-{i}@bench.example.org",
            NormalizedEmail = $"OPERATORE-{i}@BENCH.EXAMPLE.ORG",
            DisplayName = "Operatore " + i.ToString(Invariant),
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => u.Id).ToList();
    }

    /// <summary>
    /// The pgbench transaction: what <see cref="GrantsWork.MoveBudgetAsync"/> and
    /// <see cref="Funding.FundReserveAsync"/> send, as plain SQL: the project and the two call rows
    /// locked in the same order, the reallocation and its audit row (copies of the ones the portal
    /// wrote), the budgets moved, then the next application of the reserve list that fits funded:
    /// committed raised under the budget, the grant, the status change, its history, audit and
    /// notification rows, the voucher.
    /// </summary>
    private static async Task<string> ScriptAsync(string connectionString, Guid callId, Guid fundsId, Guid by)
    {
        var project = await BenchCalls.ScalarAsync<Guid>(connectionString, $"SELECT project_id FROM calls WHERE id = '{callId}'");
        var ranking = await BenchCalls.ScalarAsync<Guid>(connectionString, $"SELECT id FROM rankings WHERE call_id = '{callId}' AND discarded_at IS NULL");
        var reallocation = await BenchCalls.ScalarAsync<Guid>(connectionString, "SELECT id FROM call_reallocations ORDER BY recorded_at DESC LIMIT 1");
        var audit = await BenchCalls.ScalarAsync<long>(connectionString, $"SELECT id FROM audit_events WHERE action = '{AuditActions.CallBudgetMoved}' ORDER BY id DESC LIMIT 1");
        var notification = await BenchCalls.ScalarAsync<Guid>(connectionString, "SELECT id FROM notifications ORDER BY created_at DESC LIMIT 1");
        var alliance = CastellanzaPlan.AllianceId;
        var (first, second) = callId.CompareTo(fundsId) < 0 ? (callId, fundsId) : (fundsId, callId);
        var sql = new StringBuilder();
        sql.AppendLine("BEGIN;");
        sql.AppendLine(Invariant, $"SELECT id FROM projects WHERE id = '{project}' FOR UPDATE;");
        sql.AppendLine(Invariant, $"SELECT budget, committed FROM calls WHERE id = '{first}' AND alliance_id = '{alliance}' FOR UPDATE;");
        sql.AppendLine(Invariant, $"SELECT budget, committed FROM calls WHERE id = '{second}' AND alliance_id = '{alliance}' FOR UPDATE;");
        sql.AppendLine(await CopyAsync(connectionString, "call_reallocations", $"id = '{reallocation}'") + ";");
        sql.AppendLine(Invariant, $"UPDATE calls SET budget = budget - {Amount.ToString(Invariant)} WHERE id = '{fundsId}' AND budget - {Amount.ToString(Invariant)} >= committed;");
        sql.AppendLine(Invariant, $"UPDATE calls SET budget = budget + {Amount.ToString(Invariant)} WHERE id = '{callId}';");
        sql.AppendLine(await CopyAsync(connectionString, "audit_events", $"id = {audit.ToString(Invariant)}") + ";");
        sql.AppendLine(Invariant, $"""
            WITH free AS (SELECT budget - committed AS free FROM calls WHERE id = '{callId}'),
            next AS (
              SELECT a.id, a.family_user_id, e.amount, e.position FROM ranking_entries e JOIN applications a ON a.id = e.application_id
              WHERE e.ranking_id = '{ranking}' AND e.position IS NOT NULL AND a.status = 'WaitingList' AND e.amount <= (SELECT free FROM free)
              ORDER BY e.position LIMIT 1),
            raise AS (UPDATE calls c SET committed = c.committed + n.amount FROM next n WHERE c.id = '{callId}' AND c.committed + n.amount <= c.budget RETURNING n.id),
            g AS (INSERT INTO grants (id, alliance_id, call_id, application_id, amount, requested, position, source, status, granted_at, granted_by, paid)
                  SELECT gen_random_uuid(), '{alliance}', '{callId}', n.id, n.amount, n.amount, n.position, 'ReserveList', 'Active', now(), '{Guid.Empty}', 0 FROM next n JOIN raise r ON r.id = n.id
                  RETURNING id, application_id, amount),
            s AS (UPDATE applications a SET status = 'Funded', updated_at = now() FROM g WHERE a.id = g.application_id AND a.status = 'WaitingList' AND a.call_id = '{callId}' RETURNING a.id, a.family_user_id),
            h AS (INSERT INTO application_status_changes (application_id, "from", "to", by_user_id, at, reason)
                  SELECT s.id, 'WaitingList', 'Funded', '{Guid.Empty}', now(), 'Finanziata dalla lista d''attesa: si sono liberati fondi del bando' FROM s RETURNING 1),
            au AS (INSERT INTO audit_events (occurred_at, actor_id, alliance_id, action, entity_type, entity_id, details)
                   SELECT now(), NULL, '{alliance}', '{AuditActions.GrantMade}', 'Application', s.id::text, 'Contributo 350,00 €, dalla lista d''attesa' FROM s RETURNING 1),
            nt AS (INSERT INTO notifications (id, family_user_id, kind, subject_id, language, model_json, to_address, status, attempts, created_at, next_attempt_at)
                   SELECT gen_random_uuid(), s.family_user_id, t.kind, s.id, t.language, t.model_json, t.to_address, 'Pending', 0, now(), now()
                   FROM s CROSS JOIN notifications t WHERE t.id = '{notification}' RETURNING 1)
            INSERT INTO vouchers (id, alliance_id, call_id, application_id, grant_id, code, cap, service_type, provider_id, provider_name,
                                  valid_from, valid_to, receipts_until, payee, status, claimed, paid, issued_at)
            SELECT gen_random_uuid(), '{alliance}', '{callId}', g.application_id, g.id, upper(substr(md5(gen_random_uuid()::text), 1, 12)), g.amount, 'Micronido', NULL, '',
                   current_date, current_date + 365, current_date + 425, 'Family', 'Issued', 0, 0, now() FROM g;
            """);
        sql.AppendLine("COMMIT;");
        _ = by;
        return sql.ToString();
    }

    /// <summary>An INSERT copying the row of <paramref name="table"/> found by <paramref name="where"/>: a new id, the time now.</summary>
    private static async Task<string> CopyAsync(string connectionString, string table, string where)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT column_name::text, data_type::text, coalesce(column_default, '') <> '' OR is_identity = 'YES'
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table ORDER BY ordinal_position
            """, conn);
        cmd.Parameters.AddWithValue("table", table);
        var columns = new List<(string Name, string Type, bool Generated)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
            }
        }

        var kept = columns.Where(c => !(c.Generated && c.Name == "id")).ToList();
        var values = kept.Select(c => c.Name == "id" && c.Type == "uuid" ? "gen_random_uuid()"
            : c.Type.StartsWith("timestamp", StringComparison.Ordinal) ? "now()"
            : "t.\"" + c.Name + "\"");
        return $"INSERT INTO {table} ({string.Join(", ", kept.Select(c => "\"" + c.Name + "\""))}) SELECT {string.Join(", ", values)} FROM {table} t WHERE t.{where}";
    }

    private static async Task<(double Tps, string Output)> PgbenchAsync(string connectionString, string scriptPath, int seconds)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-n", "-c", Staff.ToString(Invariant), "-j", "2", "-T", seconds.ToString(Invariant), "-f", scriptPath, "-h", cs.Host ?? "127.0.0.1", "-p", cs.Port.ToString(Invariant), "-U", cs.Username ?? "postgres", cs.Database! })
        {
            start.ArgumentList.Add(arg);
        }

        if (cs.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pgbench did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        var match = Regex.Match(output, @"tps = ([0-9.]+) \(without initial connection time\)");
        var failed = Regex.Match(output, @"number of failed transactions: ([0-9]+)");
        if (failed.Success && failed.Groups[1].Value != "0")
        {
            Console.WriteLine("pgbench: " + failed.Value);
        }

        return (match.Success ? double.Parse(match.Groups[1].Value, Invariant) : 0, output);
    }
}
