using System.Diagnostics;
using System.Globalization;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Conciliazione.Generator;

/// <summary>A generated dataset: where it is, what it holds, and whether an earlier run's was reused.</summary>
public sealed record RegionDataset(string Database, string ConnectionString, int Seed, int Applications, bool Reused, TimeSpan Elapsed, string Counts);

/// <summary>
/// Builds a region-size dataset (ADR 0152): 30 alliances with their districts, municipalities, partners and
/// projects (with their indicators), 4 calls each, N applications in every status with their status history, review
/// decisions and integration requests, grants, vouchers with receipts, payout batches and lines, and the projects'
/// indicator values with their evidence, deterministic from a seed number. People (families, children) are drawn with Bogus in .NET and loaded
/// with binary COPY into staging tables; every portal row is then written set-based by one
/// <c>INSERT ... SELECT</c> per table that copies a template row written through the domain and overrides the
/// columns that make each row itself (the column list read from information_schema, so copies follow migrations).
/// </summary>
/// <remarks>
/// Invariants the data keeps (RegionGeneratorTests): codici fiscali pass the check character and are fake
/// (cadastral code X..., which no municipality has); e-mail addresses at example.org / example.it; protocol
/// numbers gapless per alliance and year, in submission order; every grant within its call's budget
/// (committed = sum of active grants &lt;= budget); money in euros to the cent; a payout line = the rate times the eligible
/// spending of the validated receipts it counted, at most the voucher's cap; a voucher's claimed and paid (and its grant's
/// paid) = its lines and its lines in paid batches; one current decision per decided application, one open request per
/// application waiting for documents, each matching the history; indicator values on their own alliance's project.
/// </remarks>
public static class RegionGenerator
{
    /// <summary>Raised when what is generated changes: a dataset with another version is generated again.</summary>
    public const int Version = 2;

    /// <summary>The calls' reimbursement rate (50% of the eligible spending, at most the voucher's cap): payouts are worked out with it.</summary>
    public const decimal RatePercent = 50m;

    public const int Alliances = 30;
    public const int CallsPerAlliance = 4;
    private const int FirstCallYear = 2017;
    private const string MarkerTable = "bench_dataset";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"bench_s42_1m", "bench_s42_100k", "bench_s7_2500".</summary>
    public static string DatabaseName(int seed, int applications) => string.Create(Invariant, $"bench_s{seed}_{SizeLabel(applications)}");

    public static string SizeLabel(int applications) => applications switch
    {
        >= 1_000_000 when applications % 1_000_000 == 0 => string.Create(Invariant, $"{applications / 1_000_000}m"),
        >= 1_000 when applications % 1_000 == 0 => string.Create(Invariant, $"{applications / 1_000}k"),
        _ => applications.ToString(Invariant),
    };

    /// <summary>
    /// The dataset of <paramref name="seed"/> and <paramref name="applications"/> on the server: reused when its
    /// database exists with a marker row of the same seed, size, generator version and last migration;
    /// otherwise (missing, interrupted, older) dropped and generated again.
    /// </summary>
    public static async Task<RegionDataset> EnsureAsync(string server, int seed, int applications, TextWriter log, CancellationToken ct = default)
    {
        var database = DatabaseName(seed, applications);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 3600 }.ConnectionString;
        var watch = Stopwatch.StartNew();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(ct);
            var exists = await ScalarAsync<bool>(admin, $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{database}')", ct);
            if (exists)
            {
                var marker = await MarkerAsync(connectionString, ct);
                if (marker is not null && marker == ExpectedMarker(seed, applications))
                {
                    var counts = await CountsAsync(connectionString, ct);
                    log.WriteLine($"dataset: {database} reused (seed {seed}, generator v{Version}): {counts}");
                    return new RegionDataset(database, connectionString, seed, applications, true, watch.Elapsed, counts);
                }

                log.WriteLine($"dataset: {database} exists without a matching marker ({marker ?? "none"}): generated again");
                NpgsqlConnection.ClearAllPools();
                await ExecAsync(admin, $"DROP DATABASE {database} WITH (FORCE)", ct);
            }

            await ExecAsync(admin, $"CREATE DATABASE {database}", ct);
        }

