using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Pages.Family.Applications;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Applications;

/// <summary>
/// Submission time and protocol number tell the same order (the ranking breaks ties by time, then by
/// number; the click-day benchmark B4 checks it on thousands of submissions).
/// </summary>
public sealed class SubmissionOrderTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task SubmissionThatWaitedOnALock_IsStampedAfterTheOneNumberedBeforeIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var childcare = await ApplicationSteps.OpenChildcareCallAsync(Factory);
        var care = await Factory.WithDbAsync(db => db.Calls.Where(c => c.Title == DemoCalls.CareCallTitle).Select(c => c.Id).SingleAsync(ct));
        var waiting = await DraftAsync(childcare, "RSSLCU");
        var quick = await DraftAsync(care, "BNCMRA");
        // The care call already froze its rules with an earlier submission; the childcare call will freeze with this one.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE calls SET frozen_at = CASE WHEN id = {care} THEN now() END WHERE id IN ({care}, {childcare})", ct));

        // Someone holds the childcare call's row (e.g. staff saving its rules): its first submission waits on the freeze.
        await using var holder = new NpgsqlConnection(Factory.ConnectionString);
        await holder.OpenAsync(ct);
        await using var hold = await holder.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM calls WHERE id = @id FOR UPDATE", holder, hold))
        {
            lockRow.Parameters.AddWithValue("id", childcare);
            await lockRow.ExecuteScalarAsync(ct);
        }

        var first = Task.Run(() => SubmitAsync(waiting), ct);
        await WaitUntilBlockedOnLockAsync();
        await SubmitAsync(quick);
        await hold.CommitAsync(ct);
        await first;

        var rows = await Factory.WithDbAsync(db => db.Applications.AsNoTracking()
            .Where(a => a.Id == waiting || a.Id == quick)
            .Select(a => new { a.Id, a.ProtocolNumber, a.SubmittedAt })
            .ToListAsync(ct));
        var byNumber = rows.OrderBy(r => r.ProtocolNumber, Comparer<string?>.Create(ProtocolNumbers.Compare)).ToList();
        Assert.Equal([quick, waiting], byNumber.Select(r => r.Id));
        Assert.True(byNumber[1].SubmittedAt > byNumber[0].SubmittedAt,
            $"{byNumber[1].ProtocolNumber} stamped {byNumber[1].SubmittedAt:O}, before {byNumber[0].ProtocolNumber} at {byNumber[0].SubmittedAt:O}");
    }

    /// <summary>A complete draft of a new family on <paramref name="callId"/>, its child's code built from <paramref name="letters"/>.</summary>
    private async Task<Guid> DraftAsync(Guid callId, string letters)
    {
        var family = await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false);
        return await Factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var call = await db.Calls.SingleAsync(c => c.Id == callId);
            var castellanza = await db.Municipalities.Where(m => m.Name == "Castellanza").Select(m => m.Id).FirstAsync();
            var draft = Application.StartDraft(call.AllianceId, call.Id, family.Id,
                new ApplicantSection { GivenName = "Maria", FamilyName = "Bianchi", FiscalCode = "BNCMRA85B43F205" + FiscalCode.CheckCharacter("BNCMRA85B43F205"), Email = "maria@example.org" }, now);
            draft.UpdateHousehold(new HouseholdSection
            {
                Children = [new ChildEntry { GivenName = "Luca", FamilyName = "Bianchi", FiscalCode = ApplicationSteps.ChildCode(ApplicationSteps.ChildBirth, female: false, letters), BirthDate = ApplicationSteps.ChildBirth }],
            }, now);
            draft.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Comune di Castellanza" }, castellanza, now);
            db.Applications.Add(draft);
            await db.SaveChangesAsync();
            return draft.Id;
        });
    }

    /// <summary>What the review page's POST does once its checks passed.</summary>
    private async Task SubmitAsync(Guid draftId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var draft = await db.Applications.SingleAsync(a => a.Id == draftId);
        var call = await scope.ServiceProvider.GetRequiredService<ICallCatalog>().FindAsync(draft.CallId, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ApplicationSubmitter>().SubmitAsync(draft, call!, Guid.NewGuid(), CancellationToken.None);
    }

    /// <summary>Polls pg_stat_activity until a backend waits on a lock: no sleeping on a guess.</summary>
    private async Task WaitUntilBlockedOnLockAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            var waiting = await Factory.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()").SingleAsync(TestContext.Current.CancellationToken));
            if (waiting > 0)
            {
                return;
            }

            await Task.Yield();
        }

        Assert.Fail("The first submission never waited on the call's row.");
    }
}
