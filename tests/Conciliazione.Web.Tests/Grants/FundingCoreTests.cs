using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13, the money path end to end on the service: freeze, publish, the funding run within the
/// budget, the reserve list funded by a renunciation, and the database refusing to over-commit.
/// </summary>
public sealed class FundingCoreTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task FundingRun_GrantsInRankingOrderWithinTheBudget_TheRestWaits_AndARenunciationFundsTheNext()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        // 350 per child: a budget of 1,000 funds two single-child applications, not the third.
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        var ids = await GrantSeeds.ApplicationsAsync(factory, callId,
        [
            new SeedApplication(Isee: 20_000m),
            new SeedApplication(Isee: 5_000m),
            new SeedApplication(Isee: null),
            new SeedApplication(Isee: 12_000m),
            new SeedApplication(Isee: 9_000m, Status: ApplicationStatus.NotAdmitted),
        ]);

        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staff.Id);
        var (result, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct));
        Assert.Null(error);
        Assert.Equal((2, 0, 2, 700m), (result!.Funded, result.Partial, result.Reserve, result.Committed));

        var statuses = await factory.WithDbAsync(db => db.Applications.Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.Status, ct));
        Assert.Equal(ApplicationStatus.Funded, statuses[ids[1]]);
        Assert.Equal(ApplicationStatus.Funded, statuses[ids[3]]);
        Assert.Equal(ApplicationStatus.WaitingList, statuses[ids[0]]);
        Assert.Equal(ApplicationStatus.WaitingList, statuses[ids[2]]);
        Assert.Equal(ApplicationStatus.NotAdmitted, statuses[ids[4]]);
        Assert.Equal(700m, await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));

        // A second run finds nothing to do.
        var (_, again) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct));
        Assert.NotNull(again);

        // The funded family with ISEE 5,000 renounces: the first on the reserve list (ISEE 20,000) is funded.
        var family = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[1]).Select(a => a.FamilyUserId).SingleAsync(ct));
        Assert.Null(await GrantSeeds.WorkAsync(factory, w => w.RenounceAsync(ids[1], family, "Non serve più", ct)));
        statuses = await factory.WithDbAsync(db => db.Applications.Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.Status, ct));
        Assert.Equal(ApplicationStatus.Renounced, statuses[ids[1]]);
        Assert.Equal(ApplicationStatus.Funded, statuses[ids[0]]);
        Assert.Equal(ApplicationStatus.WaitingList, statuses[ids[2]]);
        var grants = await factory.WithDbAsync(db => db.Grants.AsNoTracking().Where(g => g.CallId == callId).ToListAsync(ct));
        Assert.Equal(700m, grants.Where(g => g.Status == GrantStatus.Active).Sum(g => g.Amount));
        Assert.Equal(GrantSource.ReserveList, grants.Single(g => g.ApplicationId == ids[0]).Source);
        Assert.Equal(700m, await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));
        var history = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).SelectMany(a => a.History).OrderBy(h => h.Id).Select(h => h.Reason).ToListAsync(ct));
        Assert.Contains(history, r => r != null && r.Contains("lista d'attesa", StringComparison.Ordinal));
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == ids[0] && n.Kind == Web.Notifications.Templates.MovedUpFromReserve.KindName, ct)));
    }

    [Fact]
    public async Task Preview_ReadsEveryRankingInputFromTheSubmittedApplication()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(factory, 5_000m);
        var ids = await GrantSeeds.ApplicationsAsync(factory, callId,
        [
            new SeedApplication(Isee: 7_500.25m, Children: 2, OldestChildBorn: new DateOnly(2015, 5, 5), SingleParent: true),
            new SeedApplication(Isee: null, Children: 1, OldestChildBorn: new DateOnly(2019, 2, 1)),
            new SeedApplication(Isee: 1_000m, Status: ApplicationStatus.InReview),
        ]);

        var preview = await factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.SingleAsync(c => c.Id == callId, ct);
            return await GrantSeeds.WorkAsync(factory, w => w.PreviewAsync(call, ct));
        });

        var first = preview.Ranked.Single(r => r.Input.ApplicationId == ids[0]).Input;
        Assert.Equal((7_500.25m, 2, new DateOnly(2015, 5, 5), true, 700m), (first.Isee!.Value, first.Children, first.OldestChildBirthDate!.Value, first.SingleParent, first.Amount));
        var second = preview.Ranked.Single(r => r.Input.ApplicationId == ids[1]).Input;
        Assert.Equal(((decimal?)null, 1, new DateOnly(2019, 2, 1), false, 350m), (second.Isee, second.Children, second.OldestChildBirthDate!.Value, second.SingleParent, second.Amount));
        Assert.Equal([ids[0], ids[1]], preview.Ranked.Select(r => r.Input.ApplicationId));
        Assert.Equal(1, preview.StillUnderReview);
        Assert.NotEmpty(preview.Problems);
    }

    [Fact]
    public async Task TheDatabase_RefusesToCommitMoreThanTheBudget_WhateverWritesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        var e = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => factory.WithDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE calls SET committed = 1000.01 WHERE id = {callId}", ct)));
        Assert.Equal("ck_calls_committed_within_budget", e.ConstraintName);
    }
}