        await GenerateAsync(connectionString, seed, applications, log, ct);
        var generated = await CountsAsync(connectionString, ct);
        log.WriteLine($"dataset: {database} generated in {watch.Elapsed.TotalSeconds.ToString("F1", Invariant)} s: {generated}");
        return new RegionDataset(database, connectionString, seed, applications, false, watch.Elapsed, generated);
    }

    /// <summary>What the dataset holds, in one line.</summary>
    public static async Task<string> CountsAsync(string connectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return await ScalarAsync<string>(conn, """
            SELECT format('%s alliances, %s partners, %s municipalities, %s projects, %s calls, %s families, %s applications, %s status changes, %s decisions, %s document requests, %s grants, %s vouchers, %s receipts, %s payout batches, %s payout lines, %s indicator values',
              (SELECT count(*) FROM alliances), (SELECT count(*) FROM partners), (SELECT count(*) FROM municipalities), (SELECT count(*) FROM projects),
              (SELECT count(*) FROM calls), (SELECT count(*) FROM "AspNetUsers" WHERE fiscal_code IS NOT NULL), (SELECT count(*) FROM applications),
              (SELECT count(*) FROM application_status_changes), (SELECT count(*) FROM application_decisions), (SELECT count(*) FROM application_document_requests),
              (SELECT count(*) FROM grants), (SELECT count(*) FROM vouchers), (SELECT count(*) FROM receipts), (SELECT count(*) FROM payout_batches),
              (SELECT count(*) FROM payout_lines), (SELECT count(*) FROM indicator_values))
            """, ct);
    }

    /// <summary>
    /// Checksums of what was generated, table by table, over content only (names, codes, statuses, amounts, times;
    /// no ids the demo seed draws at random): the same seed and size give the same checksums.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ChecksumsAsync(string connectionString, CancellationToken ct = default)
    {
        var queries = new Dictionary<string, string>
        {
            ["families"] = """SELECT md5(string_agg(concat_ws('|', user_name, email, display_name, fiscal_code, phone_number), ',' ORDER BY fiscal_code)) FROM "AspNetUsers" WHERE fiscal_code IS NOT NULL""",
            ["applications"] = """
                SELECT md5(string_agg(concat_ws('|', al.name, m.name, c.reference_number, u.fiscal_code, a.status, a.protocol_number, a.submitted_at, a.applicant::text, a.household::text, a.isee::text), ',' ORDER BY a.id))
                FROM applications a JOIN alliances al ON al.id = a.alliance_id JOIN municipalities m ON m.id = a.residence_municipality_id
                JOIN calls c ON c.id = a.call_id JOIN "AspNetUsers" u ON u.id = a.family_user_id
                """,
            ["history"] = """SELECT md5(string_agg(concat_ws('|', h.application_id, h."from", h."to", h.at, h.reason), ',' ORDER BY h.application_id, h.at, h."to")) FROM application_status_changes h""",
            ["grants"] = """SELECT md5(string_agg(concat_ws('|', g.id, g.amount, g.requested, g.status, g.granted_at, g.paid), ',' ORDER BY g.id)) FROM grants g""",
            ["vouchers"] = """SELECT md5(string_agg(concat_ws('|', v.id, v.code, v.cap, v.status, v.claimed, v.paid, v.payee_iban, v.payee_holder), ',' ORDER BY v.id)) FROM vouchers v""",
            ["decisions"] = """SELECT md5(string_agg(concat_ws('|', d.id, d.application_id, d.outcome, array_to_string(d.reasons, ';'), d.decided_at, d.reopened_at), ',' ORDER BY d.id)) FROM application_decisions d""",
            ["document_requests"] = """SELECT md5(string_agg(concat_ws('|', r.id, r.application_id, r.status, r.requested_at, r.due_at, r.answered_at, r.closed_at, r.items::text), ',' ORDER BY r.id)) FROM application_document_requests r""",
            ["receipts"] = """
                SELECT md5(string_agg(concat_ws('|', r.id, r.voucher_id, r.number, r.period_from, r.period_to, r.child_fiscal_code, r.amount, r.eligible_amount, r.method,
                  r.status, r.submitted_at, r.reviewed_at, r.corrects_id, r.payout_line_id, r.document_sha256), ',' ORDER BY r.id)) FROM receipts r
                """,
            ["payouts"] = """
                SELECT md5(string_agg(concat_ws('|', b.number, b.status, b.total, b.transfer_count, b.value_date, l.id, l.voucher_id, l.payee_iban, l.gross, l.eligible, l.end_to_end_id, l.remittance),
                  ',' ORDER BY l.id)) FROM payout_lines l JOIN payout_batches b ON b.id = l.batch_id
                """,
            ["indicator_values"] = """
                SELECT md5(string_agg(concat_ws('|', al.name, i.name, v.period_start, v.value, v.recorded_at, v.superseded_at, d.sha256), ',' ORDER BY al.name, i.name, v.period_start, v.recorded_at))
                FROM indicator_values v JOIN alliances al ON al.id = v.alliance_id JOIN indicators i ON i.id = v.indicator_id JOIN monitoring_documents d ON d.id = v.evidence_document_id
                """,
            ["calls"] = """SELECT md5(string_agg(concat_ws('|', c.reference_number, c.title, c.opens_at, c.budget, c.committed), ',' ORDER BY c.reference_number)) FROM calls c""",
        };
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, sql) in queries)
        {
            result[name] = await ScalarAsync<string>(conn, sql, ct);
        }

        return result;
    }

    /// <summary>Generates into an empty database (migrated here).</summary>
    public static async Task GenerateAsync(string connectionString, int seed, int applications, TextWriter log, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(applications, 100);
        var options = new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase(connectionString).Options;
        var step = Stopwatch.StartNew();
        Templates template;
        string migration;
        await using (var db = new AppDbContext(options))
        {
            db.Database.SetCommandTimeout(3600);
            await db.Database.MigrateAsync(ct);
            migration = db.Database.GetMigrations().Last();
            await CastellanzaPlan.SeedAsync(db, ct);
            template = await TemplatesAsync(db, ct);
        }

        log.WriteLine($"   migrations, the Castellanza plan and the templates in {Seconds(step)}");
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var sql = new Sql(conn, log, ct);
        await sql.ExecAsync("SET max_parallel_workers_per_gather = 0");
        await RegionAsync(sql, template, seed);

        // People, drawn in .NET with Bogus from the seed and loaded with binary COPY.
        step.Restart();
        var municipalities = (int)await sql.ScalarAsync<long>("SELECT count(*) FROM gen_municipalities");
        var people = People.Draw(seed, applications, municipalities);
        log.WriteLine($"   {people.Families.Count.ToString("N0", Invariant)} families and {applications.ToString("N0", Invariant)} applications drawn (Bogus, seed {seed}) in {Seconds(step)}");
        step.Restart();
        await CopyPeopleAsync(conn, people, ct);
        log.WriteLine($"   staged by binary COPY in {Seconds(step)}");

        await PortalRowsAsync(sql, template, seed);
        await VouchersAsync(sql, template, options, seed, ct);
        await MonitoringAsync(sql, template, options, seed, ct);

        await sql.ExecAsync($"DELETE FROM applications WHERE id = '{template.ApplicationId}'");
        await sql.ExecAsync($"DELETE FROM calls WHERE id = '{template.CallId}'");
        await sql.ExecAsync($"DELETE FROM \"AspNetUsers\" WHERE id = '{template.FamilyId}'");
        await sql.ExecAsync("DROP TABLE IF EXISTS gen_families, gen_applications, gen_alliances, gen_calls, gen_municipalities, gen_followups, gen_receipts, gen_indicator_values, gen_lines, gen_vouchers, gen_batches");
        await sql.ExecAsync($"CREATE TABLE {MarkerTable} (marker text NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())");
        await sql.ExecAsync($"INSERT INTO {MarkerTable} (marker) VALUES ('{ExpectedMarker(seed, applications, migration)}')");
        step.Restart();
        await sql.ExecAsync("VACUUM ANALYZE");
        log.WriteLine($"   VACUUM ANALYZE in {Seconds(step)}");
    }

    private sealed record Templates(Guid CallId, Guid ApplicationId, Guid FamilyId, Guid StaffId);

    /// <summary>One closed call, one family and one application written through the domain: what the copies start from.</summary>
    private static async Task<Templates> TemplatesAsync(AppDbContext db, CancellationToken ct)
    {
        var now = new DateTimeOffset(FirstCallYear, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        var action = project.Actions.Single(a => a.Code == "B");
        var call = Call.CreateDraft(CastellanzaPlan.AllianceId, project, action.Id,
            new CallDetails("GEN-T", "Modello", "Bando modello del generatore.", now, now.AddDays(30), new DateOnly(FirstCallYear, 4, 1), new DateOnly(FirstCallYear + 1, 12, 31), 1_000m, AllowsOtherProvider: true),
            new VoucherBudget(1_000m, 0m, 0m), now, null);
        call.ReviseRules(new CallRules
        {
            ServiceTypes = [ServiceType.Micronido],
            Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = new DateOnly(FirstCallYear, 9, 1), IseeCeiling = 40_000m },
            Amount = new AmountRule { RatePercent = RatePercent, CapPerChild = 350m },
            Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime], WhenShort = ShortfallPolicy.SkipToNextThatFits },
            Documents = [new RequiredDocument("Attestazione ISEE", true)],
            SelfDeclarations = ["di essere residente in uno dei comuni dell'alleanza"],
        });
        db.CallDocuments.Add(call.AttachDocument("bando.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray(), now));
        call.Publish(project, now, null);
        call.Freeze(now);
        call.Close(now);
        db.Calls.Add(call);
        var family = User("famiglia-modello@example.org", "Famiglia modello", now);
        var staff = User("istruttoria@example.org", "Istruttoria del generatore", now);
        db.Users.AddRange(family, staff);
        var municipality = await db.Municipalities.Where(m => m.AllianceId == CastellanzaPlan.AllianceId).OrderBy(m => m.Name).FirstAsync(ct);
        var application = Application.StartDraft(CastellanzaPlan.AllianceId, call.Id, family.Id,
            new ApplicantSection { GivenName = "Modello", FamilyName = "Modello", FiscalCode = "", BirthDate = new DateOnly(1985, 1, 1), Email = "famiglia-modello@example.org", Phone = "" }, now);
        application.UpdateEmployment(new EmploymentSection(), municipality.Id, now);
        application.UpdateHousehold(new HouseholdSection { Children = [new ChildEntry { GivenName = "Modello", FamilyName = "Modello", FiscalCode = "", BirthDate = new DateOnly(2020, 1, 1) }] }, now);
        application.UpdateIsee(new IseeSection { HasIsee = true, Value = 10_000m, Type = IseeType.Ordinario }, now);
        // Reviewed as staff do it: taken in charge, documents requested and sent, admitted. The copies take its
        // document request and decision as templates; their own status, protocol and reviewer are overridden.
        application.Submit(call.CurrentVersion.Id, "GEN-T", Guid.NewGuid(), now.AddHours(1));
        application.TakeInCharge(staff.Id, now.AddDays(2));
        var request = application.RequestDocuments([new RequestedItem("doc-1", "Attestazione ISEE")], "Serve l'attestazione ISEE aggiornata: quella allegata è scaduta.",
            now.AddDays(15), staff.Id, now.AddDays(5));
        application.AnswerDocumentRequest(request.Id, [("doc-1", "isee.pdf", UploadKind.Pdf, "%PDF-1.4\n%%EOF\n"u8.ToArray())], "Allegata l'attestazione ISEE aggiornata.", now.AddDays(9));
        application.Decide(DecisionOutcome.Admitted, [], null, staff.Id, now.AddDays(15));
        db.Applications.Add(application);

        // The alliance's debtor account (payout batches need one): the copies of the alliance take it.
        var alliance = await db.Alliances.SingleAsync(a => a.Id == CastellanzaPlan.AllianceId, ct);
        alliance.Payments ??= PaymentAccount.Create("Comune di Castellanza - Ente capofila", Iban.ItalianFrom("03069", "22800", "100000046001"), null, null);
        await db.SaveChangesAsync(ct);
        return new Templates(call.Id, application.Id, family.Id, staff.Id);
    }

    private static ApplicationUser User(string email, string name, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        DisplayName = name,
        SecurityStamp = "generated",
        CreatedAt = now,
    };

    /// <summary>Alliances 2-30 (copies of Castellanza, alliance 1), districts, municipalities, partners, projects and actions, 4 calls each.</summary>
    private static async Task RegionAsync(Sql sql, Templates t, int seed)
    {
        var s = seed.ToString(Invariant);
        await sql.ExecAsync($"""
            CREATE TABLE gen_alliances AS
            SELECT 1 AS k, '{CastellanzaPlan.AllianceId}'::uuid AS id
            UNION ALL SELECT k, md5('{s}-alliance-' || k)::uuid FROM generate_series(2, {Alliances}) k
            """);
        await sql.CopyAsync("alliances", "alliances t JOIN gen_alliances a ON a.k > 1 WHERE t.id = @alliance", new()
        {
            ["id"] = "a.id",
            ["slug"] = "'alleanza-' || a.k",
            ["name"] = "'Alleanza locale ' || a.k",
        }, ("alliance", CastellanzaPlan.AllianceId));
        await sql.CopyAsync("districts", "districts t JOIN gen_alliances a ON a.k > 1 WHERE t.id = (SELECT id FROM districts WHERE alliance_id = @alliance ORDER BY name LIMIT 1)", new()
        {
            ["id"] = $"md5('{s}-district-' || a.k)::uuid",
            ["alliance_id"] = "a.id",
            ["name"] = "'Ambito ' || a.k",
        }, ("alliance", CastellanzaPlan.AllianceId));
        // 8 to 32 municipalities per alliance (about 600 with Castellanza's own).
        await sql.CopyAsync("municipalities", "municipalities t JOIN gen_alliances a ON a.k > 1 CROSS JOIN LATERAL generate_series(1, 8 + (a.k * 7) % 25) j WHERE t.id = (SELECT id FROM municipalities WHERE alliance_id = @alliance ORDER BY name LIMIT 1)", new()
        {
            ["id"] = $"md5('{s}-municipality-' || a.k || '-' || j)::uuid",
            ["alliance_id"] = "a.id",
            ["district_id"] = $"md5('{s}-district-' || a.k)::uuid",
            ["name"] = "'Comune ' || a.k || '-' || j",
            ["istat_code"] = "lpad((a.k * 100 + j)::text, 6, '0')",
        }, ("alliance", CastellanzaPlan.AllianceId));
        await sql.CopyAsync("partners", "partners t JOIN gen_alliances a ON a.k > 1 WHERE t.alliance_id = @alliance", new()
        {
            ["id"] = $"md5('{s}-partner-' || a.k || '-' || t.name)::uuid",
            ["alliance_id"] = "a.id",
        }, ("alliance", CastellanzaPlan.AllianceId));
        await sql.CopyAsync("projects", "projects t JOIN gen_alliances a ON a.k > 1 WHERE t.id = @project", new()
        {
            ["id"] = $"md5('{s}-project-' || a.k)::uuid",
            ["alliance_id"] = "a.id",
        }, ("project", CastellanzaPlan.CurrentProjectId));
        await sql.CopyAsync("project_actions", "project_actions t JOIN gen_alliances a ON a.k > 1 WHERE t.project_id = @project", new()
        {
            ["id"] = $"md5('{s}-action-' || a.k || '-' || t.code)::uuid",
            ["project_id"] = $"md5('{s}-project-' || a.k)::uuid",
        }, ("project", CastellanzaPlan.CurrentProjectId));
        await sql.CopyAsync("indicators", "indicators t JOIN project_actions pa ON pa.id = t.action_id AND pa.project_id = @project JOIN gen_alliances a ON a.k > 1", new()
        {
            ["id"] = $"md5('{s}-indicator-' || a.k || '-' || pa.code || '-' || t.sort_order)::uuid",
            ["action_id"] = $"md5('{s}-action-' || a.k || '-' || pa.code)::uuid",
        }, ("project", CastellanzaPlan.CurrentProjectId));

        // The plan's project runs 2017-2018: call n of every alliance opens on 1 February or 1 September (Rome) of
        // 2017 or 2018, for 30 days; its services run from 45 days after opening to the end of the project.
        await sql.ExecAsync($"""
            CREATE TABLE gen_calls AS
            SELECT a.k, n, a.id AS alliance_id, md5('{s}-call-' || a.k || '-' || n)::uuid AS id, md5('{s}-version-' || a.k || '-' || n)::uuid AS version_id,
                   CASE WHEN a.k = 1 THEN @project::uuid ELSE md5('{s}-project-' || a.k)::uuid END AS project_id,
                   make_timestamptz({FirstCallYear} + n / 2, CASE WHEN n % 2 = 0 THEN 2 ELSE 9 END, 1, 9, 0, 0, 'Europe/Rome') AS opens_at
            FROM gen_alliances a CROSS JOIN generate_series(0, {CallsPerAlliance - 1}) n
            """, ("project", CastellanzaPlan.CurrentProjectId));
        await sql.CopyAsync("calls", "calls t CROSS JOIN gen_calls b WHERE t.id = @template", new()
        {
            ["id"] = "b.id",
            ["alliance_id"] = "b.alliance_id",
            ["project_id"] = "b.project_id",
            ["action_id"] = "(SELECT pa.id FROM project_actions pa WHERE pa.project_id = b.project_id AND pa.code = 'B')",
            ["reference_number"] = $"'{CallReferencePrefix}' || b.k || '-' || (b.n + 1)",
            ["title"] = "'Voucher conciliazione ' || extract(year FROM b.opens_at AT TIME ZONE 'Europe/Rome') || ' (' || (b.n % 2 + 1) || ')'",
            ["opens_at"] = "b.opens_at",
            ["closes_at"] = "b.opens_at + interval '30 days'",
            ["service_start"] = "(b.opens_at AT TIME ZONE 'Europe/Rome')::date + 45",
            ["service_end"] = "date '2018-12-31'",
            ["committed"] = "0",
        }, ("template", t.CallId));
        await sql.CopyAsync("call_versions", "call_versions t CROSS JOIN gen_calls b WHERE t.call_id = @template", new()
        {
            ["id"] = "b.version_id",
            ["call_id"] = "b.id",
        }, ("template", t.CallId));

        // Municipalities in an order drawn from the seed (Castellanza's ids are random: order by name first).
        await sql.ExecAsync($"""
            CREATE TABLE gen_municipalities AS
            SELECT (row_number() OVER (ORDER BY md5('{s}-' || m.name || '-' || m.istat_code)) - 1)::int AS idx, m.id, m.alliance_id, a.k
            FROM municipalities m JOIN gen_alliances a ON a.id = m.alliance_id
            """);
        await sql.ExecAsync("CREATE UNIQUE INDEX ON gen_municipalities (idx)");
    }

    /// <summary>Prefix of the generated calls' reference numbers ("RG7-3": alliance 7, its third call).</summary>
    public const string CallReferencePrefix = "RG";

    private static async Task CopyPeopleAsync(NpgsqlConnection conn, People people, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand("""
            CREATE UNLOGGED TABLE gen_families (k int PRIMARY KEY, given text, family text, fiscal_code text, birth date, email text, phone text, municipality int);
            CREATE UNLOGGED TABLE gen_applications (i int PRIMARY KEY, k int, n int, status text, offset_seconds int, child_given text, child_fiscal_code text, child_birth date, isee numeric(12,2), requested numeric(12,2), amount numeric(12,2));
            CREATE UNLOGGED TABLE gen_followups (i int PRIMARY KEY, request int, iban text);
            CREATE UNLOGGED TABLE gen_receipts (i int, r int, month int, corrects int, status text, amount numeric(12,2), eligible numeric(12,2), method text, counted boolean, PRIMARY KEY (i, r));
            CREATE UNLOGGED TABLE gen_indicator_values (k int, indicator int, period int, value int, superseded int);
            """, conn))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync("COPY gen_families (k, given, family, fiscal_code, birth, email, phone, municipality) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in people.Families)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(f.K, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(f.GivenName, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.FamilyName, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.FiscalCode, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.BirthDate, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(f.Email, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.Phone, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.Municipality, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync("COPY gen_applications (i, k, n, status, offset_seconds, child_given, child_fiscal_code, child_birth, isee, requested, amount) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var a in people.Applications)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(a.I, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(a.K, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(a.N, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(a.Status.ToString(), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(a.OffsetSeconds, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(a.ChildGivenName, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(a.ChildFiscalCode, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(a.ChildBirthDate, NpgsqlDbType.Date, ct);
                if (a.Isee is { } isee)
                {
                    await writer.WriteAsync(isee, NpgsqlDbType.Numeric, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }

                await writer.WriteAsync(a.Requested, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(a.Amount, NpgsqlDbType.Numeric, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync("COPY gen_followups (i, request, iban) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in people.FollowUps)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(f.I, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(f.Request, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(writer, f.Iban, NpgsqlDbType.Text, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync("COPY gen_receipts (i, r, month, corrects, status, amount, eligible, method, counted) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in people.Receipts)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.I, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.R, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Month, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(writer, r.Corrects, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(r.Status.ToString(), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Amount, NpgsqlDbType.Numeric, ct);
                await WriteOrNullAsync(writer, r.Eligible, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(r.Method.ToString(), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Counted, NpgsqlDbType.Boolean, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await conn.BeginBinaryImportAsync("COPY gen_indicator_values (k, indicator, period, value, superseded) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var v in people.IndicatorValues)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(v.K, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(v.Indicator, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(v.Period, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(v.Value, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(writer, v.Superseded, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE gen_families; ANALYZE gen_applications; ANALYZE gen_followups; ANALYZE gen_receipts", conn);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync((object)value, type, ct);
        }
    }

    /// <summary>Families, applications with their history, grants, and each call's budget: set-based from the staged people.</summary>
    private static async Task PortalRowsAsync(Sql sql, Templates t, int seed)
    {
        var s = seed.ToString(Invariant);
        await sql.CopyAsync("AspNetUsers", "\"AspNetUsers\" t CROSS JOIN gen_families f JOIN gen_municipalities m ON m.idx = f.municipality WHERE t.id = @template", new()
        {
            ["id"] = $"md5('{s}-family-' || f.k)::uuid",
            ["user_name"] = "f.email",
            ["normalized_user_name"] = "upper(f.email)",
            ["email"] = "f.email",
            ["normalized_email"] = "upper(f.email)",
            ["display_name"] = "f.given || ' ' || f.family",
            ["fiscal_code"] = "f.fiscal_code",
            ["phone_number"] = "f.phone",
            ["security_stamp"] = $"md5('{s}-stamp-' || f.k)",
            ["concurrency_stamp"] = $"md5('{s}-concurrency-' || f.k)",
        }, ("template", t.FamilyId));

        // Drafts have no protocol; the others are numbered per alliance and year (Rome) in submission order, without gaps.
        var submitted = "c.opens_at + g.offset_seconds * interval '1 second'";
        await sql.CopyAsync("applications", $"""
            applications t
            CROSS JOIN gen_applications g
            JOIN gen_families f ON f.k = g.k
            JOIN gen_municipalities m ON m.idx = f.municipality
            JOIN gen_calls c ON c.k = m.k AND c.n = g.n
            WHERE t.id = @template
            """, new()
        {
            ["id"] = $"md5('{s}-application-' || g.i)::uuid",
            ["alliance_id"] = "m.alliance_id",
            ["call_id"] = "c.id",
            ["call_version_id"] = "c.version_id",
            ["residence_municipality_id"] = "m.id",
            ["status"] = "g.status",
            ["family_user_id"] = $"md5('{s}-family-' || f.k)::uuid",
            ["protocol_number"] = "NULL",
            ["submitted_at"] = $"CASE WHEN g.status = 'Draft' THEN NULL ELSE {submitted} END",
            ["created_at"] = $"{submitted} - interval '1 hour'",
            ["updated_at"] = submitted,
            ["submission_key"] = $"CASE WHEN g.status = 'Draft' THEN NULL ELSE md5('{s}-submission-' || g.i)::uuid END",
            ["start_key"] = $"md5('{s}-start-' || g.i)::uuid",
            // Taken in charge by the generator's reviewer two days after submission (TakeInCharge).
            ["reviewer_id"] = $"CASE WHEN g.status IN ({Quoted(ReviewedStatuses)}, 'DocumentsRequested') THEN @staff END",
            ["reviewer_since"] = $"CASE WHEN g.status IN ({Quoted(ReviewedStatuses)}, 'DocumentsRequested') THEN {submitted} + interval '2 days' END",
            ["applicant"] = """
                t.applicant || jsonb_build_object('GivenName', f.given, 'FamilyName', f.family, 'FiscalCode', f.fiscal_code,
                  'BirthDate', to_char(f.birth, 'YYYY-MM-DD'), 'Email', f.email, 'Phone', f.phone)
                """,
            ["household"] = """
                jsonb_set(t.household, '{Children,0}', (t.household->'Children'->0) || jsonb_build_object('GivenName', g.child_given, 'FamilyName', f.family,
                  'FiscalCode', g.child_fiscal_code, 'BirthDate', to_char(g.child_birth, 'YYYY-MM-DD')))
                """,
            ["isee"] = "CASE WHEN g.isee IS NULL THEN t.isee || jsonb_build_object('HasIsee', false, 'Value', NULL) ELSE t.isee || jsonb_build_object('Value', g.isee) END",
        }, ("template", t.ApplicationId), ("staff", t.StaffId));
        await sql.ExecAsync("""
            UPDATE applications a SET protocol_number = p.number
            FROM (SELECT id, extract(year FROM submitted_at AT TIME ZONE 'Europe/Rome')::int::text || '/' ||
                         lpad(row_number() OVER (PARTITION BY alliance_id, extract(year FROM submitted_at AT TIME ZONE 'Europe/Rome') ORDER BY submitted_at, id)::text, 6, '0') AS number
                  FROM applications WHERE submitted_at IS NOT NULL AND id <> @template) p
            WHERE a.id = p.id
            """, ("template", t.ApplicationId));
        await sql.ExecAsync("""
            INSERT INTO protocol_counters (alliance_id, year, last_number)
            SELECT alliance_id, split_part(protocol_number, '/', 1)::int, max(split_part(protocol_number, '/', 2)::int)
            FROM applications WHERE protocol_number IS NOT NULL AND id <> @template GROUP BY 1, 2
            ON CONFLICT (alliance_id, year) DO UPDATE SET last_number = excluded.last_number
            """, ("template", t.ApplicationId));

        // The way each status was reached: (step, from, to, days after submission, by the family?).
        await sql.ExecAsync("""
            CREATE TEMP TABLE gen_paths (status text, step int, from_status text, to_status text, days int, by_family boolean, reason text);
            INSERT INTO gen_paths VALUES
              ('Submitted', 1, 'Draft', 'Submitted', 0, true, NULL),
              ('InReview', 1, 'Draft', 'Submitted', 0, true, NULL), ('InReview', 2, 'Submitted', 'InReview', 2, false, NULL),
              ('DocumentsRequested', 1, 'Draft', 'Submitted', 0, true, NULL), ('DocumentsRequested', 2, 'Submitted', 'InReview', 2, false, NULL),
              ('DocumentsRequested', 3, 'InReview', 'DocumentsRequested', 5, false, 'Richiesta di integrazione'),
              ('Admitted', 1, 'Draft', 'Submitted', 0, true, NULL), ('Admitted', 2, 'Submitted', 'InReview', 2, false, NULL), ('Admitted', 3, 'InReview', 'Admitted', 15, false, NULL),
              ('NotAdmitted', 1, 'Draft', 'Submitted', 0, true, NULL), ('NotAdmitted', 2, 'Submitted', 'InReview', 2, false, NULL),
              ('NotAdmitted', 3, 'InReview', 'NotAdmitted', 15, false, 'ISEE oltre la soglia del bando'),
              ('Withdrawn', 1, 'Draft', 'Submitted', 0, true, NULL), ('Withdrawn', 2, 'Submitted', 'Withdrawn', 3, true, 'Non serve più'),
              ('Funded', 1, 'Draft', 'Submitted', 0, true, NULL), ('Funded', 2, 'Submitted', 'InReview', 2, false, NULL), ('Funded', 3, 'InReview', 'Admitted', 15, false, NULL),
              ('Funded', 4, 'Admitted', 'Funded', 40, false, NULL),
              ('WaitingList', 1, 'Draft', 'Submitted', 0, true, NULL), ('WaitingList', 2, 'Submitted', 'InReview', 2, false, NULL), ('WaitingList', 3, 'InReview', 'Admitted', 15, false, NULL),
              ('WaitingList', 4, 'Admitted', 'WaitingList', 40, false, NULL),
              ('Renounced', 1, 'Draft', 'Submitted', 0, true, NULL), ('Renounced', 2, 'Submitted', 'InReview', 2, false, NULL), ('Renounced', 3, 'InReview', 'Admitted', 15, false, NULL),
              ('Renounced', 4, 'Admitted', 'Funded', 40, false, NULL), ('Renounced', 5, 'Funded', 'Renounced', 60, true, 'Trasferimento in altra regione'),
              ('Revoked', 1, 'Draft', 'Submitted', 0, true, NULL), ('Revoked', 2, 'Submitted', 'InReview', 2, false, NULL), ('Revoked', 3, 'InReview', 'Admitted', 15, false, NULL),
              ('Revoked', 4, 'Admitted', 'Funded', 40, false, NULL), ('Revoked', 5, 'Funded', 'Revoked', 90, false, 'Dichiarazione ISEE non veritiera (controllo a campione)');
            """);
        await sql.ExecAsync("""
            INSERT INTO application_status_changes (application_id, "from", "to", by_user_id, at, reason)
            SELECT a.id, p.from_status, p.to_status, CASE WHEN p.by_family THEN a.family_user_id ELSE @staff END, a.submitted_at + p.days * interval '1 day', p.reason
            FROM applications a JOIN gen_paths p ON p.status = a.status
            WHERE a.id <> @template
            """, ("staff", t.StaffId), ("template", t.ApplicationId));
        // An integration request before the decision, answered by the family four days later or cancelled by staff the next day.
        await sql.ExecAsync($"""
            INSERT INTO application_status_changes (application_id, "from", "to", by_user_id, at, reason)
            SELECT a.id, x.from_status, x.to_status, CASE WHEN x.by_family THEN a.family_user_id ELSE @staff END, a.submitted_at + x.days * interval '1 day', x.reason
            FROM gen_followups f JOIN applications a ON a.id = md5('{s}-application-' || f.i)::uuid
            JOIN (VALUES (1, 'InReview', 'DocumentsRequested', 5, false, 'Richiesta di integrazione'), (1, 'DocumentsRequested', 'InReview', 9, true, 'Integrazione inviata'),
                         (2, 'InReview', 'DocumentsRequested', 5, false, 'Richiesta di integrazione'), (2, 'DocumentsRequested', 'InReview', 6, false, 'Richiesta di integrazione annullata'))
                 x (request, from_status, to_status, days, by_family, reason) ON x.request = f.request
            """, ("staff", t.StaffId));
        await ReviewAsync(sql, t, seed);

        // One payout line per voucher whose validated receipts a batch counted: the rate times their eligible spending, at
        // most the cap (Reimbursements.Due with nothing claimed before). Batches of the first three calls are paid.
        await sql.ExecAsync($"""
            CREATE TABLE gen_lines AS
            SELECT r.i, g.n, sum(r.eligible) AS eligible, least(round(sum(r.eligible) * {RatePercent.ToString(Invariant)} / 100, 2), g.amount) AS gross,
                   g.n < {CallsPerAlliance - 1} AS paid, min(r.month) AS first_month, max(r.month) AS last_month
            FROM gen_receipts r JOIN gen_applications g ON g.i = r.i
            WHERE r.counted GROUP BY r.i, g.n, g.amount
            """);
        await sql.ExecAsync("CREATE UNIQUE INDEX ON gen_lines (i)");

        // A grant for each application that was funded (active, renounced or revoked), at most what the amount rule allowed.
        await sql.ExecAsync($"""
            INSERT INTO grants (id, alliance_id, call_id, application_id, amount, requested, position, source, status, granted_at, granted_by, released_at, paid)
            SELECT md5('{s}-grant-' || g.i)::uuid, a.alliance_id, a.call_id, a.id, g.amount, g.requested, NULL, 'Ranking',
                   CASE a.status WHEN 'Funded' THEN 'Active' ELSE a.status END, a.submitted_at + interval '40 days', @staff,
                   CASE WHEN a.status = 'Funded' THEN NULL ELSE a.submitted_at + interval '60 days' END, CASE WHEN l.paid THEN l.gross ELSE 0 END
            FROM gen_applications g JOIN applications a ON a.id = md5('{s}-application-' || g.i)::uuid LEFT JOIN gen_lines l ON l.i = g.i
            WHERE a.status IN ('Funded', 'Renounced', 'Revoked')
            """, ("staff", t.StaffId));
        // Each call's budget: what its grants took, plus a fifth left for the reserve list (whole euros); committed = active grants.
        await sql.ExecAsync("""
            UPDATE calls c SET committed = s.active, budget = greatest(ceil(s.total * 1.2), 1000)
            FROM (SELECT c2.id, coalesce(sum(g.amount) FILTER (WHERE g.status = 'Active'), 0) AS active, coalesce(sum(g.amount), 0) AS total
                  FROM gen_calls c2 LEFT JOIN grants g ON g.call_id = c2.id GROUP BY c2.id) s
            WHERE s.id = c.id
            """);
    }

    /// <summary>Statuses an application reaches through a decision (admitted, then maybe funded; or not admitted).</summary>
    private static readonly string[] DecidedStatuses = ["Admitted", "NotAdmitted", "Funded", "WaitingList", "Renounced", "Revoked"];

    private static readonly string[] ReviewedStatuses = [.. People.Reviewed.Select(x => x.ToString()).Order(StringComparer.Ordinal)];

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => "'" + v + "'"));

    /// <summary>
    /// What staff stored while reviewing, copied from the template application's: one decision for each decided application
    /// (not admitted: with the reason its history shows), an open integration request for each application waiting for
    /// documents (due ten days later, end of day in Rome), the answered or cancelled requests of <c>gen_followups</c>.
    /// </summary>
    private static async Task ReviewAsync(Sql sql, Templates t, int seed)
    {
        var s = seed.ToString(Invariant);
        await sql.CopyAsync("application_decisions", $"application_decisions t CROSS JOIN applications a WHERE t.application_id = @template AND a.id <> @template AND a.status IN ({Quoted(DecidedStatuses)})", new()
        {
            ["id"] = $"md5('{s}-decision-' || a.id)::uuid",
            ["application_id"] = "a.id",
            ["outcome"] = "CASE WHEN a.status = 'NotAdmitted' THEN 'NotAdmitted' ELSE 'Admitted' END",
            ["reasons"] = "CASE WHEN a.status = 'NotAdmitted' THEN ARRAY['ISEE oltre la soglia del bando'] ELSE '{}'::text[] END",
            ["note"] = "NULL",
            ["decided_by"] = "@staff",
            ["decided_at"] = "a.submitted_at + interval '15 days'",
            ["letter_document_id"] = "NULL",
        }, ("template", t.ApplicationId), ("staff", t.StaffId));
        var requested = "a.submitted_at + interval '5 days'";
        await sql.CopyAsync("application_document_requests", "application_document_requests t CROSS JOIN applications a WHERE t.application_id = @template AND a.status = 'DocumentsRequested'", new()
        {
            ["id"] = $"md5('{s}-request-' || a.id)::uuid",
            ["application_id"] = "a.id",
            ["requested_by"] = "@staff",
            ["requested_at"] = requested,
            ["due_at"] = $"((({requested}) AT TIME ZONE 'Europe/Rome')::date + 11)::timestamp AT TIME ZONE 'Europe/Rome'",
            ["status"] = "'Open'",
            ["answered_at"] = "NULL",
            ["answer_note"] = "NULL",
            ["closed_at"] = "NULL",
            ["closed_by"] = "NULL",
        }, ("template", t.ApplicationId), ("staff", t.StaffId));
        await sql.CopyAsync("application_document_requests", $"application_document_requests t CROSS JOIN gen_followups f JOIN applications a ON a.id = md5('{s}-application-' || f.i)::uuid WHERE t.application_id = @template AND f.request > 0", new()
        {
            ["id"] = $"md5('{s}-request-' || a.id)::uuid",
            ["application_id"] = "a.id",
            ["requested_by"] = "@staff",
            ["requested_at"] = requested,
            ["due_at"] = $"((({requested}) AT TIME ZONE 'Europe/Rome')::date + 11)::timestamp AT TIME ZONE 'Europe/Rome'",
            ["status"] = "CASE WHEN f.request = 1 THEN 'Answered' ELSE 'Cancelled' END",
            ["answered_at"] = "CASE WHEN f.request = 1 THEN a.submitted_at + interval '9 days' END",
            ["answer_note"] = "CASE WHEN f.request = 1 THEN t.answer_note END",
            ["closed_at"] = "a.submitted_at + CASE WHEN f.request = 1 THEN interval '9 days' ELSE interval '6 days' END",
            ["closed_by"] = "CASE WHEN f.request = 2 THEN @staff END",
        }, ("template", t.ApplicationId), ("staff", t.StaffId));
    }

    /// <summary>
    /// A voucher for each active grant, its receipts with their files, and the payout batches and lines that reimbursed
    /// them: one of each written through the domain (issued, payee declared, a receipt submitted and validated, a batch
    /// produced), the others copied from them with the amounts of <c>gen_receipts</c> and <c>gen_lines</c>.
    /// </summary>
    private static async Task VouchersAsync(Sql sql, Templates t, DbContextOptions<AppDbContext> options, int seed, CancellationToken ct)
    {
        var s = seed.ToString(Invariant);
        Guid templateVoucher, templateReceipt, templateBatch;
        await using (var db = new AppDbContext(options))
        {
            var grant = await db.Grants.AsNoTracking().Where(g => g.Status == Conciliazione.Domain.Grants.GrantStatus.Active).OrderBy(g => g.Id).FirstOrDefaultAsync(ct);
            if (grant is null)
            {
                return;
            }

            var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == grant.ApplicationId, ct);
            var issued = new DateTimeOffset(FirstCallYear, 5, 1, 8, 0, 0, TimeSpan.Zero);
            var voucher = Voucher.Issue(grant.AllianceId, grant.CallId, grant.ApplicationId, grant.Id, grant.Amount, ServiceType.Micronido.ToString(), null, "Asilo nido del generatore",
                new DateOnly(FirstCallYear, 4, 1), new DateOnly(FirstCallYear + 1, 12, 31), new PaymentRule(), issued);
            var holder = application.Applicant.GivenName + " " + application.Applicant.FamilyName;
            var iban = Iban.ItalianFrom("03069", "09606", "100000000001");
            voucher.DeclarePayee(iban, holder, application.Applicant.GivenName, application.Applicant.FamilyName, issued);
            voucher.MarkInUse();
            var child = application.Household.Children[0].FiscalCode;
            var from = voucher.ValidFrom;
            var receipt = Receipt.Submit(new ReceiptContext(voucher, holder, [child], CashAllowed: false, AllowsOtherProvider: true, from.AddDays(40)),
                new ReceiptDetails("GEN-T", from.AddDays(24), from, from.AddDays(24), child, null, voucher.ProviderName, 200m, PaymentMethod.BankTransfer, from.AddDays(26)),
                new UploadedFile("ricevuta.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray()), new UploadedFile("bonifico.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray()), application.FamilyUserId, issued.AddDays(30));
            receipt.Validate(null, t.StaffId, issued.AddDays(37));
            var batchId = Guid.NewGuid();
            var line = PayoutLine.Create(batchId, grant.AllianceId, grant.CallId, voucher.Id, grant.ApplicationId, "GEN-T", PayeeKind.Family, holder, iban, 100m, 0m, 200m, from, from.AddDays(24), "GENT-00001", null);
            var batch = PayoutBatch.Produce(batchId, grant.AllianceId, "LIQ-T", "CNZGENT", "pain.001.001.09", from.AddDays(60), [line],
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document/>"u8.ToArray(), "numero;protocollo;importo\n"u8.ToArray(), t.StaffId, issued.AddDays(50));
            db.Vouchers.Add(voucher);
            db.Receipts.Add(receipt);
            db.PayoutBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            (templateVoucher, templateReceipt, templateBatch) = (voucher.Id, receipt.Id, batch.Id);
        }

        // The templates are moved aside first: their grant gets its own copies like every other. Payout batches and
        // lines are immutable (trigger): the generator's own template rows are removed with the triggers off, in one transaction.
        await sql.ExecAsync($"""
            CREATE TEMP TABLE gen_voucher AS SELECT * FROM vouchers WHERE id = '{templateVoucher}';
            CREATE TEMP TABLE gen_receipt AS SELECT * FROM receipts WHERE id = '{templateReceipt}';
            CREATE TEMP TABLE gen_receipt_file AS SELECT * FROM receipt_files WHERE receipt_id = '{templateReceipt}';
            CREATE TEMP TABLE gen_batch AS SELECT * FROM payout_batches WHERE id = '{templateBatch}';
            CREATE TEMP TABLE gen_line AS SELECT * FROM payout_lines WHERE batch_id = '{templateBatch}';
            BEGIN;
            DELETE FROM receipts WHERE id = '{templateReceipt}';
            ALTER TABLE payout_lines DISABLE TRIGGER trg_payout_lines_immutable;
            ALTER TABLE payout_batches DISABLE TRIGGER trg_payout_batches_immutable;
            DELETE FROM payout_lines WHERE batch_id = '{templateBatch}';
            DELETE FROM payout_batches WHERE id = '{templateBatch}';
            ALTER TABLE payout_lines ENABLE TRIGGER trg_payout_lines_immutable;
            ALTER TABLE payout_batches ENABLE TRIGGER trg_payout_batches_immutable;
            DELETE FROM vouchers WHERE id = '{templateVoucher}';
            COMMIT;
            """);

        // Every active grant's voucher with what its payout line (gen_lines) claimed and paid.
        await sql.ExecAsync($"""
            CREATE TABLE gen_vouchers AS
            SELECT ga.i, ga.k, ga.n, g.id AS grant_id, md5('{s}-voucher-' || g.id)::uuid AS id, g.application_id, g.alliance_id, g.call_id, g.amount AS cap, g.granted_at,
                   c.service_start, c.service_end, f.iban, fam.given || ' ' || fam.family AS holder, ga.child_fiscal_code, a.protocol_number,
                   l.gross, l.paid, l.eligible, l.first_month, l.last_month
            FROM gen_applications ga JOIN grants g ON g.id = md5('{s}-grant-' || ga.i)::uuid
            JOIN calls c ON c.id = g.call_id JOIN gen_families fam ON fam.k = ga.k JOIN applications a ON a.id = g.application_id
            LEFT JOIN gen_followups f ON f.i = ga.i LEFT JOIN gen_lines l ON l.i = ga.i
            WHERE ga.status = 'Funded' AND g.status = 'Active'
            """);
        await sql.ExecAsync("CREATE UNIQUE INDEX ON gen_vouchers (i); ANALYZE gen_vouchers");
        await sql.CopyAsync("vouchers", "gen_voucher t CROSS JOIN gen_vouchers v", new()
        {
            ["id"] = "v.id",
            ["grant_id"] = "v.grant_id",
            ["application_id"] = "v.application_id",
            ["call_id"] = "v.call_id",
            ["alliance_id"] = "v.alliance_id",
            ["cap"] = "v.cap",
            ["valid_from"] = "v.service_start",
            ["valid_to"] = "v.service_end",
            ["receipts_until"] = "v.service_end + 60",
            ["issued_at"] = "v.granted_at",
            ["code"] = $"(SELECT 'CNZ-' || substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) FROM (SELECT upper(md5('{s}-code-' || v.grant_id)) AS h) x)",
            ["status"] = "CASE WHEN v.paid AND v.gross >= v.cap THEN 'UsedUp' WHEN v.iban IS NOT NULL THEN 'InUse' ELSE 'Issued' END",
            ["claimed"] = "coalesce(v.gross, 0)",
            ["paid"] = "CASE WHEN v.paid THEN v.gross ELSE 0 END",
            ["payee_iban"] = "v.iban",
            ["payee_holder"] = "CASE WHEN v.iban IS NOT NULL THEN v.holder END",
            ["payee_declared_at"] = "CASE WHEN v.iban IS NOT NULL THEN v.granted_at + interval '10 days' END",
        });

        // One batch per alliance and call with lines (numbered per alliance in 2019, a week apart); the last call's still waits for the bank.
        await sql.ExecAsync($"""
            CREATE TABLE gen_batches AS
            SELECT v.alliance_id, v.n, md5('{s}-batch-' || v.alliance_id || '-' || v.n)::uuid AS id,
                   'LIQ-2019-' || lpad(row_number() OVER (PARTITION BY v.alliance_id ORDER BY v.n)::text, 4, '0') AS number,
                   make_timestamptz(2019, 2, 1 + 7 * v.n, 10, 0, 0, 'Europe/Rome') AS produced_at, bool_and(v.paid) AS paid, sum(v.gross) AS total, count(*)::int AS lines
            FROM gen_vouchers v WHERE v.gross IS NOT NULL GROUP BY v.alliance_id, v.n
            """);
        await sql.CopyAsync("payout_batches", "gen_batch t CROSS JOIN gen_batches b", new()
        {
            ["id"] = "b.id",
            ["alliance_id"] = "b.alliance_id",
            ["number"] = "b.number",
            ["message_id"] = "'CNZ' || replace(b.id::text, '-', '')",
            ["status"] = "CASE WHEN b.paid THEN 'Paid' ELSE 'Produced' END",
            ["requested_execution_date"] = "(b.produced_at AT TIME ZONE 'Europe/Rome')::date + 3",
            ["total"] = "b.total",
            ["transfer_count"] = "b.lines",
            ["gross"] = "b.total",
            ["netted"] = "0",
            ["produced_at"] = "b.produced_at",
            ["produced_by"] = "@staff",
            ["value_date"] = "CASE WHEN b.paid THEN (b.produced_at AT TIME ZONE 'Europe/Rome')::date + 10 END",
            ["paid_recorded_at"] = "CASE WHEN b.paid THEN b.produced_at + interval '11 days' END",
            ["paid_recorded_by"] = "CASE WHEN b.paid THEN @staff END",
        }, ("staff", t.StaffId));
        var periodFrom = "v.service_start + 25 * v.first_month";
        var periodTo = "v.service_start + 25 * v.last_month + 24";
        await sql.CopyAsync("payout_lines", "gen_line t CROSS JOIN gen_vouchers v JOIN gen_batches b ON b.alliance_id = v.alliance_id AND b.n = v.n WHERE v.gross IS NOT NULL", new()
        {
            ["id"] = $"md5('{s}-line-' || v.i)::uuid",
            ["batch_id"] = "b.id",
            ["alliance_id"] = "v.alliance_id",
            ["call_id"] = "v.call_id",
            ["voucher_id"] = "v.id",
            ["application_id"] = "v.application_id",
            ["protocol_number"] = "v.protocol_number",
            ["payee_name"] = "left(v.holder, 70)",
            ["payee_iban"] = "v.iban",
            ["gross"] = "v.gross",
            ["netted"] = "0",
            ["amount"] = "v.gross",
            ["eligible"] = "v.eligible",
            ["period_from"] = periodFrom,
            ["period_to"] = periodTo,
            ["end_to_end_id"] = "left(replace(b.id::text, '-', ''), 24) || '-' || lpad((row_number() OVER (PARTITION BY b.id ORDER BY v.protocol_number, v.i))::text, 5, '0')",
            ["remittance"] = $"'Rimborso voucher conciliazione prot. ' || v.protocol_number || ' periodo ' || to_char({periodFrom}, 'DD/MM/YYYY') || '-' || to_char({periodTo}, 'DD/MM/YYYY')",
            ["recovery_id"] = "NULL",
        });

        // Receipts: month m of the service (25 days from the service start), submitted five days after it, reviewed a week
        // later; a correction ten days after the rejected one. Each file is the template's with the receipt's id appended,
        // so every receipt has its own SHA-256 (the duplicate check).
        var month = "v.service_start + 25 * r.month";
        var receiptId = $"md5('{s}-receipt-' || r.i || '-' || r.r)::uuid";
        var submittedAt = $"(({month} + 29 + CASE WHEN r.corrects IS NULL THEN 0 ELSE 10 END)::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Rome'";
        await sql.CopyAsync("receipts", "gen_receipt t CROSS JOIN gen_receipts r JOIN gen_vouchers v ON v.i = r.i CROSS JOIN gen_receipt_file tf WHERE tf.kind = 'Receipt'", new()
        {
            ["id"] = receiptId,
            ["alliance_id"] = "v.alliance_id",
            ["voucher_id"] = "v.id",
            ["application_id"] = "v.application_id",
            ["number"] = "'R' || r.i || '-' || (r.month + 1)",
            ["issued_on"] = $"{month} + 24",
            ["period_from"] = month,
            ["period_to"] = $"{month} + 24",
            ["parent_name"] = "v.holder",
            ["child_fiscal_code"] = "v.child_fiscal_code",
            ["amount"] = "r.amount",
            ["method"] = "r.method",
            ["paid_on"] = $"{month} + 26",
            ["status"] = "r.status",
            ["eligible_amount"] = "r.eligible",
            ["rejection_reason"] = "CASE WHEN r.status = 'Rejected' THEN 'La ricevuta non indica il periodo del servizio pagato.' END",
            ["submitted_at"] = submittedAt,
            ["submitted_by"] = $"md5('{s}-family-' || v.k)::uuid",
            ["reviewed_at"] = $"CASE WHEN r.status <> 'Submitted' THEN {submittedAt} + interval '7 days' END",
            ["reviewed_by"] = "CASE WHEN r.status <> 'Submitted' THEN @staff END",
            ["corrects_id"] = $"CASE WHEN r.corrects IS NOT NULL THEN md5('{s}-receipt-' || r.i || '-' || r.corrects)::uuid END",
            ["payout_line_id"] = $"CASE WHEN r.counted THEN md5('{s}-line-' || r.i)::uuid END",
            ["document_sha256"] = $"encode(sha256(tf.content || convert_to('%Receipt ' || {receiptId}, 'UTF8')), 'hex')",
        }, ("staff", t.StaffId));
        var content = "t.content || convert_to('%' || t.kind || ' ' || r.id, 'UTF8')";
        await sql.CopyAsync("receipt_files", "gen_receipt_file t CROSS JOIN receipts r", new()
        {
            ["id"] = $"md5('{s}-receipt-file-' || r.id || '-' || t.kind)::uuid",
            ["receipt_id"] = "r.id",
            ["content"] = content,
            ["size_bytes"] = $"length({content})",
            ["sha256"] = $"encode(sha256({content}), 'hex')",
        });
    }

    /// <summary>
    /// Indicator values of every alliance's project, half-year by half-year, each with its evidence (one report a half-year
    /// per alliance): one value and one document written through the domain (<c>IndicatorValue.Record</c>), the others
    /// copied; a corrected value leaves the first one superseded.
    /// </summary>
    private static async Task MonitoringAsync(Sql sql, Templates t, DbContextOptions<AppDbContext> options, int seed, CancellationToken ct)
    {
        var s = seed.ToString(Invariant);
        Guid templateValue, templateDocument;
        await using (var db = new AppDbContext(options))
        {
            var project = await db.Projects.Include(p => p.Actions).ThenInclude(a => a.Indicators).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
            var indicator = project.Actions.SelectMany(a => a.Indicators).First(i => i.Source == IndicatorSource.Manual);
            var now = new DateTimeOffset(FirstCallYear, 7, 20, 8, 0, 0, TimeSpan.Zero);
            var document = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.IndicatorEvidence, new UploadedFile("relazione.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray()), now, t.StaffId);
            var value = IndicatorValue.Record(project, indicator, new MonitoringPeriod(FirstCallYear, 1), 1, "Relazione semestrale del tavolo dell'alleanza", document, now, t.StaffId);
            db.MonitoringDocuments.Add(document);
            db.IndicatorValues.Add(value);
            await db.SaveChangesAsync(ct);
            (templateValue, templateDocument) = (value.Id, document.Id);
        }

        await sql.ExecAsync($"""
            CREATE TEMP TABLE gen_indicator_value AS SELECT * FROM indicator_values WHERE id = '{templateValue}';
            CREATE TEMP TABLE gen_monitoring_document AS SELECT * FROM monitoring_documents WHERE id = '{templateDocument}';
            DELETE FROM indicator_values WHERE id = '{templateValue}';
            DELETE FROM monitoring_documents WHERE id = '{templateDocument}';
            """);
        var names = string.Join(", ", CastellanzaPlan.Indicators.Select((x, j) => string.Create(Invariant, $"({j}, '{x.Action}', '{x.Name.Replace("'", "''", StringComparison.Ordinal)}')")));
        // Half-year p (0: 2017-S1): its start and end, the report uploaded 20 days after the end, a correction 20 days later.
        await sql.ExecAsync($"""
            CREATE TEMP TABLE gen_periods AS
            SELECT p, make_date({FirstCallYear} + p / 2, CASE WHEN p % 2 = 0 THEN 1 ELSE 7 END, 1) AS period_start,
                   (make_date({FirstCallYear} + p / 2, CASE WHEN p % 2 = 0 THEN 1 ELSE 7 END, 1) + interval '6 months' - interval '1 day')::date AS period_end
            FROM generate_series(0, 3) p;
            CREATE TEMP TABLE gen_indicator_names (j int, action text, name text);
            INSERT INTO gen_indicator_names VALUES {names};
            CREATE TEMP TABLE gen_projects AS
            SELECT a.k, a.id AS alliance_id, CASE WHEN a.k = 1 THEN @project::uuid ELSE md5('{s}-project-' || a.k)::uuid END AS project_id FROM gen_alliances a;
            """, ("project", CastellanzaPlan.CurrentProjectId));
        var uploaded = "((gp.period_end + 20)::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Rome'";
        var documentId = $"md5('{s}-evidence-' || x.k || '-' || x.period)::uuid";
        var content = $"t.content || convert_to('%' || {documentId}, 'UTF8')";
        await sql.CopyAsync("monitoring_documents", "gen_monitoring_document t CROSS JOIN (SELECT DISTINCT k, period FROM gen_indicator_values) x JOIN gen_projects p ON p.k = x.k JOIN gen_periods gp ON gp.p = x.period", new()
        {
            ["id"] = documentId,
            ["alliance_id"] = "p.alliance_id",
            ["project_id"] = "p.project_id",
            ["file_name"] = "'relazione-' || to_char(gp.period_start, 'YYYY') || '-s' || (x.period % 2 + 1) || '.pdf'",
            ["content"] = content,
            ["size_bytes"] = $"length({content})",
            ["sha256"] = $"encode(sha256({content}), 'hex')",
            ["uploaded_at"] = uploaded,
            ["uploaded_by"] = "@staff",
        }, ("staff", t.StaffId));
        await sql.CopyAsync("indicator_values", """
            gen_indicator_value t CROSS JOIN gen_indicator_values v CROSS JOIN LATERAL (VALUES (true), (false)) c (old)
            JOIN gen_projects p ON p.k = v.k JOIN gen_periods gp ON gp.p = v.period JOIN gen_indicator_names n ON n.j = v.indicator
            JOIN project_actions pa ON pa.project_id = p.project_id AND pa.code = n.action JOIN indicators i ON i.action_id = pa.id AND i.name = n.name
            WHERE NOT c.old OR v.superseded IS NOT NULL
            """, new()
        {
            ["id"] = $"md5('{s}-indicator-value-' || v.k || '-' || v.indicator || '-' || v.period || '-' || c.old)::uuid",
            ["alliance_id"] = "p.alliance_id",
            ["project_id"] = "p.project_id",
            ["indicator_id"] = "i.id",
            ["period_start"] = "gp.period_start",
            ["period_end"] = "gp.period_end",
            ["value"] = "CASE WHEN c.old THEN v.superseded ELSE v.value END",
            ["evidence_document_id"] = $"md5('{s}-evidence-' || v.k || '-' || v.period)::uuid",
            ["recorded_at"] = $"{uploaded} + CASE WHEN c.old OR v.superseded IS NULL THEN interval '0 days' ELSE interval '20 days' END",
            ["recorded_by"] = "@staff",
            ["superseded_at"] = $"CASE WHEN c.old THEN {uploaded} + interval '20 days' END",
        }, ("staff", t.StaffId));
    }

    private static string ExpectedMarker(int seed, int applications, string? migration = null) =>
        string.Create(Invariant, $"seed={seed};applications={applications};version={Version};migration={migration ?? LatestMigration()}");

    private static string LatestMigration()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase("Host=unused").Options);
        return db.Database.GetMigrations().Last();
    }

    private static async Task<string?> MarkerAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var exists = await ScalarAsync<bool>(conn, $"SELECT to_regclass('{MarkerTable}') IS NOT NULL", ct);
        return exists ? await ScalarAsync<string>(conn, $"SELECT marker FROM {MarkerTable} LIMIT 1", ct) : null;
    }

    private static string Seconds(Stopwatch watch) => watch.Elapsed.TotalSeconds.ToString("F1", Invariant) + " s";

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Statements on one connection, each logged with its time.</summary>
    private sealed class Sql(NpgsqlConnection conn, TextWriter log, CancellationToken ct)
    {
        public async Task ExecAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            foreach (var (name, value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, value);
            }

            await cmd.ExecuteNonQueryAsync(ct);
        }

        public async Task<T> ScalarAsync<T>(string sql) => await RegionGenerator.ScalarAsync<T>(conn, sql, ct);

        /// <summary>
        /// INSERT INTO <paramref name="table"/> every column of the template row <c>t</c>, with
        /// <paramref name="overrides"/> for the columns that make each row itself. An override naming a column the
        /// table no longer has stops the run: the generator must follow the schema.
        /// </summary>
        public async Task CopyAsync(string table, string from, Dictionary<string, string> overrides, params (string Name, object Value)[] parameters)
        {
            var columns = new List<string>();
            await using (var cmd = new NpgsqlCommand("SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position", conn))
            {
                cmd.Parameters.AddWithValue("t", table);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    columns.Add(reader.GetString(0));
                }
            }

            var unknown = overrides.Keys.Except(columns).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"{table} has no column {string.Join(", ", unknown)}: update the data generator (src/Conciliazione.Generator).");
            }

            var list = string.Join(", ", columns.Select(c => "\"" + c + "\""));
            var values = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var e) ? e : "t.\"" + c + "\""));
            var watch = Stopwatch.StartNew();
            await ExecAsync($"INSERT INTO \"{table}\" ({list}) SELECT {values} FROM {from}", parameters);
            log.WriteLine($"   {table} in {Seconds(watch)}");
        }
    }
}
