using Bogus;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Generator;
using Conciliazione.Web.Tests.Infrastructure;
using Npgsql;

namespace Conciliazione.Web.Tests.Benchmarks;

/// <summary>Two small datasets of the same seed, generated on the test server (ADR 0152).</summary>
public sealed class SmallRegionFixture : IAsyncLifetime
{
    public const int Seed = 7;
    public const int Size = 600;

    public TestDatabase First { get; } = new();

    public TestDatabase Second { get; } = new();

    public async ValueTask InitializeAsync()
    {
        foreach (var database in new[] { First, Second })
        {
            await database.CreateAsync();
            await RegionGenerator.GenerateAsync(database.ConnectionString, Seed, Size, TextWriter.Null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await First.DropAsync();
        await Second.DropAsync();
    }
}

/// <summary>The region data generator: deterministic from its seed, and the domain's invariants hold in what it writes.</summary>
public sealed class RegionGeneratorTests(SmallRegionFixture region) : IClassFixture<SmallRegionFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameSeed_GivesTheSameData()
    {
        var first = await RegionGenerator.ChecksumsAsync(region.First.ConnectionString, Ct);
        var second = await RegionGenerator.ChecksumsAsync(region.Second.ConnectionString, Ct);

        Assert.Equal(["applications", "calls", "decisions", "document_requests", "families", "grants", "history", "indicator_values", "payouts", "receipts", "vouchers"], first.Keys.Order());
        Assert.Equal(first, second);
    }

    [Fact]
    public void AnotherSeed_DrawsOtherPeople()
    {
        var seven = People.Draw(7, 200, 50);
        var eight = People.Draw(8, 200, 50);

        Assert.Equal(seven.Families, People.Draw(7, 200, 50).Families);
        Assert.NotEqual(seven.Families.Select(f => f.FamilyName + f.FiscalCode), eight.Families.Select(f => f.FamilyName + f.FiscalCode));
    }

    [Fact]
    public async Task Generation_HoldsTheRequestedApplications_InEveryStatus_OfThirtyAlliances()
    {
        var statuses = await ListAsync<string>("SELECT DISTINCT status FROM applications ORDER BY 1");

        Assert.Equal(SmallRegionFixture.Size, await ScalarAsync<long>("SELECT count(*) FROM applications"));
        Assert.Equal(RegionGenerator.Alliances, await ScalarAsync<long>("SELECT count(*) FROM alliances"));
        Assert.Equal(RegionGenerator.Alliances * RegionGenerator.CallsPerAlliance, await ScalarAsync<long>("SELECT count(*) FROM calls"));
        Assert.Equal(Enum.GetNames<ApplicationStatus>().Order(), statuses);
    }

    [Fact]
    public async Task FiscalCodes_PassTheCheckCharacter_AndAreFake()
    {
        var codes = await ListAsync<string>("""
            SELECT applicant->>'FiscalCode' FROM applications
            UNION ALL SELECT c->>'FiscalCode' FROM applications, jsonb_array_elements(household->'Children') c
            UNION ALL SELECT fiscal_code FROM "AspNetUsers" WHERE fiscal_code IS NOT NULL
            """);

        Assert.Equal(SmallRegionFixture.Size * 2 + SmallRegionFixture.Size / 2, codes.Count);
        Assert.All(codes, code =>
        {
            Assert.True(FiscalCode.TryParse(code, out _, out var problem), $"{code}: {problem}");
            // Cadastral code X...: no Italian municipality nor foreign state has one.
            Assert.Equal('X', code[11]);
        });
    }

    [Fact]
    public async Task EmailAddresses_AreAtExampleDomains()
    {
        var addresses = await ListAsync<string>("""SELECT email FROM "AspNetUsers" UNION ALL SELECT applicant->>'Email' FROM applications""");

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.True(a.EndsWith("@example.org", StringComparison.Ordinal) || a.EndsWith("@example.it", StringComparison.Ordinal), a));
    }

