using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Conciliazione.Web.Tests.Monitoring.Meetings;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>
/// Heavy reads on the read replica (ADR 0148): with <c>ConnectionStrings:ReadReplica</c> set, the dashboards and the
/// applications export read the replica's data (a second database that holds a copy of the primary taken before
/// the test's last change, plus changes of its own), writes still go to the primary, and a reader is told when
/// the replica lags; too far behind, the primary serves.
/// </summary>
public sealed class ReadReplicaTests(ReplicaPortalFactory factory) : IClassFixture<ReplicaPortalFactory>, IAsyncLifetime
{
    private const string Dashboard = "/Staff/Dashboard";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        factory.Lag.Given = null;
        await factory.ResetAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A meeting planned before the snapshot (so on both) and one after (on the primary only).</summary>
    private async Task CopiedAndLaterMeetingsAsync()
    {
        await MeetingSeeds.PlannedAsync(factory, "Incontro copiato sulla replica", MeetingSeeds.Today.AddDays(5));
        await factory.SnapshotAsync();
        await MeetingSeeds.PlannedAsync(factory, "Incontro dopo la copia", MeetingSeeds.Today.AddDays(6));
    }

    private async Task<string> MeetingsOnDashboardAsync(PortalClient client)
    {
        var page = await client.GetDocumentAsync(Dashboard);
        return page.Text("[data-testid=meetings]");
    }

    [Fact]
    public async Task LeadDashboard_ShowsTheReplicasData_AndWhenItIsFrom()
    {
        await CopiedAndLaterMeetingsAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Dashboard);

        var meetings = page.Text("[data-testid=meetings]");
        Assert.Contains("Incontro copiato sulla replica", meetings, StringComparison.Ordinal);
        Assert.DoesNotContain("Incontro dopo la copia", meetings, StringComparison.Ordinal);
        Assert.StartsWith("Dati aggiornati al ", page.Text("[data-testid=read-freshness]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=replica-lag-notice]"));
    }

    [Fact]
    public async Task ReferentDashboard_ShowsTheReplicasSummary()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReferentSummary>().RefreshAsync(Ct);
        }

        await factory.SnapshotAsync();
        // Only the replica's copy of the summary says it was rebuilt on 15 January at 10:41 in Rome.
        await factory.OnReplicaAsync("UPDATE referent_summary_refreshes SET refreshed_at = @at",
            ("at", new DateTime(2026, 1, 15, 9, 41, 0, DateTimeKind.Utc)));
        var account = await TestAccounts.CreateAsync(factory, Roles.MunicipalReferent, municipality: "Castellanza");
        using var referent = factory.CreatePortalClient();
        await referent.LoginAsync(account);

        var page = await referent.GetDocumentAsync("/Referent");

        Assert.StartsWith("Dati aggiornati al 15/01/2026 10:41:", page.Text("[data-testid=refreshed-at]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=replica-lag-notice]"));
    }

    [Fact]
    public async Task ApplicationsExport_ReadsTheReplica_AndIsAuditedOnThePrimary()
    {
        var call = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow, reference: "AV-PRIM-01");
        await ReviewSeeds.SubmittedAsync(factory, call, 2);
        await factory.SnapshotAsync();
        await factory.OnReplicaAsync("SET session_replication_role = replica; UPDATE calls SET reference_number = 'AV-COPIA-01' WHERE id = @id", ("id", call));
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;

        using var response = await client.GetAsync($"/Staff/Applications?handler=Csv&call={call}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("domande-AV-COPIA-01-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var audited = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ListExported, Ct));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task ReplicaBehindMoreThanTheNoticeThreshold_ShowsTheNoticeInItalian()
    {
        await CopiedAndLaterMeetingsAsync();
        factory.Lag.Given = TimeSpan.FromMinutes(5); // over the 1-minute notice, under the 15-minute limit
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Dashboard);

        var notice = page.Text("[data-testid=replica-lag-notice]");
        Assert.Contains("Dati non aggiornati", notice, StringComparison.Ordinal);
        Assert.Contains("potrebbero non comprendere le modifiche degli ultimi 5 minuti", notice, StringComparison.Ordinal);
        Assert.Contains("Incontro copiato sulla replica", page.Text("[data-testid=meetings]"), StringComparison.Ordinal);
        Assert.DoesNotContain("Incontro dopo la copia", page.Text("[data-testid=meetings]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplicaBehindMoreThanMaxLag_IsSkipped_ThePrimaryServes()
    {
        await CopiedAndLaterMeetingsAsync();
        factory.Lag.Given = TimeSpan.FromMinutes(20); // over the 15-minute limit
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Dashboard);

        Assert.Contains("Incontro dopo la copia", page.Text("[data-testid=meetings]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=replica-lag-notice]"));
        Assert.Null(page.QuerySelector("[data-testid=read-freshness]"));
    }

    [Fact]
    public async Task TheReplicasContext_RefusesToWrite()
    {
        await factory.SnapshotAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var read = scope.ServiceProvider.GetRequiredService<ReadDatabase>();
        var db = await read.GetAsync(Ct);
        Assert.True(read.Freshness!.FromReplica);

        var alliance = await db.Alliances.SingleAsync(a => a.Id == CastellanzaPlan.AllianceId, Ct);
        db.Attach(alliance).Property(a => a.Name).CurrentValue = "Cambiata sulla replica";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE alliances SET name = name", Ct));
    }
}

