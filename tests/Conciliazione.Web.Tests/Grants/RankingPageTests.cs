using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13, the staff ranking page (/Staff/Grants/Ranking/{callId}) used as staff use it: the
/// preview with position, protocol, amount, projected outcome and "why here"; the freeze blocked
/// while applications are under review; freeze, discard with a reason, freeze again; publish, and
/// publish twice refused; a freeze on a preview that changed meanwhile refused.
/// </summary>
public sealed class RankingPageTests(PortalFactory factory) : PortalTest(factory)
{
    private static string Url(Guid callId) => $"/Staff/Grants/Ranking/{callId}";

    private static List<string[]> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=ranking] tbody tr")
            .Select(tr => tr.Children.Select(td => string.Join(" ", td.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray()).ToList();

    [Fact]
    public async Task Preview_ShowsPositionProtocolAmountOutcomeAndWhy_AndWhatBlocksTheFreeze()
    {
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m, r => r with { Funding = r.Funding with { TieBreaks = [TieBreak.MoreChildren] } });
        await GrantSeeds.ApplicationsAsync(Factory, callId,
        [
            new SeedApplication(Isee: 12_000m),
            new SeedApplication(Isee: 8_000m, Children: 2),
            new SeedApplication(Isee: 8_000m),
            new SeedApplication(Isee: 3_000m, Status: ApplicationStatus.InReview),
            new SeedApplication(Isee: 1_000m, Status: ApplicationStatus.NotAdmitted),
        ]);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Url(callId));

        var rows = Rows(page);
        Assert.Equal(4, rows.Count);
        // 2 children ask 700 and fit; 350 + 350 would make 1,050: the third waits (skip policy), so does the fourth.
        Assert.Equal(["1", ReviewSeeds.Protocol(2), "700,00 €", "Finanziata"], rows[0][..4]);
        Assert.Equal(["2", ReviewSeeds.Protocol(3), "350,00 €", "In lista d'attesa"], rows[1][..4]);
        Assert.Equal(["3", ReviewSeeds.Protocol(1), "350,00 €", "In lista d'attesa"], rows[2][..4]);
        Assert.Equal(["-", ReviewSeeds.Protocol(5), "-", "Non ammessa"], rows[3][..4]);
        Assert.Contains("Figli per cui si chiede il voucher: 2", rows[0][4], StringComparison.Ordinal);
        Assert.Contains("ISEE: 8.000,00 €", rows[0][4], StringComparison.Ordinal);
        Assert.Contains("Una domanda è ancora in istruttoria", page.Text("[data-testid=blocks]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=freeze-form]"));

        // A freeze posted anyway (an old page, a crafted request) is refused with the same reason, nothing frozen.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await ReviewSeeds.TokenAsync(client), ["Fingerprint"] = "x" });
        using var response = await client.Http.PostAsync(new Uri(Url(callId) + "?handler=Freeze", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var refused = await PortalClient.ParseAsync(response);
        Assert.Contains("ancora in istruttoria", string.Join(" ", refused.Errors()), StringComparison.Ordinal);
        Assert.False(await Factory.WithDbAsync(db => db.Rankings.AnyAsync(r => r.CallId == callId, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Freeze_Discard_FreezeAgain_Publish_AndASecondPublishIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 700m);
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId,
        [
            new SeedApplication(Isee: 20_000m),
            new SeedApplication(Isee: 5_000m),
            new SeedApplication(Isee: 9_000m),
        ]);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        // Freeze.
        var page = await client.GetDocumentAsync(Url(callId));
        using (var frozen = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=freeze-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, frozen.StatusCode);
        }

        page = await client.GetDocumentAsync(Url(callId));
        Assert.Contains("Graduatoria congelata", page.Text("[data-testid=message]"), StringComparison.Ordinal);
        Assert.Contains("Congelata il", page.Text("[data-testid=ranking-state]"), StringComparison.Ordinal);
        Assert.Equal([ReviewSeeds.Protocol(2), ReviewSeeds.Protocol(3), ReviewSeeds.Protocol(1)], Rows(page).Select(r => r[1]));

        // A later edit of an application does not change the frozen ranking.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE applications SET isee = jsonb_set(isee, ARRAY['Value'], to_jsonb(1000)) WHERE id = {ids[0]}", ct));
        Assert.Equal(1_000m, await Factory.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).Select(a => a.Isee.Value).SingleAsync(ct)));
        page = await client.GetDocumentAsync(Url(callId));
        Assert.Equal([ReviewSeeds.Protocol(2), ReviewSeeds.Protocol(3), ReviewSeeds.Protocol(1)], Rows(page).Select(r => r[1]));

        // Discard: a reason is required, and then kept in the history.
        using (var noReason = await client.SubmitAsync(page, new Dictionary<string, string> { ["Discard.Reason"] = "  " }, "[data-testid=discard-form]"))
        {
            var shown = await PortalClient.ParseAsync(noReason);
            Assert.Contains("Indicare perché si annulla la graduatoria congelata.", shown.Errors());
        }

        Assert.True(await Factory.WithDbAsync(db => db.Rankings.AnyAsync(r => r.CallId == callId && r.DiscardedAt == null, ct)));
        using (var discarded = await client.SubmitAsync(page, new Dictionary<string, string> { ["Discard.Reason"] = "ISEE della domanda 1 da correggere" }, "[data-testid=discard-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        }

        page = await client.GetDocumentAsync(Url(callId));
        Assert.Contains("ISEE della domanda 1 da correggere", page.Text("[data-testid=discarded]"), StringComparison.Ordinal);
        Assert.Contains("Anteprima", page.Text("[data-testid=ranking-state]"), StringComparison.Ordinal);

        // Freeze again: the corrected ISEE now counts.
        Assert.Equal([ReviewSeeds.Protocol(1), ReviewSeeds.Protocol(2), ReviewSeeds.Protocol(3)], Rows(page).Select(r => r[1]));
        using (var refrozen = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=freeze-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, refrozen.StatusCode);
        }

        // Publish: the call is marked ranked, the page links to the public ranking and to the funding.
        page = await client.GetDocumentAsync(Url(callId));
        using (var published = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=publish-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        var after = await client.GetDocumentAsync(Url(callId));
        Assert.Contains("Pubblicata il", after.Text("[data-testid=ranking-state]"), StringComparison.Ordinal);
        Assert.Equal($"/Staff/Grants/Funding/{callId}", after.QuerySelector("[data-testid=funding-link]")!.GetAttribute("href"));
        Assert.Equal($"/Calls/Ranking/{callId}", after.QuerySelector("[data-testid=public-link]")!.GetAttribute("href"));
        Assert.Null(after.QuerySelector("[data-testid=discard-form]"));
        Assert.Equal(CallStatus.Ranked, (await CallSeeds.LoadCallAsync(Factory, callId)).Status);

        // The publish form of the page opened before is posted again: refused, the ranking unchanged.
        var publishedAt = await Factory.WithDbAsync(db => db.Rankings.Where(r => r.CallId == callId && r.DiscardedAt == null).Select(r => r.PublishedAt).SingleAsync(ct));
        using (var again = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=publish-form]"))
        {
            var shown = await PortalClient.ParseAsync(again);
            Assert.Contains(Ranking.PublishedMessage, shown.Errors());
        }

        // And so is a discard of the published ranking.
        using (var discardPublished = await client.SubmitAsync(page, new Dictionary<string, string> { ["Discard.Reason"] = "ripensamento" }, "[data-testid=discard-form]"))
        {
            var shown = await PortalClient.ParseAsync(discardPublished);
            Assert.Contains(Ranking.PublishedMessage, shown.Errors());
        }

        var rankings = await Factory.WithDbAsync(db => db.Rankings.AsNoTracking().Where(r => r.CallId == callId).ToListAsync(ct));
        Assert.Equal(2, rankings.Count);
        Assert.Single(rankings, r => r.IsDiscarded && r.DiscardReason == "ISEE della domanda 1 da correggere");
        Assert.Equal(publishedAt, rankings.Single(r => !r.IsDiscarded).PublishedAt);
        Assert.Equal(staff.Id, rankings.Single(r => !r.IsDiscarded).PublishedBy);
    }

    [Fact]
    public async Task Freeze_OfAPreviewThatChangedSinceThePageWasOpened_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m);
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 20_000m), new SeedApplication(Isee: 5_000m)]);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(Url(callId));

        // Meanwhile the second application's decision changes (reopened and not admitted, straight in SQL).
        await Factory.WithDbAsync(async db =>
        {
            await StatusPaths.MoveAsync(db, ids[1], ApplicationStatus.InReview, ReviewSeeds.Protocol(2), ct);
            await StatusPaths.MoveAsync(db, ids[1], ApplicationStatus.NotAdmitted, ReviewSeeds.Protocol(2), ct);
        });

        using var response = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=freeze-form]");

        var shown = await PortalClient.ParseAsync(response);
        Assert.Contains(GrantsWork.PreviewChangedMessage, shown.Errors());
        Assert.False(await Factory.WithDbAsync(db => db.Rankings.AnyAsync(r => r.CallId == callId, ct)));
        Assert.Contains(ReviewSeeds.Protocol(2), Rows(shown).Single(r => r[3] == "Non ammessa")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesForm_SavesWhatHappensWhenFundsAreShort_AndThePreviewFollowsIt()
    {
        var callId = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{callId}");
        Assert.Equal(nameof(ShortfallPolicy.SkipToNextThatFits), ((IHtmlSelectElement)form.QuerySelector("#Rules_WhenShort")!).Value);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Rules.WhenShort"] = nameof(ShortfallPolicy.PartialGrant) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, callId);
        Assert.Equal(ShortfallPolicy.PartialGrant, call.Rules.Funding.WhenShort);
        form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{callId}");
        Assert.Equal(nameof(ShortfallPolicy.PartialGrant), ((IHtmlSelectElement)form.QuerySelector("#Rules_WhenShort")!).Value);
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{callId}");
        Assert.Contains("alla prima domanda che non rientra si concede quanto resta", details.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WithAPartialGrantPolicy_ShowsThePartialAmount()
    {
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 500m, r => r with { Funding = r.Funding with { WhenShort = ShortfallPolicy.PartialGrant } });
        await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 1_000m), new SeedApplication(Isee: 2_000m), new SeedApplication(Isee: 3_000m)]);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var rows = Rows(await client.GetDocumentAsync(Url(callId)));

        Assert.Equal(["Finanziata", "Finanziata (in parte: 150,00 €)", "In lista d'attesa"], rows.Select(r => r[3]));
    }
    [Fact]
    public async Task Publish_FromAPageShowingARankingDiscardedMeanwhile_IsRefused_TheNewOneStaysUnpublished()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m);
        await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 5_000m), new SeedApplication(Isee: 6_000m)]);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, ct)));
        var page = await client.GetDocumentAsync(Url(callId));

        // A colleague discards that ranking and freezes a new one before this page's "Pubblica" is pressed.
        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.DiscardAsync(callId, GrantSeeds.Castellanza, "budget da rivedere", staff.Id, ct)));
        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, ct)));
        using var response = await client.SubmitAsync(page, new Dictionary<string, string>(), "[data-testid=publish-form]");

        Assert.Contains("Nel frattempo questa graduatoria è stata annullata: nulla è cambiato. Ricaricare la pagina.", (await PortalClient.ParseAsync(response)).Errors());
        Assert.False(await Factory.WithDbAsync(db => db.Rankings.AnyAsync(r => r.CallId == callId && r.PublishedAt != null, ct)));
    }

    [Fact]
    public async Task TwoStaffFreezingAtOnce_OneRankingIsFrozen_TheOtherIsToldItAlreadyIs()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m);
        await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 5_000m), new SeedApplication(Isee: 6_000m)]);
        var staff = await TestAccounts.CreateAsync(Factory, Domain.Identity.Roles.Staff);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => GrantSeeds.WorkAsync(Factory, w => w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, ct)), ct)));

        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal("La graduatoria di questo bando è già congelata.", r));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Rankings.CountAsync(r => r.CallId == callId, ct)));
        Assert.Equal(2, await Factory.WithDbAsync(db => db.RankingEntries.CountAsync(e => db.Rankings.Any(r => r.Id == e.RankingId && r.CallId == callId), ct)));
    }
}
