using Conciliazione.Domain.Data;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Conciliazione.Web.Tests.Monitoring;

/// <summary>
/// The residence municipality moved out of the employment JSON into its own column (issue 15): the
/// migration moves existing rows, drops ids that name no municipality, and going back restores the JSON.
/// </summary>
public sealed class ResidenceColumnMigrationTests(PortalFactory factory) : PortalTest(factory)
{
    private const string BeforeMonitoring = "20261201195144_Vouchers";

    [Fact]
    public async Task Existing_applications_keep_their_municipality_in_the_new_column()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow);
        var kept = await ApplicationSeeds.SubmittedAsync(Factory, callId, "2018/000001", "BNCLCU18A01F205" + Conciliazione.Domain.Identity.FiscalCode.CheckCharacter("BNCLCU18A01F205"), new DateOnly(2018, 1, 1));
        var dangling = await ApplicationSeeds.SubmittedAsync(Factory, callId, "2018/000002", "BNCLCU18A02F205" + Conciliazione.Domain.Identity.FiscalCode.CheckCharacter("BNCLCU18A02F205"), new DateOnly(2018, 1, 2));
        var castellanza = await Factory.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Castellanza").Select(m => m.Id).SingleAsync(ct));

        await using (var db = OwnerContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeMonitoring, ct);
        }

        // Before the move the id lived in the JSON; one row names a municipality that does not exist.
        Assert.Equal(castellanza.ToString(), await ScalarAsync<string>($"SELECT employment->>'ResidenceMunicipalityId' FROM applications WHERE id = '{kept.Id}'"));
        await ScalarAsync<int>($"UPDATE applications SET employment = jsonb_set(employment, '{{ResidenceMunicipalityId}}', '\"{Guid.NewGuid()}\"') WHERE id = '{dangling.Id}' RETURNING 1");

        await using (var db = OwnerContext())
        {
            await db.Database.MigrateAsync(ct);
        }

        Assert.Equal(castellanza, await ScalarAsync<Guid>($"SELECT residence_municipality_id FROM applications WHERE id = '{kept.Id}'"));
        Assert.Null(await ScalarAsync<Guid?>($"SELECT residence_municipality_id FROM applications WHERE id = '{dangling.Id}'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM applications WHERE employment ? 'ResidenceMunicipalityId'"));
        var read = await Factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == kept.Id, ct));
        Assert.Equal(castellanza, read.ResidenceMunicipalityId);
        Assert.Equal("Comune di Castellanza", read.Employment.EmployerName);
    }

    private AppDbContext OwnerContext() => new(new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase(Factory.ConnectionString).Options);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Factory.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull or null ? default! : (T)value;
    }
}
