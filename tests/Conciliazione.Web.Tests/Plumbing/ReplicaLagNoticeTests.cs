using Microsoft.AspNetCore.Hosting;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>The replica with a notice threshold under a minute, as the replica drill sets it.</summary>
public sealed class ShortNoticeReplicaPortalFactory : ReplicaPortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:ReadReplica:LagNotice", "00:00:20");
    }
}

public sealed class ReplicaLagNoticeTests(ShortNoticeReplicaPortalFactory factory) : IClassFixture<ShortNoticeReplicaPortalFactory>
{
    [Fact]
    public async Task ALagUnderAMinute_IsTheLastMinute_InTheSingular()
    {
        await factory.ResetAsync();
        await factory.SnapshotAsync();
        factory.Lag.Given = TimeSpan.FromSeconds(45);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;

        var page = await client.GetDocumentAsync("/Staff/Dashboard");

        var notice = page.Text("[data-testid=replica-lag-notice]");
        Assert.Contains("potrebbero non comprendere le modifiche dell'ultimo minuto", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("ultimi 1 minuti", notice, StringComparison.Ordinal);
    }
}
