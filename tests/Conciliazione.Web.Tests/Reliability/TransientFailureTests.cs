using System.Net;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Pages.Family.Applications;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Reliability;

/// <summary>
/// A unit of work meets a transient PostgreSQL failure (ADR 0144): it is repeated whole, its effects
/// are there exactly once; when the database stays down the user gets the Italian 503 page and
/// nothing is written.
/// </summary>
public sealed class TransientFailureTests(FaultyPortalFactory factory) : IClassFixture<FaultyPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public async Task Submit_WhenTheFirstCommitFails_IsRepeatedWhole_AndStoredOnce(string sqlState)
    {
        var draftId = await DraftAsync();

        var thrown = await SubmitAsync(draftId, db => factory.Faults.FailCommitsBefore(db, 1, sqlState));

        Assert.Equal(1, thrown);
        await AssertSubmittedOnceAsync(draftId);
    }

    [Fact]
    public async Task Submit_WhenTheCommitHappenedButItsAnswerWasLost_IsNotDoneTwice()
    {
        var draftId = await DraftAsync();

        var thrown = await SubmitAsync(draftId, db => factory.Faults.FailCommitsAfter(db, 1, PostgresErrorCodes.AdminShutdown));

        Assert.Equal(1, thrown);
        await AssertSubmittedOnceAsync(draftId);
    }

    [Fact]
    public async Task Submit_WhenTheDatabaseStaysDown_GivesUp_AndWritesNothing()
    {
        var draftId = await DraftAsync();

        var error = await Assert.ThrowsAsync<RetryLimitExceededException>(() => SubmitAsync(draftId, db => factory.Faults.FailCommitsBefore(db, 100, PostgresErrorCodes.AdminShutdown)));

        Assert.True(Domain.Data.PortalExecutionStrategy.IsUnavailable(error));
        Assert.Equal(6, factory.Faults.Thrown);
        var state = await factory.WithDbAsync(async db => new
        {
            Status = await db.Applications.Where(a => a.Id == draftId).Select(a => a.Status).SingleAsync(),
            Counters = await db.ProtocolCounters.CountAsync(),
            Claims = await db.ChildClaims.CountAsync(c => c.ApplicationId == draftId),
            Notifications = await db.Notifications.CountAsync(),
            Audit = await db.AuditEvents.CountAsync(e => e.Action == AuditActions.ApplicationSubmitted),
        });
        Assert.Equal(new { Status = ApplicationStatus.Draft, Counters = 0, Claims = 0, Notifications = 0, Audit = 0 }, state);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DiskFull)]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    public async Task Page_WhenTheDatabaseCannotServe_Answers503_InItalian(string sqlState)
    {
        using var client = factory.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Add(FaultInjector.Header, sqlState);

        using var response = await client.GetAsync("/Calls");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After header");
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("it", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Servizio momentaneamente non disponibile, riprova tra qualche minuto.", page.Text("[data-testid=unavailable]"));
        Assert.DoesNotContain("Exception", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPostedToANamedHandler_WhenTheDatabaseCannotServe_Answers503_AndSaysTheInputIsStillThere()
    {
        using var client = factory.CreatePortalClient();
        var page = await client.GetDocumentAsync("/Verifica");
        client.Http.DefaultRequestHeaders.Add(FaultInjector.Header, PostgresErrorCodes.DiskFull);

        using var response = await client.SubmitAsync(page, new Dictionary<string, string> { ["Hash"] = new string('a', 64) }, "form[data-testid=hash-form]");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var answer = await PortalClient.ParseAsync(response);
        Assert.Equal("Servizio momentaneamente non disponibile, riprova tra qualche minuto.", answer.Text("[data-testid=unavailable]"));
        Assert.Contains("i dati inseriti sono ancora nel modulo", answer.Body!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>What the review page's POST does once its checks passed, with a fault armed on its DbContext; returns the faults thrown.</summary>
    private async Task<int> SubmitAsync(Guid draftId, Action<AppDbContext> arm)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var draft = await db.Applications.Include(a => a.Documents).SingleAsync(a => a.Id == draftId);
        var call = await scope.ServiceProvider.GetRequiredService<ICallCatalog>().FindAsync(draft.CallId, CancellationToken.None);
        arm(db);
        await scope.ServiceProvider.GetRequiredService<ApplicationSubmitter>().SubmitAsync(draft, call!, Guid.NewGuid(), CancellationToken.None);
        return factory.Faults.Thrown;
    }

    /// <summary>Submitted, number 1 of the year (the failed attempt gave its number back), one claim, one audit row, one e-mail.</summary>
    private async Task AssertSubmittedOnceAsync(Guid draftId)
    {
        var state = await factory.WithDbAsync(async db => new
        {
            Application = await db.Applications.AsNoTracking().Where(a => a.Id == draftId).Select(a => new { a.Status, a.ProtocolNumber }).SingleAsync(),
            Counter = await db.ProtocolCounters.Select(c => c.LastNumber).SingleAsync(),
            Claims = await db.ChildClaims.CountAsync(c => c.ApplicationId == draftId),
            Notifications = await db.Notifications.CountAsync(n => n.SubjectId == draftId),
            Audit = await db.AuditEvents.CountAsync(e => e.Action == AuditActions.ApplicationSubmitted && e.EntityId == draftId.ToString()),
        });
        Assert.Equal(ApplicationStatus.Submitted, state.Application.Status);
        Assert.Equal($"{TestClock.RomeYear()}/000001", state.Application.ProtocolNumber);
        Assert.Equal(1, state.Counter);
        Assert.Equal(1, state.Claims);
        Assert.Equal(1, state.Notifications);
        Assert.Equal(1, state.Audit);
    }

    /// <summary>A complete draft of a new family on the demo childcare call, opened now.</summary>
    private async Task<Guid> DraftAsync()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        var family = await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false);
        return await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var call = await db.Calls.SingleAsync(c => c.Id == callId);
            var castellanza = await db.Municipalities.Where(m => m.Name == "Castellanza").Select(m => m.Id).FirstAsync();
            var draft = Application.StartDraft(call.AllianceId, call.Id, family.Id,
                new ApplicantSection { GivenName = "Maria", FamilyName = "Bianchi", FiscalCode = "BNCMRA85B43F205" + FiscalCode.CheckCharacter("BNCMRA85B43F205"), Email = "maria@example.org" }, now);
            draft.UpdateHousehold(new HouseholdSection
            {
                Children = [new ChildEntry { GivenName = "Luca", FamilyName = "Bianchi", FiscalCode = ApplicationSteps.ChildCode(ApplicationSteps.ChildBirth, female: false), BirthDate = ApplicationSteps.ChildBirth }],
            }, now);
            draft.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Comune di Castellanza" }, castellanza, now);
            db.Applications.Add(draft);
            await db.SaveChangesAsync();
            return draft.Id;
        });
    }
}
