using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>Two staff saving calls of one project at once cannot together exceed its voucher budget.</summary>
public sealed class BudgetConcurrencyTests(PortalFactory factory) : PortalTest(factory)
{
    private AppDbContext NewContext() => new(new DbContextOptionsBuilder<AppDbContext>()
        .UseNpgsql(Factory.ConnectionString).UseSnakeCaseNamingConvention().Options);

    [Fact]
    public async Task LockAsync_HoldsTheProjectRow_UntilTheTransactionEnds_ThenTheNextWriterSeesTheNewCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = NewContext();
        await using var second = NewContext();
        await using var tx1 = await first.Database.BeginTransactionAsync(ct);
        var seenByFirst = await first.LockAsync(CastellanzaPlan.CurrentProjectId, null, ct);
        Assert.Equal(15_401m, seenByFirst.Left);

        // While the first holds the lock, a second writer cannot take it (it would wait; here it gives up after 200 ms).
        await using (var tx2 = await second.Database.BeginTransactionAsync(ct))
        {
            await second.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '200ms'", ct);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => second.LockAsync(CastellanzaPlan.CurrentProjectId, null, ct));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, ex.SqlState);
        }

        var project = await first.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        first.Calls.Add(Call.CreateDraft(CastellanzaPlan.AllianceId, project, project.Actions.Single(a => a.Code == "B").Id,
            new CallDetails("AV-1", "Primo", null, null, null, null, null, 10_000m, true), seenByFirst, DateTimeOffset.UtcNow, null));
        await first.SaveChangesAsync(ct);
        await tx1.CommitAsync(ct);

        await using var tx3 = await second.Database.BeginTransactionAsync(ct);
        var seenBySecond = await second.LockAsync(CastellanzaPlan.CurrentProjectId, null, ct);
        Assert.Equal(5_401m, seenBySecond.Left);
    }

    [Fact]
    public async Task TwoStaffCreatingCallsAtTheSameMoment_OnlyOneFits_TheOtherIsToldWhatIsLeft()
    {
        var actionB = (await CallSeeds.ActionIdAsync(Factory, "B")).ToString();
        var (alice, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bruno, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = alice;
        using var _b = bruno;
        var formA = await alice.GetDocumentAsync("/Staff/Calls/Create");
        var formB = await bruno.GetDocumentAsync("/Staff/Calls/Create");
        Dictionary<string, string> Values(string reference) => new()
        {
            ["Input.ActionId"] = actionB,
            ["Input.ReferenceNumber"] = reference,
            ["Input.Title"] = "Bando " + reference,
            ["Input.Budget"] = "10.000,00",
        };

        var responses = await Task.WhenAll(alice.SubmitAsync(formA, Values("AV-A")), bruno.SubmitAsync(formB, Values("AV-B")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("Il budget del bando (10.000,00 €) supera quanto resta per i voucher del progetto (5.401,00 €). Ridurre il budget o registrare una riallocazione motivata.", (await PortalClient.ParseAsync(refused)).Errors());
        Assert.Equal(10_000m, await Factory.WithDbAsync(db => db.Calls.SumAsync(c => c.Budget, TestContext.Current.CancellationToken)));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }
}
