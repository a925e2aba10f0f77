using AngleSharp.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// The staff funding page of a call (/Staff/Grants/Funding/{callId}): the call's ledger, what the
/// run will do, the run itself ("Concedi i contributi") under the call's shortfall policy (partial
/// grant or skip to the next that fits), two staff pressing it at once, the grants list and the
/// reserve list; and the database refusing a grant to an application that is not admitted.
/// </summary>
public sealed class FundingPageTests(PortalFactory factory) : PortalTest(factory)
{
    // 350 per child, 600 at most per application: one child 350, two children 600.
    private static CallRules Rules(CallRules r, ShortfallPolicy policy) =>
        r with { Amount = r.Amount with { CapPerChild = 350m, CapPerApplication = 600m }, Funding = r.Funding with { WhenShort = policy } };

    /// <summary>A budget of 1,000 over (in ranking order) 600, 600, 350, 350, plus one not admitted.</summary>
    private async Task<(Guid CallId, IReadOnlyList<Guid> Ids, Guid StaffId)> PublishedCallAsync(ShortfallPolicy policy)
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m, r => Rules(r, policy));
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId,
        [
            new SeedApplication(Isee: 1_000m, Children: 2),
            new SeedApplication(Isee: 2_000m, Children: 2),
            new SeedApplication(Isee: 3_000m, Children: 1),
            new SeedApplication(Isee: 4_000m, Children: 1),
            new SeedApplication(Isee: 500m, Status: ApplicationStatus.NotAdmitted),
        ]);
        await GrantSeeds.FreezeAndPublishAsync(Factory, callId, staff.Id);
        return (callId, ids, staff.Id);
    }

    private static IReadOnlyList<string> Column(IDocument page, string table, int column) =>
        page.QuerySelectorAll($"[data-testid={table}] tbody tr").Select(r => r.Children[column].TextContent.Trim()).ToList();

    [Fact]
    public async Task SkipPolicy_ThePagePlansTheRun_TheRunSkipsTheOneThatDoesNotFit_AndFundsTheNextThatFits()
    {
        var (callId, ids, _) = await PublishedCallAsync(ShortfallPolicy.SkipToNextThatFits);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");
        Assert.Equal("1.000,00 €", page.Text("[data-testid=budget]"));
        Assert.Equal("0,00 €", page.Text("[data-testid=committed]"));
        Assert.Equal("1.000,00 €", page.Text("[data-testid=free]"));
        Assert.Contains("2", page.Text("[data-testid=plan-funded]"), StringComparison.Ordinal);
        Assert.Contains("950,00 €", page.Text("[data-testid=plan-funded]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=plan-partial]"));
        Assert.Contains("2", page.Text("[data-testid=plan-reserve]"), StringComparison.Ordinal);

        using var run = await client.SubmitAsync(page, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        page = await client.GetDocumentAsync(run.Headers.Location!.OriginalString);
        Assert.Contains("2 domande finanziate", page.Text("[data-testid=message]"), StringComparison.Ordinal);
        Assert.Equal("950,00 €", page.Text("[data-testid=committed]"));
        Assert.Equal("50,00 €", page.Text("[data-testid=free]"));
        Assert.Equal(["1", "3"], Column(page, "grants", 0));
        Assert.Equal(["600,00 €", "350,00 €"], Column(page, "grants", 2));
        Assert.Empty(page.QuerySelectorAll("[data-testid=partial]"));
        // The reserve list in ranking order: the 600 that did not fit, then the last.
        Assert.Equal(["2", "4"], Column(page, "reserve", 0));
        Assert.NotNull(page.QuerySelector("[data-testid=nothing-to-run]"));
        Assert.Null(page.QuerySelector("[data-testid=run]"));

        var statuses = await StatusesAsync(callId);
        Assert.Equal([ApplicationStatus.Funded, ApplicationStatus.WaitingList, ApplicationStatus.Funded, ApplicationStatus.WaitingList, ApplicationStatus.NotAdmitted], ids.Select(i => statuses[i]));
        Assert.True(await Factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == ids[1] && n.Kind == ReserveListed.KindName, TestContext.Current.CancellationToken)));
        Assert.True(await Factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == ids[2] && n.Kind == Granted.KindName, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task PartialPolicy_TheFirstThatDoesNotFit_GetsWhatIsLeft_AndTheWalkStops()
    {
        var (callId, ids, _) = await PublishedCallAsync(ShortfallPolicy.PartialGrant);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");
        Assert.Contains("1.000,00 €", page.Text("[data-testid=plan-funded]"), StringComparison.Ordinal);
        Assert.Contains("1", page.Text("[data-testid=plan-partial]"), StringComparison.Ordinal);

        using var run = await client.SubmitAsync(page, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        page = await client.GetDocumentAsync(run.Headers.Location!.OriginalString);
        Assert.Equal("1.000,00 €", page.Text("[data-testid=committed]"));
        Assert.Equal("0,00 €", page.Text("[data-testid=free]"));
        Assert.Equal(["1", "2"], Column(page, "grants", 0));
        Assert.Equal(["600,00 €", "400,00 €parziale"], Column(page, "grants", 2));
        Assert.Equal(["600,00 €", "600,00 €"], Column(page, "grants", 3));
        Assert.Equal(["3", "4"], Column(page, "reserve", 0));

        var grant = await Factory.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.ApplicationId == ids[1], TestContext.Current.CancellationToken));
        Assert.True(grant.IsPartial);
        Assert.Equal((400m, 600m, GrantSource.Ranking), (grant.Amount, grant.Requested, grant.Source));
        var statuses = await StatusesAsync(callId);
        Assert.Equal([ApplicationStatus.Funded, ApplicationStatus.Funded, ApplicationStatus.WaitingList, ApplicationStatus.WaitingList], ids.Take(4).Select(i => statuses[i]));
    }

    [Fact]
    public async Task TwoStaffRunningTheFundingAtOnce_EachApplicationIsFundedOnce_TheSecondIsToldItIsDone()
    {
        var (callId, _, _) = await PublishedCallAsync(ShortfallPolicy.SkipToNextThatFits);
        var (alice, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bruno, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = alice;
        using var _b = bruno;
        var pageA = await alice.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");
        var pageB = await bruno.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");

        var responses = await Task.WhenAll(alice.SubmitAsync(pageA, new Dictionary<string, string>()), bruno.SubmitAsync(pageB, new Dictionary<string, string>()));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("Non ci sono domande ammesse da finanziare: la graduatoria è già stata applicata.", (await PortalClient.ParseAsync(refused)).Errors());
        foreach (var r in responses)
        {
            r.Dispose();
        }

        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(950m, await Factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));
        Assert.Equal(2, await Factory.WithDbAsync(db => db.Grants.CountAsync(g => g.CallId == callId, ct)));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == Domain.Auditing.AuditActions.FundingRun && e.EntityId == callId.ToString(), ct)));
    }

    [Fact]
    public async Task BeforeThePublication_ThePageOffersNoRun_AndAPostedRunIsRefused()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m);
        await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 1_000m)]);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");
        Assert.NotNull(page.QuerySelector("[data-testid=no-ranking]"));
        Assert.Null(page.QuerySelector("[data-testid=run]"));

        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, TestContext.Current.CancellationToken)));
        page = await client.GetDocumentAsync($"/Staff/Grants/Funding/{callId}");
        Assert.NotNull(page.QuerySelector("[data-testid=not-published]"));

        // A run posted anyway (an old tab, a crafted request) is refused with the reason; nothing is committed.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await client.GetDocumentAsync("/Staff")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var post = await client.Http.PostAsync(new Uri($"/Staff/Grants/Funding/{callId}?handler=Run", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("I contributi si concedono dopo la pubblicazione della graduatoria.", (await PortalClient.ParseAsync(post)).Errors());
        Assert.Equal(0m, await Factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AGrantOnAnApplicationNotAdmitted_IsImpossible_NothingIsCommitted()
    {
        var (callId, ids, staffId) = await PublishedCallAsync(ShortfallPolicy.SkipToNextThatFits);
        var ct = TestContext.Current.CancellationToken;
        var notAdmitted = ids[4];
        var familyId = await Factory.WithDbAsync(db => db.Applications.Where(a => a.Id == notAdmitted).Select(a => a.FamilyUserId).SingleAsync(ct));

        // Whoever writes a grant goes through Funding.ApplyAsync: a move that claims the application is admitted finds it is not.
        var e = await Assert.ThrowsAsync<FundingConflictException>(() => Factory.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await Funding.LockCallAsync(db, callId, GrantSeeds.Castellanza, ct);
            await Funding.ApplyAsync(db, GrantSeeds.Castellanza, callId,
                [new FundingMove(notAdmitted, familyId, "x", ApplicationStatus.Admitted, ApplicationStatus.Funded, 350m, 350m, null, GrantSource.Ranking, "Prova", new GrantedModel(notAdmitted, "x", 350m))],
                staffId, DateTimeOffset.UtcNow, ct);
            await tx.CommitAsync(ct);
        }));
        Assert.Contains("stato di alcune domande è cambiato", e.Message, StringComparison.Ordinal);

        // And the state machine in the database refuses the move itself, whoever tries it.
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Factory.WithDbAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE applications SET status = 'Funded' WHERE id = {notAdmitted}", ct)));

        // The funding run passes it by.
        var (result, error) = await GrantSeeds.WorkAsync(Factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staffId, ct));
        Assert.Null(error);
        Assert.Equal(950m, result!.Committed);
        Assert.False(await Factory.WithDbAsync(db => db.Grants.AnyAsync(g => g.ApplicationId == notAdmitted, ct)));
        Assert.Equal(ApplicationStatus.NotAdmitted, (await StatusesAsync(callId))[notAdmitted]);
        Assert.Equal(950m, await Factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));
    }

    private Task<Dictionary<Guid, ApplicationStatus>> StatusesAsync(Guid callId) => Factory.WithDbAsync(db =>
        db.Applications.Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.Status, TestContext.Current.CancellationToken));
}