/// <summary>Without <c>ConnectionStrings:ReadReplica</c> heavy reads use the request's own context on the primary (ADR 0148).</summary>
public sealed class ReadDatabaseWithoutReplicaTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutAReplica_ReadsAreOnThePrimarysContext_Live()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var read = scope.ServiceProvider.GetRequiredService<ReadDatabase>();

        var db = await read.GetAsync(Ct);

        Assert.Same(scope.ServiceProvider.GetRequiredService<Conciliazione.Domain.Data.AppDbContext>(), db);
        Assert.False(read.Freshness!.FromReplica);
        Assert.Equal(TimeSpan.Zero, read.Freshness.Lag);
    }

    [Fact]
    public async Task PostgresLag_OnAServerNotReplaying_IsZero()
    {
        var state = await Factory.WithDbAsync(db => new PostgresReplicaLag().ReadAsync(db, Ct));

        Assert.False(state.InRecovery);
        Assert.Null(state.ReplayedAt);
        Assert.Equal(TimeSpan.Zero, state.Lag);
        Assert.Equal(state.Now, state.AsOf);
    }
}

/// <summary>How the lag is computed from what PostgreSQL says, and when a reader is told (no database).</summary>
public sealed class ReadFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 41, 0, TimeSpan.Zero);

    [Fact]
    public void AStandbyThatReplayedAllItReceived_IsNotBehind_HoweverOldItsLastCommit()
    {
        var idle = new ReplicaState(InRecovery: true, Now, Now.AddHours(-3), CaughtUp: true);

        Assert.Equal(TimeSpan.Zero, idle.Lag);
        Assert.Equal(Now, idle.AsOf);
    }

    [Fact]
    public void AStandbyWithWalWaiting_IsBehindBySinceItsLastReplayedCommit()
    {
        var paused = new ReplicaState(InRecovery: true, Now, Now.AddSeconds(-90), CaughtUp: false);

        Assert.Equal(TimeSpan.FromSeconds(90), paused.Lag);
        Assert.Equal(Now.AddSeconds(-90), paused.AsOf);
        Assert.Equal(TimeSpan.MaxValue, new ReplicaState(true, Now, null, false).Lag);
    }

    [Theory]
    [InlineData(61, true, 2)]
    [InlineData(60, false, 1)]
    [InlineData(300, true, 5)]
    [InlineData(0, false, 1)]
    public void TheNotice_ShowsOverTheThreshold_WithTheMinutesRoundedUp(int lagSeconds, bool shown, int minutes)
    {
        var freshness = new ReadFreshness(FromReplica: true, Now.AddSeconds(-lagSeconds), TimeSpan.FromSeconds(lagSeconds));

        Assert.Equal(shown, freshness.IsLagging(TimeSpan.FromMinutes(1)));
        Assert.Equal(minutes, freshness.LagMinutes);
    }

    [Fact]
    public void ThePrimary_IsNeverLagging()
    {
        Assert.False(ReadFreshness.Primary(Now, fellBack: true).IsLagging(TimeSpan.Zero));
    }
}
