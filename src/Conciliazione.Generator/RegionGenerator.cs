using System.Diagnostics;
using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
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
/// projects, 4 calls each, N applications in every status with their status history, grants and vouchers,
/// deterministic from a seed number. People (families, children) are drawn with Bogus in .NET and loaded
/// with binary COPY into staging tables; every portal row is then written set-based by one
/// <c>INSERT ... SELECT</c> per table that copies a template row written through the domain and overrides the
/// columns that make each row itself (the column list read from information_schema, so copies follow migrations).
/// </summary>
/// <remarks>
/// Invariants the data keeps (RegionGeneratorTests): codici fiscali pass the check character and are fake
/// (cadastral code X..., which no municipality has); e-mail addresses at example.org / example.it; protocol
/// numbers gapless per alliance and year, in submission order; every grant within its call's budget
/// (committed = sum of active grants &lt;= budget); money in euros to the cent.
/// </remarks>
public static class RegionGenerator
{
    /// <summary>Raised when what is generated changes: a dataset with another version is generated again.</summary>
    public const int Version = 1;

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
            SELECT format('%s alliances, %s partners, %s municipalities, %s projects, %s calls, %s families, %s applications, %s status changes, %s grants, %s vouchers',
              (SELECT count(*) FROM alliances), (SELECT count(*) FROM partners), (SELECT count(*) FROM municipalities), (SELECT count(*) FROM projects),
              (SELECT count(*) FROM calls), (SELECT count(*) FROM "AspNetUsers" WHERE fiscal_code IS NOT NULL), (SELECT count(*) FROM applications),
              (SELECT count(*) FROM application_status_changes), (SELECT count(*) FROM grants), (SELECT count(*) FROM vouchers))
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
            ["grants"] = """SELECT md5(string_agg(concat_ws('|', g.id, g.amount, g.requested, g.status, g.granted_at), ',' ORDER BY g.id)) FROM grants g""",
            ["vouchers"] = """SELECT md5(string_agg(concat_ws('|', v.id, v.code, v.cap, v.status), ',' ORDER BY v.id)) FROM vouchers v""",
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

        await sql.ExecAsync($"DELETE FROM applications WHERE id = '{template.ApplicationId}'");
        await sql.ExecAsync($"DELETE FROM calls WHERE id = '{template.CallId}'");
        await sql.ExecAsync($"DELETE FROM \"AspNetUsers\" WHERE id = '{template.FamilyId}'");
        await sql.ExecAsync("DROP TABLE gen_families, gen_applications, gen_alliances, gen_calls, gen_municipalities");
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
            Amount = new AmountRule { RatePercent = 50m, CapPerChild = 350m },
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
        db.Applications.Add(application);
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