    [Fact]
    public async Task ProtocolNumbers_AreGaplessPerAllianceAndYear_InSubmissionOrder()
    {
        var gaps = await ScalarAsync<long>("""
            SELECT count(*) FROM (
              SELECT alliance_id, split_part(protocol_number, '/', 1) AS year, count(*) AS n, count(DISTINCT protocol_number) AS distinct_n,
                     max(split_part(protocol_number, '/', 2)::int) AS last
              FROM applications WHERE protocol_number IS NOT NULL GROUP BY 1, 2) p
            WHERE n <> last OR n <> distinct_n
            """);
        var outOfOrder = await ScalarAsync<long>("""
            SELECT count(*) FROM (
              SELECT protocol_number, lag(protocol_number) OVER (PARTITION BY alliance_id, split_part(protocol_number, '/', 1) ORDER BY submitted_at, id) AS previous
              FROM applications WHERE protocol_number IS NOT NULL) p
            WHERE previous IS NOT NULL AND previous >= protocol_number
            """);
        var counters = await ScalarAsync<long>("""
            SELECT count(*) FROM protocol_counters c
            WHERE c.last_number <> (SELECT count(*) FROM applications a WHERE a.alliance_id = c.alliance_id AND split_part(a.protocol_number, '/', 1)::int = c.year)
            """);

        Assert.Equal(0, gaps);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, counters);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM applications WHERE (status = 'Draft') <> (protocol_number IS NULL)"));
    }

    [Fact]
    public async Task Grants_StayWithinBudgets_ToTheCent_OneWithAVoucherForEachFundedApplication()
    {
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM calls WHERE committed > budget"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM calls c WHERE committed <> coalesce((SELECT sum(amount) FROM grants g WHERE g.call_id = c.id AND g.status = 'Active'), 0)"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM grants WHERE amount <> round(amount, 2) OR requested <> round(requested, 2) OR amount > requested OR amount <= 0"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM applications a WHERE a.status = 'Funded' AND (SELECT count(*) FROM grants g WHERE g.application_id = a.id AND g.status = 'Active') <> 1"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM applications a WHERE a.status = 'Funded' AND NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.application_id = a.id AND v.cap = (SELECT amount FROM grants g WHERE g.application_id = a.id))"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM grants g JOIN applications a ON a.id = g.application_id WHERE a.status NOT IN ('Funded', 'Renounced', 'Revoked')"));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM grants WHERE amount < requested") > 0, "some grants are partial");
    }

    [Fact]
    public async Task Receipts_StayWithinTheirVoucher_InEveryStatus()
    {
        Assert.Equal(["Rejected", "Submitted", "Validated"], await ListAsync<string>("SELECT DISTINCT status FROM receipts ORDER BY 1"));
        // Receipts belong to their voucher's application and alliance, pay a period inside its service period, for one of its children.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM receipts r JOIN vouchers v ON v.id = r.voucher_id JOIN applications a ON a.id = r.application_id
            WHERE r.application_id <> v.application_id OR r.alliance_id <> v.alliance_id OR r.period_from < v.valid_from OR r.period_to > v.valid_to
               OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(a.household->'Children') c WHERE c->>'FiscalCode' = r.child_fiscal_code)
               OR v.status = 'Issued'
            """));
        // Eligible only when validated, within the amount; rejected ones have a reason; corrections correct a rejected receipt of the same voucher.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM receipts r
            WHERE (r.status = 'Validated') <> (r.eligible_amount IS NOT NULL) OR r.eligible_amount > r.amount OR r.amount <> round(r.amount, 2)
               OR (r.status = 'Rejected') <> (r.rejection_reason IS NOT NULL) OR (r.status = 'Submitted') <> (r.reviewed_at IS NULL)
               OR (r.corrects_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM receipts o WHERE o.id = r.corrects_id AND o.status = 'Rejected' AND o.voucher_id = r.voucher_id AND o.submitted_at < r.submitted_at))
            """));
        // Each receipt's file is the one its hash names; a voucher's receipts are only on funded applications.
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM receipts r WHERE NOT EXISTS (SELECT 1 FROM receipt_files f WHERE f.receipt_id = r.id AND f.kind = 'Receipt' AND f.sha256 = r.document_sha256 AND f.sha256 = encode(sha256(f.content), 'hex'))"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM receipts r JOIN applications a ON a.id = r.application_id WHERE a.status <> 'Funded'"));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM receipts WHERE corrects_id IS NOT NULL") > 0, "some rejected receipts were corrected");
    }

    [Fact]
    public async Task Payouts_EqualTheReceiptsTheyCounted_AndNoVoucherIsOverspent()
    {
        Assert.Equal(["Paid", "Produced"], await ListAsync<string>("SELECT DISTINCT status FROM payout_batches ORDER BY 1"));
        // A line reimburses the rate times its receipts' eligible spending, at most the voucher's cap; only validated receipts are counted.
        Assert.Equal(0, await ScalarAsync<long>($"""
            SELECT count(*) FROM payout_lines l JOIN vouchers v ON v.id = l.voucher_id
            LEFT JOIN (SELECT payout_line_id, sum(eligible_amount) AS eligible, bool_and(status = 'Validated') AS validated FROM receipts GROUP BY 1) r ON r.payout_line_id = l.id
            WHERE r.eligible IS NULL OR NOT r.validated OR l.eligible <> r.eligible
               OR l.gross <> least(round(r.eligible * {RegionGenerator.RatePercent} / 100, 2), v.cap) OR l.amount <> l.gross - l.netted
               OR l.alliance_id <> v.alliance_id OR l.application_id <> v.application_id
            """));
        // Batches add up their lines; vouchers' claimed and paid (and grants' paid) are what lines and paid batches hold.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM payout_batches b
            WHERE b.total <> (SELECT sum(amount) FROM payout_lines l WHERE l.batch_id = b.id) OR b.gross <> (SELECT sum(gross) FROM payout_lines l WHERE l.batch_id = b.id)
               OR b.transfer_count <> (SELECT count(*) FROM payout_lines l WHERE l.batch_id = b.id AND l.amount > 0)
            """));
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM vouchers v JOIN grants g ON g.id = v.grant_id
            WHERE v.claimed <> coalesce((SELECT sum(l.gross) FROM payout_lines l WHERE l.voucher_id = v.id), 0)
               OR v.paid <> coalesce((SELECT sum(l.gross) FROM payout_lines l JOIN payout_batches b ON b.id = l.batch_id WHERE l.voucher_id = v.id AND b.status = 'Paid'), 0)
               OR g.paid <> v.paid OR v.claimed > v.cap OR (v.status = 'UsedUp') <> (v.paid = v.cap)
               OR (EXISTS (SELECT 1 FROM payout_lines l WHERE l.voucher_id = v.id) AND (v.payee_iban IS NULL OR v.payee_holder IS NULL))
            """));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM grants g WHERE g.status <> 'Active' AND g.paid <> 0"));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM vouchers WHERE status = 'UsedUp'") > 0, "some vouchers are used up");
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM receipts WHERE status = 'Validated' AND payout_line_id IS NULL") > 0, "some validated receipts wait for a batch");
        // The template batch and receipt are gone, and the immutability triggers the generator turned off to remove them are on again.
        Assert.Equal(0, await ScalarAsync<long>("SELECT (SELECT count(*) FROM payout_batches WHERE number = 'LIQ-T') + (SELECT count(*) FROM receipts WHERE number = 'GEN-T')"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname IN ('trg_payout_lines_immutable', 'trg_payout_batches_immutable') AND tgenabled = 'O'"));
        var ibans = await ListAsync<string>("SELECT DISTINCT payee_iban FROM payout_lines");
        Assert.All(ibans, iban => Assert.True(Iban.IsValid(iban), iban));
    }

    [Fact]
    public async Task IndicatorValues_BelongToTheirAlliancesProject_OneCurrentPerPeriod()
    {
        Assert.True(await ScalarAsync<long>("SELECT count(DISTINCT alliance_id) FROM indicator_values") == RegionGenerator.Alliances);
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM indicator_values v JOIN projects p ON p.id = v.project_id JOIN indicators i ON i.id = v.indicator_id JOIN project_actions pa ON pa.id = i.action_id
            JOIN monitoring_documents d ON d.id = v.evidence_document_id
            WHERE p.alliance_id <> v.alliance_id OR pa.project_id <> v.project_id OR i.source <> 'Manual' OR d.project_id <> v.project_id OR d.alliance_id <> v.alliance_id
               OR v.period_start < p.start_date OR v.period_end > p.end_date OR v.value < 0
            """));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM (SELECT indicator_id, period_start FROM indicator_values WHERE superseded_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1) x"));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM indicator_values WHERE superseded_at IS NOT NULL") > 0, "some values were corrected");
    }

    [Fact]
    public async Task DocumentRequestsAndDecisions_MatchTheApplicationsStatusAndHistory()
    {
        // An open request exactly for each application waiting for documents; closed ones only on applications that were reviewed.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM applications a
            WHERE (a.status = 'DocumentsRequested') <> EXISTS (SELECT 1 FROM application_document_requests r WHERE r.application_id = a.id AND r.status = 'Open')
            """));
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM application_document_requests r JOIN applications a ON a.id = r.application_id
            WHERE a.status IN ('Draft', 'Submitted', 'Withdrawn') OR r.due_at <= r.requested_at OR (r.status = 'Open') <> (r.closed_at IS NULL)
               OR (r.status = 'Answered') <> (r.answered_at IS NOT NULL)
            """));
        // Every request is in the history (in review -> documents requested), and every answered or cancelled one came back.
        Assert.Equal(
            await ScalarAsync<long>("SELECT count(*) FROM application_document_requests"),
            await ScalarAsync<long>("SELECT count(*) FROM application_status_changes WHERE \"to\" = 'DocumentsRequested'"));
        Assert.Equal(
            await ScalarAsync<long>("SELECT count(*) FROM application_document_requests WHERE status <> 'Open'"),
            await ScalarAsync<long>("SELECT count(*) FROM application_status_changes WHERE \"from\" = 'DocumentsRequested' AND \"to\" = 'InReview'"));
        Assert.Equal(["Answered", "Cancelled", "Open"], await ListAsync<string>("SELECT DISTINCT status FROM application_document_requests ORDER BY 1"));
        // One current decision for each decided application, with the outcome its status and history show; none for the others.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM applications a
            WHERE a.status IN ('Admitted', 'NotAdmitted', 'Funded', 'WaitingList', 'Renounced', 'Revoked')
              AND NOT EXISTS (SELECT 1 FROM application_decisions d JOIN application_status_changes h ON h.application_id = d.application_id AND h."from" = 'InReview' AND h."to" = d.outcome AND h.at = d.decided_at
                              WHERE d.application_id = a.id AND d.reopened_at IS NULL AND d.outcome = CASE WHEN a.status = 'NotAdmitted' THEN 'NotAdmitted' ELSE 'Admitted' END)
            """));
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM application_decisions d JOIN applications a ON a.id = d.application_id
            WHERE a.status NOT IN ('Admitted', 'NotAdmitted', 'Funded', 'WaitingList', 'Renounced', 'Revoked') OR (d.outcome = 'NotAdmitted' AND cardinality(d.reasons) = 0)
            """));
        Assert.Equal(await ScalarAsync<long>("SELECT count(*) FROM applications WHERE status IN ('Admitted', 'NotAdmitted', 'Funded', 'WaitingList', 'Renounced', 'Revoked')"),
            await ScalarAsync<long>("SELECT count(*) FROM application_decisions WHERE reopened_at IS NULL"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM applications WHERE (status IN ('Draft', 'Submitted', 'Withdrawn')) <> (reviewer_id IS NULL)"));
    }

    [Fact]
    public void FakeFiscalCode_IsValid_ForWomenAndMen()
    {
        var faker = new Faker { Random = new Randomizer(1) };

        var woman = People.FakeFiscalCode(12_345, new DateOnly(1990, 12, 31), female: true, faker);
        var man = People.FakeFiscalCode(0, new DateOnly(1985, 1, 1), female: false, faker);

        Assert.True(FiscalCode.TryParse(woman, out var w));
        Assert.True(w.IsFemale);
        Assert.Equal("AAASGV90T71X", woman[..12]);
        Assert.True(FiscalCode.TryParse(man, out var m));
        Assert.False(m.IsFemale);
        Assert.Equal("AAAAAA85A01X", man[..12]);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(region.First.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(region.First.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}
