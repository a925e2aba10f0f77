using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Grants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Freed money funds the reserve list read in chunks (B5): whatever the chunk, the applications funded and
/// their grants are those of the walk down the whole list, for both shortfall policies.
/// </summary>
public sealed class ReserveChunkTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(ShortfallPolicy.SkipToNextThatFits)]
    [InlineData(ShortfallPolicy.PartialGrant)]
    public async Task FreedMoney_FundsWhatTheWalkDownTheWholeListFunds_WhateverTheChunk(ShortfallPolicy policy)
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 700m, r => r with { Funding = r.Funding with { WhenShort = policy } });
        // 350 per child, ranked by ISEE: the first two are funded (700), the other six wait with 350-1,050 each.
        await GrantSeeds.ApplicationsAsync(factory, callId,
        [
            new SeedApplication(Isee: 1_000m), new SeedApplication(Isee: 2_000m),
            new SeedApplication(Isee: 3_000m, Children: 3), new SeedApplication(Isee: 4_000m),
            new SeedApplication(Isee: 5_000m, Children: 3), new SeedApplication(Isee: 6_000m),
            new SeedApplication(Isee: 7_000m, Children: 2), new SeedApplication(Isee: 8_000m),
        ]);
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staff.Id);
        var (run, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, Ct));
        Assert.Null(error);
        Assert.Equal(6, run!.Reserve);

        foreach (var freed in new[] { 350m, 700m, 1_000m, 1_400m, 10_000m })
        {
            var expected = await WholeListWalkAsync(callId, freed, policy);
            Assert.NotEmpty(expected);
            foreach (var chunk in new[] { 1, 2, 3, Funding.ReserveChunk })
            {
                var funded = await FundAndRollBackAsync(callId, freed, chunk);
                Assert.Equal(expected, funded);
            }
        }
    }

    /// <summary>The reserve list in ranking order walked at once, as before chunks.</summary>
    private Task<List<(Guid, decimal)>> WholeListWalkAsync(Guid callId, decimal freed, ShortfallPolicy policy) => factory.WithDbAsync(async db =>
    {
        var waiting = await (from e in db.RankingEntries
                             join r in db.Rankings on e.RankingId equals r.Id
                             join a in db.Applications on e.ApplicationId equals a.Id
                             where r.CallId == callId && r.PublishedAt != null && r.DiscardedAt == null && e.Position != null && a.Status == ApplicationStatus.WaitingList
                             orderby e.Position
                             select new { a.Id, e.Amount }).ToListAsync(Ct);
        return FundingPlan.Walk(waiting.Select(w => (w.Id, w.Amount)), freed, policy)
            .Where(s => s.IsFunded).Select(s => (s.ApplicationId, s.Granted!.Value)).ToList();
    });

    /// <summary>Raises the call's budget by <paramref name="freed"/>, funds the reserve list with it, and rolls back.</summary>
    private async Task<List<(Guid, decimal)>> FundAndRollBackAsync(Guid callId, decimal freed, int chunk)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await Funding.LockCallAsync(db, callId, GrantSeeds.Castellanza, Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE calls SET budget = budget + {freed} WHERE id = {callId}", Ct);
            var moves = await Funding.FundReserveAsync(db, GrantSeeds.Castellanza, callId, freed, Guid.Empty, DateTimeOffset.UtcNow, Ct, chunk);
            await tx.RollbackAsync(Ct);
            return moves.Select(m => (m.ApplicationId, m.Granted!.Value)).ToList();
        });
    }
}
