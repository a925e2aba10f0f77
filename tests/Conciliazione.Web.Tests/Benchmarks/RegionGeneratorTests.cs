using Bogus;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
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

        Assert.Equal(["applications", "calls", "families", "grants", "history", "vouchers"], first.Keys.Order());
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
