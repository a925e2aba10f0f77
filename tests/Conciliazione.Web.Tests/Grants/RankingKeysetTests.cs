using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Pages.Staff.Grants;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 17 (B2), the staff ranking page walked by keyset (ADR 0131): "Successive" carries the key
/// of the last row shown, "Precedenti" the key of the first; every row of the ranking appears once,
/// in the ranking's order, across the admitted positions and the protocols of the applications not
/// admitted, forward and back, in the preview and in the frozen snapshot alike; equal ISEE and equal
/// submission times stay in the order their tie-breaks give (protocol last).
/// </summary>
public sealed class RankingKeysetTests(PortalFactory factory) : PortalTest(factory)
{
    // 390 admitted (three ISEE values, the same submission time: ties everywhere) and 30 not admitted:
    // page 1 holds positions 1-200, page 2 positions 201-390 and 10 not admitted, page 3 the last 20.
    private const int AdmittedCount = 390;
    private const int NotAdmittedCount = 30;

    private static string Url(Guid callId) => $"/Staff/Grants/Ranking/{callId}";

    private static List<string> Protocols(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=ranking] tbody tr th").Select(th => th.TextContent.Trim()).ToList();

    [Fact]
    public async Task KeysetWalk_ForwardAndBack_ShowsEveryRowOnce_InTheRankingOrder_PreviewAndFrozenAlike()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 10_000m);
        var family = (await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false)).Id;
        var specs = Enumerable.Range(0, AdmittedCount + NotAdmittedCount)
            .Select(i => i % 14 == 13 && i / 14 < NotAdmittedCount
                ? new SeedApplication(Isee: 1_000m, Status: ApplicationStatus.NotAdmitted, MinutesAfterFirst: 5)
                : new SeedApplication(Isee: 1_000m * (1 + (i % 3)), MinutesAfterFirst: 5))
            .ToList();
        Assert.Equal(NotAdmittedCount, specs.Count(s => s.Status == ApplicationStatus.NotAdmitted));
        await GrantSeeds.ApplicationsAsync(Factory, callId, specs, familyId: family);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        // The preview.
        var preview = await WalkAsync(client, callId);

        // The frozen snapshot: the rows the database holds, in their order, are the ones walked.
        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, ct)));
        var expected = await Factory.WithDbAsync(async db =>
        {
            var entries = db.RankingEntries.Where(e => db.Rankings.Any(r => r.Id == e.RankingId && r.CallId == callId && r.DiscardedAt == null));
            var admitted = await entries.Where(e => e.Position != null).OrderBy(e => e.Position).Select(e => e.ProtocolNumber).ToListAsync(ct);
            var others = await entries.Where(e => e.Position == null).Select(e => e.ProtocolNumber).ToListAsync(ct);
            return admitted.Concat(others.Order(StringComparer.Ordinal)).ToList();
        });
        Assert.Equal(AdmittedCount + NotAdmittedCount, expected.Count);
        var frozen = await WalkAsync(client, callId);

        Assert.Equal(expected, frozen);
        Assert.Equal(expected, preview);

        // Within equal ISEE and equal submission time, the protocol decides (positions 1, 2, 3 hold ISEE 1,000, protocols ascending).
        var firstTies = expected.Take(3).ToList();
        Assert.Equal(firstTies.Order(StringComparer.Ordinal), firstTies);

        // A key nobody wrote (an old bookmark, a typo) shows the start, not an error.
        var odd = await client.GetDocumentAsync(Url(callId) + "?after=abc");
        Assert.Equal(expected.Take(RankingModel.PageSize), Protocols(odd));
    }

    /// <summary>Walks "Successive" to the end, then "Precedenti" back to the start; returns the rows of the forward walk.</summary>
    private static async Task<List<string>> WalkAsync(PortalClient client, Guid callId)
    {
        var pages = new List<List<string>>();
        var page = await client.GetDocumentAsync(Url(callId));
        Assert.Null(page.QuerySelector("[data-testid=previous]"));
        Assert.Equal($"Posizioni da 1 a {RankingModel.PageSize} di {AdmittedCount}", page.Text("[data-testid=where]"));
        while (true)
        {
            pages.Add(Protocols(page));
            var next = page.QuerySelector("[data-testid=next]")?.GetAttribute("href");
            if (next is null)
            {
                break;
            }

            Assert.DoesNotContain("p=", next, StringComparison.Ordinal);
            page = await client.GetDocumentAsync(next);
        }

        Assert.Equal([RankingModel.PageSize, RankingModel.PageSize, AdmittedCount + NotAdmittedCount - (2 * RankingModel.PageSize)], pages.Select(p => p.Count));
        var second = await client.GetDocumentAsync(page.QuerySelector("[data-testid=previous]")!.GetAttribute("href")!);
        Assert.Equal($"Posizioni da {RankingModel.PageSize + 1} a {AdmittedCount} di {AdmittedCount}; poi le domande non ammesse", second.Text("[data-testid=where]"));
        Assert.StartsWith("Domande non ammesse, protocolli da ", page.Text("[data-testid=where]"), StringComparison.Ordinal);

        // Back: each "Precedenti" shows the page shown before it.
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            page = await client.GetDocumentAsync(page.QuerySelector("[data-testid=previous]")!.GetAttribute("href")!);
            Assert.Equal(pages[i], Protocols(page));
        }

        Assert.Null(page.QuerySelector("[data-testid=previous]"));
        var rows = pages.SelectMany(p => p).ToList();
        Assert.Equal(rows.Count, rows.Distinct().Count());
        return rows;
    }
}
