using System.Collections.Concurrent;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13, "Done when": 16 parallel grant requests over one call, repeated 50 times, never
/// commit more than the budget and never grant an application twice. Each round mixes what can
/// move money at the same moment (ADR 0054): staff running the funding (several at once, on two
/// calls), families renouncing (which funds the reserve list in the same transaction) and money
/// moved between the two calls in both directions (which funds the destination's reserve list).
/// </summary>
public sealed class GrantsConcurrencyTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private const int Rounds = 50;
    private const int Requests = 16;

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SixteenParallelRequests_FiftyTimes_NeverCommitMoreThanTheBudget_NorGrantAnApplicationTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff, withTotp: false);
        var family = (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        var outcomes = new ConcurrentBag<string>();
        for (var round = 0; round < Rounds; round++)
        {
            // 10 euro per child: 12 applications of 1-3 children on a budget of 100, 6 on a budget of 60.
            var policy = round % 2 == 0 ? ShortfallPolicy.SkipToNextThatFits : ShortfallPolicy.PartialGrant;
            CallRules Rules(CallRules r) => r with { Amount = r.Amount with { CapPerChild = 10m }, Funding = r.Funding with { WhenShort = policy } };
            var a = await GrantSeeds.ClosedCallAsync(factory, 100m, Rules, $"AV-CC-{round}-A");
            var b = await GrantSeeds.ClosedCallAsync(factory, 60m, Rules, $"AV-CC-{round}-B");
            var random = new Random(round);
            var appsA = await GrantSeeds.ApplicationsAsync(factory, a,
                [.. Enumerable.Range(0, 12).Select(i => new SeedApplication(Isee: 1_000m * random.Next(1, 30), Children: random.Next(1, 4)))], first: (round * 100) + 1, familyId: family);
            var appsB = await GrantSeeds.ApplicationsAsync(factory, b,
                [.. Enumerable.Range(0, 6).Select(i => new SeedApplication(Isee: 1_000m * random.Next(1, 30), Children: random.Next(1, 4)))], first: (round * 100) + 50, familyId: family);
            await GrantSeeds.FreezeAndPublishAsync(factory, a, staff.Id);
            await GrantSeeds.FreezeAndPublishAsync(factory, b, staff.Id);

            // B is funded before the burst, so its families can renounce during it (their released money funds B's reserve list
            // while moves change B's budget); A is funded during the burst, by whichever of its runs locks the call first.
            Assert.Null((await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(b, GrantSeeds.Castellanza, staff.Id, ct))).Error);
            var fundedB = await factory.WithDbAsync(db => db.Applications.Where(x => x.CallId == b && x.Status == ApplicationStatus.Funded).Select(x => x.Id).ToListAsync(ct));

            // 16 requests: 4 runs on A, 2 more on B (already funded: refused), 2 renunciations on A (refused while not yet funded), 4 on B (funded first), 2 + 2 moves.
            var requests = new List<Func<Web.Grants.GrantsWork, Task<string>>>();
            for (var i = 0; i < 4; i++)
            {
                requests.Add(async w => (await w.RunFundingAsync(a, GrantSeeds.Castellanza, staff.Id, ct)).Error ?? "run A ok");
            }

            for (var i = 0; i < 2; i++)
            {
                requests.Add(async w => (await w.RunFundingAsync(b, GrantSeeds.Castellanza, staff.Id, ct)).Error ?? "run B ok");
            }

            foreach (var app in appsA.OrderBy(_ => random.Next()).Take(2).Concat(fundedB.Concat(appsB.Except(fundedB).OrderBy(_ => random.Next())).Take(4)))
            {
                requests.Add(async w => await w.RenounceAsync(app, family, "Non serve più", ct) ?? "renounce ok");
            }

            requests.Add(async w => await w.MoveBudgetAsync(GrantSeeds.Castellanza, a, b, 15m, "Riequilibrio", staff.Id, ct) ?? "move ok");
            requests.Add(async w => await w.MoveBudgetAsync(GrantSeeds.Castellanza, a, b, 7.5m, "Riequilibrio", staff.Id, ct) ?? "move ok");
            requests.Add(async w => await w.MoveBudgetAsync(GrantSeeds.Castellanza, b, a, 10m, "Riequilibrio", staff.Id, ct) ?? "move ok");
            requests.Add(async w => await w.MoveBudgetAsync(GrantSeeds.Castellanza, b, a, 20m, "Riequilibrio", staff.Id, ct) ?? "move ok");
            Assert.Equal(Requests, requests.Count);

            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = requests.OrderBy(_ => random.Next()).Select(request => Task.Run(async () =>
            {
                await gate.Task;
                return await GrantSeeds.WorkAsync(factory, request);
            }, ct)).ToList();
            gate.SetResult();
            var results = await Task.WhenAll(running);
            foreach (var r in results)
            {
                outcomes.Add(r);
            }

            // Exactly one of the parallel runs of each call funds it; the others are told there is nothing left.
            Assert.Equal(1, results.Count(r => r == "run A ok"));
            Assert.Equal(0, results.Count(r => r == "run B ok"));
            Assert.True(results.Count(r => r == "renounce ok") >= Math.Min(4, fundedB.Count), $"round {round}: " + string.Join(" | ", results));
            await AssertLedgerHoldsAsync(round, a, b, policy, ct);
        }

        // The mix really happened: renunciations and moves went through, not only refusals.
        Assert.Contains("renounce ok", outcomes);
        Assert.Contains("move ok", outcomes);
    }

    private async Task AssertLedgerHoldsAsync(int round, Guid a, Guid b, ShortfallPolicy policy, CancellationToken ct)
    {
        await factory.WithDbAsync(async db =>
        {
            var calls = await db.Calls.AsNoTracking().Where(c => c.Id == a || c.Id == b).ToDictionaryAsync(c => c.Id, ct);
            Assert.Equal(160m, calls.Values.Sum(c => c.Budget));
            var twice = await db.Grants.GroupBy(g => g.ApplicationId).Where(g => g.Count() > 1).CountAsync(ct);
            Assert.Equal(0, twice);
            foreach (var id in new[] { a, b })
            {
                var call = calls[id];
                var grants = await db.Grants.AsNoTracking().Where(g => g.CallId == id).ToListAsync(ct);
                var active = grants.Where(g => g.Status == GrantStatus.Active).ToList();
                Assert.True(call.Committed <= call.Budget, $"round {round}: committed {call.Committed} > budget {call.Budget}");
                Assert.Equal(active.Sum(g => g.Amount), call.Committed);
                var statuses = await db.Applications.AsNoTracking().Where(x => x.CallId == id).ToDictionaryAsync(x => x.Id, x => x.Status, ct);
                // Funded <=> one active grant; renounced or waiting: none.
                Assert.Equal(statuses.Where(s => s.Value == ApplicationStatus.Funded).Select(s => s.Key).Order(), active.Select(g => g.ApplicationId).Order());
                Assert.DoesNotContain(statuses.Values, s => s == ApplicationStatus.Admitted);

                // Nothing lost: freed money reached the reserve list (skip: no waiting application fits what is free; partial: nothing free while anyone waits).
                var ranking = await db.Rankings.AsNoTracking().SingleAsync(r => r.CallId == id && r.DiscardedAt == null, ct);
                var waiting = await db.RankingEntries.AsNoTracking().Where(e => e.RankingId == ranking.Id && statuses.Keys.Contains(e.ApplicationId))
                    .ToListAsync(ct);
                var waitingAmounts = waiting.Where(e => statuses[e.ApplicationId] == ApplicationStatus.WaitingList).Select(e => e.Amount).ToList();
                if (policy == ShortfallPolicy.SkipToNextThatFits)
                {
                    Assert.All(waitingAmounts, amount => Assert.True(amount > call.Free, $"round {round}: {amount} waits while {call.Free} is free"));
                }
                else if (waitingAmounts.Count > 0)
                {
                    Assert.Equal(0m, call.Free);
                }
            }
        });
    }
}