        await using var analyze = new NpgsqlCommand("ANALYZE gen_families; ANALYZE gen_applications", conn);
        await analyze.ExecuteNonQueryAsync(ct);
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
            ["applicant"] = """
                t.applicant || jsonb_build_object('GivenName', f.given, 'FamilyName', f.family, 'FiscalCode', f.fiscal_code,
                  'BirthDate', to_char(f.birth, 'YYYY-MM-DD'), 'Email', f.email, 'Phone', f.phone)
                """,
            ["household"] = """
                jsonb_set(t.household, '{Children,0}', (t.household->'Children'->0) || jsonb_build_object('GivenName', g.child_given, 'FamilyName', f.family,
                  'FiscalCode', g.child_fiscal_code, 'BirthDate', to_char(g.child_birth, 'YYYY-MM-DD')))
                """,
            ["isee"] = "CASE WHEN g.isee IS NULL THEN t.isee || jsonb_build_object('HasIsee', false, 'Value', NULL) ELSE t.isee || jsonb_build_object('Value', g.isee) END",
        }, ("template", t.ApplicationId));
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
            FROM applications WHERE protocol_number IS NOT NULL GROUP BY 1, 2
            ON CONFLICT (alliance_id, year) DO UPDATE SET last_number = excluded.last_number
            """);

        // The way each status was reached: (step, from, to, days after submission, by the family?).
        await sql.ExecAsync("""
            CREATE TEMP TABLE gen_paths (status text, step int, from_status text, to_status text, days int, by_family boolean, reason text);
            INSERT INTO gen_paths VALUES
              ('Submitted', 1, 'Draft', 'Submitted', 0, true, NULL),
              ('InReview', 1, 'Draft', 'Submitted', 0, true, NULL), ('InReview', 2, 'Submitted', 'InReview', 2, false, NULL),
              ('DocumentsRequested', 1, 'Draft', 'Submitted', 0, true, NULL), ('DocumentsRequested', 2, 'Submitted', 'InReview', 2, false, NULL),
              ('DocumentsRequested', 3, 'InReview', 'DocumentsRequested', 5, false, 'Attestazione ISEE da integrare'),
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

        // A grant for each application that was funded (active, renounced or revoked), at most what the amount rule allowed.
        await sql.ExecAsync($"""
            INSERT INTO grants (id, alliance_id, call_id, application_id, amount, requested, position, source, status, granted_at, granted_by, released_at, paid)
            SELECT md5('{s}-grant-' || g.i)::uuid, a.alliance_id, a.call_id, a.id, g.amount, g.requested, NULL, 'Ranking',
                   CASE a.status WHEN 'Funded' THEN 'Active' ELSE a.status END, a.submitted_at + interval '40 days', @staff,
                   CASE WHEN a.status = 'Funded' THEN NULL ELSE a.submitted_at + interval '60 days' END, 0
            FROM gen_applications g JOIN applications a ON a.id = md5('{s}-application-' || g.i)::uuid
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

    /// <summary>A voucher for each active grant: one issued through the domain, the others copied from it.</summary>
    private static async Task VouchersAsync(Sql sql, Templates t, DbContextOptions<AppDbContext> options, int seed, CancellationToken ct)
    {
        var s = seed.ToString(Invariant);
        Guid templateVoucher;
        await using (var db = new AppDbContext(options))
        {
            var grant = await db.Grants.AsNoTracking().Where(g => g.Status == Conciliazione.Domain.Grants.GrantStatus.Active).OrderBy(g => g.Id).FirstOrDefaultAsync(ct);
            if (grant is null)
            {
                return;
            }

            var voucher = Voucher.Issue(grant.AllianceId, grant.CallId, grant.ApplicationId, grant.Id, grant.Amount, ServiceType.Micronido.ToString(), null, "Asilo nido del generatore",
                new DateOnly(FirstCallYear, 4, 1), new DateOnly(FirstCallYear + 1, 12, 31), new PaymentRule(), new DateTimeOffset(FirstCallYear, 5, 1, 8, 0, 0, TimeSpan.Zero));
            db.Vouchers.Add(voucher);
            await db.SaveChangesAsync(ct);
            templateVoucher = voucher.Id;
        }

        // The template is moved aside first: its grant gets its own copy like every other (one voucher per grant).
        await sql.ExecAsync($"CREATE TEMP TABLE gen_voucher AS SELECT * FROM vouchers WHERE id = '{templateVoucher}'");
        await sql.ExecAsync($"DELETE FROM vouchers WHERE id = '{templateVoucher}'");
        await sql.CopyAsync("vouchers", "gen_voucher t CROSS JOIN grants g JOIN calls c ON c.id = g.call_id WHERE g.status = 'Active'", new()
        {
            ["id"] = $"md5('{s}-voucher-' || g.id)::uuid",
            ["grant_id"] = "g.id",
            ["application_id"] = "g.application_id",
            ["call_id"] = "g.call_id",
            ["alliance_id"] = "g.alliance_id",
            ["cap"] = "g.amount",
            ["valid_from"] = "c.service_start",
            ["valid_to"] = "c.service_end",
            ["receipts_until"] = "c.service_end + 60",
            ["issued_at"] = "g.granted_at",
            ["code"] = $"(SELECT 'CNZ-' || substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) FROM (SELECT upper(md5('{s}-code-' || g.id)) AS h) x)",
        });
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
