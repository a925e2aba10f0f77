using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Security;

/// <summary>The Data Protection keys in PostgreSQL are encrypted with the configured certificate.</summary>
public sealed class KeyEncryptionTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task StoredKeys_HoldNoPlainKeyMaterial()
    {
        // The key made at start-up was emptied by the per-test reset: make one now, as rotation does.
        var keys = Factory.Services.GetRequiredService<IKeyManager>();
        keys.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

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
