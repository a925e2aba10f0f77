using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Applications;

/// <summary>Protocol numbers are gapless per alliance and year, in strict order of commit.</summary>
public sealed class ProtocolNumberTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task FiftyConcurrentSubmissions_GetFiftyDistinctGaplessNumbers()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => TakeAndCommitAsync(2026))));

        Assert.Equal(
            Enumerable.Range(1, 50).Select(n => ProtocolNumbers.Format(2026, n)),
            numbers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NextSubmission_WaitsForTheOpenOne_AndGetsTheFollowingNumberAfterItsCommit()
    {
        await using var first = Factory.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var (number1, second) = await db1.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx1 = await db1.Database.BeginTransactionAsync();
            var number = await ProtocolNumbers.NextAsync(db1, CastellanzaPlan.AllianceId, 2026);

            var waiting = Task.Run(() => TakeAndCommitAsync(2026));
            await WaitUntilBlockedOnLockAsync();
            Assert.False(waiting.IsCompleted);

            await tx1.CommitAsync();
            return (number, waiting);
        });

        Assert.Equal("2026/000001", number1);
        Assert.Equal("2026/000002", await second);
    }

    [Fact]
    public async Task RolledBackSubmission_GivesItsNumberBack()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                Assert.Equal("2026/000001", await ProtocolNumbers.NextAsync(db, CastellanzaPlan.AllianceId, 2026));
                await tx.RollbackAsync();
            });
        }

        Assert.Equal("2026/000001", await TakeAndCommitAsync(2026));
    }

    [Fact]
    public async Task EachYearStartsFromOne()
    {
        Assert.Equal("2026/000001", await TakeAndCommitAsync(2026));
        Assert.Equal("2026/000002", await TakeAndCommitAsync(2026));
        Assert.Equal("2027/000001", await TakeAndCommitAsync(2027));
    }

    private async Task<string> TakeAndCommitAsync(int year)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var number = await ProtocolNumbers.NextAsync(db, CastellanzaPlan.AllianceId, year);
            await tx.CommitAsync();
            return number;
        });
    }

    /// <summary>Polls pg_stat_activity until a backend waits on a lock: no sleeping on a guess.</summary>
    private async Task WaitUntilBlockedOnLockAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            var waiting = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").SingleAsync(TestContext.Current.CancellationToken);
            if (waiting > 0)
            {
                return;
            }

            await Task.Yield();
        }

        Assert.Fail("The second submission never waited on the counter lock.");
    }
}
