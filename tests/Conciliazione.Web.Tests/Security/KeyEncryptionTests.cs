using Npgsql;

namespace Conciliazione.Web.Tests.Security;

/// <summary>The Data Protection keys in PostgreSQL are encrypted with the configured certificate.</summary>
public sealed class KeyEncryptionTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task StoredKeys_HoldNoPlainKeyMaterial()
    {
        // A login protects a cookie, so the key ring exists.
        var staff = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);

        var stored = new List<string>();
        await using (var conn = new NpgsqlConnection(Factory.ConnectionString))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_keys", conn);
            await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }
}
