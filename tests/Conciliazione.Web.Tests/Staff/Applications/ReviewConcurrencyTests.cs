using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Family.Applications.ApplicationSteps;
using static Conciliazione.Web.Tests.Staff.Applications.DecisionSteps;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>
/// Issue 12, concurrency: two reviewers on the same application, and the same form posted twice.
/// The second save changes nothing (status, decisions, audit, outbox) and says who changed what.
/// </summary>
public sealed class ReviewConcurrencyTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Guid> InReviewAsync(Guid reviewerId)
    {
        var callId = await OpenChildcareCallAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var id = await SubmittedApplicationAsync(family.Portal, callId);
        await TakeInChargeAsync(factory, id, reviewerId);
        return id;
    }

    private Task<(ApplicationStatus Status, int Decisions, int Notifications)> StateAsync(Guid id) =>
        factory.WithDbAsync(async db => (
            await db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync(),
            await db.ApplicationDecisions.CountAsync(d => d.ApplicationId == id),
            await db.Notifications.CountAsync(n => n.SubjectId == id && n.Kind != Conciliazione.Web.Notifications.Templates.ApplicationSubmitted.KindName)));

    [Fact]
    public async Task TwoReviewers_TheSecondSaveOnAStalePage_SaysWhoChangedWhat_AndChangesNothing()
    {
        var (anna, annaAccount) = await ReviewerAsync(factory, "Anna Verdi");
        var (bruno, _) = await ReviewerAsync(factory, "Bruno Neri");
        using var annaClient = anna;
        using var brunoClient = bruno;
        var id = await InReviewAsync(annaAccount.Id);

        // Both open the decision form of the same application.
        var annaPage = await DecidePageAsync(anna, id);
        var brunoPage = await DecidePageAsync(bruno, id);

        using (var first = await DecideAsync(anna, id, DecisionOutcome.Admitted, page: annaPage))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        var before = await StateAsync(id);
        using var second = await DecideAsync(bruno, id, DecisionOutcome.NotAdmitted, Conciliazione.Domain.Calls.CallRules.DefaultDecisionReasons[0], page: brunoPage);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var message = (await PortalClient.ParseAsync(second)).Text("#form-errors");
        Assert.Contains("Nel frattempo Anna Verdi ha deciso l'esito della domanda", message, StringComparison.Ordinal);
        Assert.Contains("le tue modifiche non sono state salvate", message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(id));
        Assert.Equal((ApplicationStatus.Admitted, 1, 1), before);
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ChildClaims.CountAsync(c => c.ApplicationId == id)));
    }

    [Fact]
    public async Task AReviewerReopening_OnAPageOlderThanAnothersReopenAndDecision_ChangesNothing()
    {
        var (anna, annaAccount) = await ReviewerAsync(factory, "Anna Verdi");
        var (bruno, _) = await ReviewerAsync(factory, "Bruno Neri");
        using var annaClient = anna;
        using var brunoClient = bruno;
        var id = await InReviewAsync(annaAccount.Id);
        using (var decided = await DecideAsync(anna, id, DecisionOutcome.Admitted))
        {
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        }

        var brunoReopen = await bruno.GetDocumentAsync($"/Staff/Applications/Reopen/{id}");
        using (var reopened = await ReopenAsync(anna, id, "Ricontrollo"))
        {
            Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        }

        using var stale = await bruno.SubmitAsync(brunoReopen, new Dictionary<string, string> { ["Input.Reason"] = "Anche io" }, "main form[data-testid=reopen-form]");

        Assert.Contains("Nel frattempo Anna Verdi ha riaperto la domanda", (await PortalClient.ParseAsync(stale)).Text("#form-errors"), StringComparison.Ordinal);
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationReopened));
        Assert.Equal(ApplicationStatus.InReview, (await StateAsync(id)).Status);
    }

    [Fact]
    public async Task TheSameDecideForm_PostedTwice_OrTwiceAtOnce_DecidesOnce()
    {
        var (anna, annaAccount) = await ReviewerAsync(factory, "Anna Verdi");
        using var annaClient = anna;
        var id = await InReviewAsync(annaAccount.Id);
        var page = await DecidePageAsync(anna, id);

        // Two posts of the same form at the same time: one wins, the other changes nothing.
        var posts = await Task.WhenAll(
            DecideAsync(anna, id, DecisionOutcome.Admitted, page: page),
            DecideAsync(anna, id, DecisionOutcome.Admitted, page: page));
        Assert.Single(posts, p => p.StatusCode == HttpStatusCode.Redirect);
        foreach (var p in posts)
        {
            p.Dispose();
        }

        // And once more, later (a replayed post).
        using var replay = await DecideAsync(anna, id, DecisionOutcome.Admitted, page: page);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("Nel frattempo Anna Verdi ha deciso l'esito della domanda", (await PortalClient.ParseAsync(replay)).Text("#form-errors"), StringComparison.Ordinal);

        Assert.Equal((ApplicationStatus.Admitted, 1, 1), await StateAsync(id));
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));
    }
}
