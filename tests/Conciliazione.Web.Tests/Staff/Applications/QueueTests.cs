using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>The review queue of a call: filters, counts per status, keyset pages of 50, one alliance only.</summary>
public sealed class QueueTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static List<string> Protocols(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=queue-row] [data-testid=protocol]").Select(a => a.TextContent.Trim()).ToList();

    private static string Cell(AngleSharp.Dom.IElement row, string selector) => row.QuerySelector(selector)?.TextContent.Trim() ?? "";

    private static Dictionary<string, string> Counts(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=status-counts] li[data-status]")
            .ToDictionary(li => li.GetAttribute("data-status")!, li => li.QuerySelector("[data-testid=count]")!.TextContent.Trim());

    [Fact]
    public async Task Queue_Shows50ApplicationsAPage_InProtocolOrder_AndSuccessiveFollowsTheLastProtocol()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        await ReviewSeeds.SubmittedAsync(Factory, call, 120);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var first = await client.GetDocumentAsync("/Staff/Applications");
        var next = first.QuerySelector<IHtmlAnchorElement>("[data-testid=next-page]")!.GetAttribute("href")!;
        var second = await client.GetDocumentAsync(next);
        var third = await client.GetDocumentAsync(second.QuerySelector("[data-testid=next-page]")!.GetAttribute("href")!);

        Assert.Equal(Enumerable.Range(1, 50).Select(ReviewSeeds.Protocol), Protocols(first));
        Assert.Contains("after=" + Uri.EscapeDataString(ReviewSeeds.Protocol(50)), next, StringComparison.Ordinal);
        Assert.Contains("call=" + call, next, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(51, 50).Select(ReviewSeeds.Protocol), Protocols(second));
        Assert.Equal(Enumerable.Range(101, 20).Select(ReviewSeeds.Protocol), Protocols(third));
        Assert.Null(third.QuerySelector("[data-testid=next-page]"));
        Assert.NotNull(third.QuerySelector("[data-testid=first-page]"));
        Assert.Equal("120", first.Text("[data-testid=count-total]"));
        Assert.Equal(new Dictionary<string, string> { ["Submitted"] = "120" }, Counts(first));
        var row = first.QuerySelector("[data-testid=queue-row]")!;
        Assert.Equal("Inviata", Cell(row, "[data-testid=row-status]"));
        Assert.Equal("non assegnata", Cell(row, "[data-testid=row-reviewer]"));
        Assert.Equal($"/Staff/Applications/Details/{row.GetAttribute("data-id")}", row.QuerySelector("[data-testid=protocol]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Queue_FiltersByStatusMunicipalityReviewerRequestsAndFlags_AndCountsPerStatusOfTheCall()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var olderCall = await CallSeeds.CallAsync(Factory, Now, opens: Now.AddDays(-60), closes: Now.AddDays(10), reference: "AV-2017-09", title: "Bando precedente");
        var (client, me) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var colleague = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var castellanza = await ReviewSeeds.MunicipalityAsync(Factory, "Castellanza");
        var marnate = await ReviewSeeds.MunicipalityAsync(Factory, "Marnate");

        await ReviewSeeds.OneAsync(Factory, call, 1, castellanza);
        var mine = await ReviewSeeds.OneAsync(Factory, call, 2, marnate, [ReviewFlags.IseeExpired]);
        var pending = await ReviewSeeds.OneAsync(Factory, call, 3, castellanza);
        var overdue = await ReviewSeeds.OneAsync(Factory, call, 4, marnate, [ReviewFlags.IseeExpired, ReviewFlags.MissingDocuments]);
        var withdrawn = await ReviewSeeds.OneAsync(Factory, call, 5);
        await ReviewSeeds.OneAsync(Factory, olderCall, 6, castellanza);
        await ReviewSeeds.ReviewAsync(Factory, mine, a => a.TakeInCharge(me.Id, Now));
        await ReviewSeeds.DocumentsRequestedAsync(Factory, pending, colleague.Id, Now.AddDays(5));
        await ReviewSeeds.DocumentsRequestedAsync(Factory, overdue, me.Id, Now.AddDays(-1));
        await ReviewSeeds.ReviewAsync(Factory, withdrawn, a => a.Withdraw(a.FamilyUserId, Now, "Non serve più"));
        var protocol = ReviewSeeds.Protocol;

        var all = await client.GetDocumentAsync("/Staff/Applications");
        Assert.Equal([protocol(1), protocol(2), protocol(3), protocol(4), protocol(5)], Protocols(all));
        Assert.Equal(new Dictionary<string, string> { ["Submitted"] = "1", ["InReview"] = "1", ["DocumentsRequested"] = "2", ["Withdrawn"] = "1" }, Counts(all));
        var overdueRow = all.QuerySelectorAll("[data-testid=queue-row]").Single(r => r.GetAttribute("data-id") == overdue.ToString());
        Assert.StartsWith("Scaduta il", Cell(overdueRow, "[data-testid=row-request]"), StringComparison.Ordinal);
        Assert.Contains("ISEE scaduto all'invio", Cell(overdueRow, "[data-testid=row-flags]"), StringComparison.Ordinal);
        Assert.Contains("Documenti obbligatori mancanti", Cell(overdueRow, "[data-testid=row-flags]"), StringComparison.Ordinal);
        Assert.Equal("Integrazione richiesta", Cell(overdueRow, "[data-testid=row-status]"));
        var pendingRow = all.QuerySelectorAll("[data-testid=queue-row]").Single(r => r.GetAttribute("data-id") == pending.ToString());
        Assert.StartsWith("In attesa fino al", Cell(pendingRow, "[data-testid=row-request]"), StringComparison.Ordinal);
        Assert.Equal("Utente di prova Staff", Cell(pendingRow, "[data-testid=row-reviewer]"));

        async Task<List<string>> Filtered(string query) => Protocols(await client.GetDocumentAsync("/Staff/Applications?call=" + call + query));
        Assert.Equal([protocol(3), protocol(4)], await Filtered("&status=DocumentsRequested"));
        Assert.Equal([protocol(2), protocol(4)], await Filtered("&municipality=" + marnate));
        Assert.Equal([protocol(1), protocol(3)], await Filtered("&municipality=" + castellanza));
        Assert.Equal([protocol(1), protocol(5)], await Filtered("&reviewer=none"));
        Assert.Equal([protocol(2), protocol(4)], await Filtered("&reviewer=me"));
        Assert.Equal([protocol(3)], await Filtered("&reviewer=" + colleague.Id));
        Assert.Equal([protocol(3), protocol(4)], await Filtered("&requests=pending"));
        Assert.Equal([protocol(4)], await Filtered("&requests=overdue"));
        Assert.Equal([protocol(2), protocol(4)], await Filtered("&flag=" + ReviewFlags.IseeExpired));
        Assert.Equal([protocol(4)], await Filtered("&flag=" + ReviewFlags.MissingDocuments + "&reviewer=me&municipality=" + marnate));
        Assert.Equal([protocol(4)], await Filtered("&after=" + Uri.EscapeDataString(protocol(3)) + "&status=DocumentsRequested"));

        // The counts are the call's, whatever the filters; the other call has its own queue.
        var byStatus = await client.GetDocumentAsync("/Staff/Applications?call=" + call + "&status=Withdrawn");
        Assert.Equal([protocol(5)], Protocols(byStatus));
        Assert.Equal("5", byStatus.Text("[data-testid=count-total]"));
        Assert.Equal([protocol(6)], Protocols(await client.GetDocumentAsync("/Staff/Applications?call=" + olderCall)));
    }

    [Fact]
    public async Task Queue_OfAnotherAlliance_ShowsNothing_AndItsCallIdIs404()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        await ReviewSeeds.SubmittedAsync(Factory, call, 3);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _c = client;

        var own = await client.GetDocumentAsync("/Staff/Applications");
        using var foreign = await client.GetAsync("/Staff/Applications?call=" + call);

        Assert.Empty(Protocols(own));
        Assert.Null(own.QuerySelector("[data-testid=queue]"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task StaffHome_WaitingCount_LeadsToTheQueueOfApplicationsToTakeInCharge()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        await ReviewSeeds.SubmittedAsync(Factory, call, 2);
        var inReview = await ReviewSeeds.OneAsync(Factory, call, 3);
        var (client, me) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        await ReviewSeeds.ReviewAsync(Factory, inReview, a => a.TakeInCharge(me.Id, Now));

        var home = await client.GetDocumentAsync("/Staff");
        var queue = await client.GetDocumentAsync(home.QuerySelector("[data-testid=waiting-link]")!.GetAttribute("href")!);

        Assert.Equal("2", home.Text("[data-testid=count-waiting]"));
        Assert.Equal([ReviewSeeds.Protocol(1), ReviewSeeds.Protocol(2)], Protocols(queue));
    }
}
