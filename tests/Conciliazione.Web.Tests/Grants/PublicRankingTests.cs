using System.Security.Cryptography;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13 "Done when": a published ranking never shows a name or a codice fiscale, on the public
/// page (/Calls/Ranking/{callId}) nor in its PDF (text extracted); only published rankings are
/// public; the PDF is stored once with its SHA-256 and served identical to everyone.
/// </summary>
public sealed class PublicRankingTests(PortalFactory factory) : PortalTest(factory)
{
    private const string ApplicantFiscalCode = "RSSMRA85T50F205Z";

    [Fact]
    public async Task PublishedRanking_PageAndPdf_ShowPositionsProtocolsAndOutcomes_NeverANameACodiceFiscaleOrAnIsee()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 700m);
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId,
        [
            new SeedApplication(Isee: 13_579m),
            new SeedApplication(Isee: 2_468m),
            new SeedApplication(Isee: 24_680m),
            new SeedApplication(Isee: 11_111m, Status: ApplicationStatus.NotAdmitted),
        ]);
        // Give the first applicant a real-looking codice fiscale: it must appear nowhere public.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE applications SET applicant = jsonb_set(applicant, ARRAY['FiscalCode'], to_jsonb({ApplicantFiscalCode}::text)) WHERE id = {ids[0]}", ct));
        Assert.Equal(ApplicantFiscalCode, await Factory.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).Select(a => a.Applicant.FiscalCode).SingleAsync(ct)));
        await GrantSeeds.FreezeAndPublishAsync(Factory, callId, staff.Id);
        using var anonymous = Factory.CreatePortalClient();

        var page = await anonymous.GetDocumentAsync($"/Calls/Ranking/{callId}");

        var rows = page.QuerySelectorAll("[data-testid=ranking] tbody tr").Select(tr => string.Join("|", tr.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(
        [
            $"1|{ReviewSeeds.Protocol(2)}|Finanziata",
            $"2|{ReviewSeeds.Protocol(1)}|Finanziata",
            $"3|{ReviewSeeds.Protocol(3)}|In lista d'attesa",
            $"-|{ReviewSeeds.Protocol(4)}|Non ammessa",
        ], rows);
        var text = page.Body!.TextContent;
        var pdfLink = page.QuerySelector("[data-testid=pdf-link]")!.GetAttribute("href")!;

        using var download = await anonymous.GetAsync(pdfLink);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await download.Content.ReadAsByteArrayAsync(ct);
        using var pdf = PdfDocument.Open(bytes);
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
        var pdfText = string.Join(" ", words);
        Assert.Contains(ReviewSeeds.Protocol(2), words);
        Assert.Contains(ReviewSeeds.Protocol(4), words);
        Assert.Contains("Finanziata", words);
        Assert.Contains("In lista d'attesa", pdfText, StringComparison.Ordinal);
        Assert.Contains("Non ammessa", pdfText, StringComparison.Ordinal);

        foreach (var (where, content) in new[] { ("page", text), ("PDF", pdfText) })
        {
            foreach (var personal in new[] { ApplicantFiscalCode, "Prova", "CHILD", "13.579", "2.468", "24.680", "11.111", "13579", "2468" })
            {
                Assert.False(content.Contains(personal, StringComparison.OrdinalIgnoreCase), $"the {where} shows \"{personal}\"");
            }
        }

        // Stored once, with its SHA-256 shown on the page; a second download is the same bytes.
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var ranking = await Factory.WithDbAsync(db => db.Rankings.AsNoTracking().SingleAsync(r => r.CallId == callId, ct));
        Assert.Equal(sha, ranking.PdfSha256);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.RankingDocuments.CountAsync(d => d.RankingId == ranking.Id, ct)));
        Assert.Equal(sha, (await anonymous.GetDocumentAsync($"/Calls/Ranking/{callId}")).Text("[data-testid=pdf-sha] code"));
        using var again = await anonymous.GetAsync(pdfLink);
        Assert.Equal(bytes, await again.Content.ReadAsByteArrayAsync(ct));
    }

    [Fact]
    public async Task OnlyAPublishedRanking_IsPublic_AndTheCallPageLinksToIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 700m);
        await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(Isee: 5_000m)]);
        using var anonymous = Factory.CreatePortalClient();

        // No ranking, then a frozen one not yet published: not found, no link.
        foreach (var step in new Func<Task>[]
        {
            () => Task.CompletedTask,
            () => GrantSeeds.WorkAsync(Factory, async w => Assert.Null(await w.FreezeAsync(callId, GrantSeeds.Castellanza, staff.Id, ct))),
        })
        {
            await step();
            using var page = await anonymous.GetAsync($"/Calls/Ranking/{callId}");
            using var pdf = await anonymous.GetAsync($"/Calls/Ranking/{callId}?handler=Pdf");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
            Assert.Null((await anonymous.GetDocumentAsync($"/Calls/Details/{callId}")).QuerySelector("[data-testid=ranking-link]"));
        }

        Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.PublishAsync(callId, GrantSeeds.Castellanza, staff.Id, ct)));

        var details = await anonymous.GetDocumentAsync($"/Calls/Details/{callId}");
        Assert.Equal($"/Calls/Ranking/{callId}", details.QuerySelector("[data-testid=ranking-link]")!.GetAttribute("href"));
        Assert.Contains(ReviewSeeds.Protocol(1), (await anonymous.GetDocumentAsync($"/Calls/Ranking/{callId}")).Text("[data-testid=ranking]"), StringComparison.Ordinal);
        using var unknown = await anonymous.GetAsync($"/Calls/Ranking/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
    [Fact]
    public async Task ALongRanking_IsPagedInItsOrder_EveryRowOnce_AndAPageBeyondTheEndShowsTheLast()
    {
        // 540 admitted (positions 1-540) and 20 not admitted: page 1 holds positions 1-500, page 2
        // positions 501-540 and then the applications not admitted by protocol.
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 700m);
        var family = (await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false)).Id;
        await GrantSeeds.ApplicationsAsync(Factory, callId,
            [.. Enumerable.Range(0, 560).Select(i => i % 28 == 27
                ? new SeedApplication(Isee: 1_000m, Status: ApplicationStatus.NotAdmitted)
                : new SeedApplication(Isee: 1_000m + (i % 7)))],
            familyId: family);
        await GrantSeeds.FreezeAndPublishAsync(Factory, callId, staff.Id);
        var expected = await Factory.WithDbAsync(async db =>
        {
            var entries = db.RankingEntries.Where(e => db.Rankings.Any(r => r.Id == e.RankingId && r.CallId == callId && r.DiscardedAt == null));
            var admitted = await entries.Where(e => e.Position != null).OrderBy(e => e.Position).Select(e => e.Position + "|" + e.ProtocolNumber).ToListAsync(ct);
            var others = await entries.Where(e => e.Position == null).Select(e => e.ProtocolNumber).ToListAsync(ct);
            return admitted.Concat(others.Order(StringComparer.Ordinal).Select(p => "-|" + p)).ToList();
        });
        Assert.Equal(560, expected.Count);
        Assert.Equal("540|", expected[539][..4]);
        using var anonymous = Factory.CreatePortalClient();

        var first = await anonymous.GetDocumentAsync($"/Calls/Ranking/{callId}");
        Assert.Equal("Pagina 1 di 2", first.Text("[data-testid=pages] span"));
        var next = first.QuerySelectorAll("[data-testid=pages] a").Single(a => a.TextContent.Trim() == "Successive").GetAttribute("href")!;
        var second = await anonymous.GetDocumentAsync(next);
        Assert.Equal("Pagina 2 di 2", second.Text("[data-testid=pages] span"));
        Assert.Equal(["Precedenti"], second.QuerySelectorAll("[data-testid=pages] a").Select(a => a.TextContent.Trim()));

        Assert.Equal(500, Rows(first).Count);
        Assert.Equal(expected, [.. Rows(first), .. Rows(second)]);
        var beyond = await anonymous.GetDocumentAsync($"/Calls/Ranking/{callId}?p=99");
        Assert.Equal(Rows(second), Rows(beyond));
    }

    private static List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=ranking] tbody tr").Select(tr => tr.Children[0].TextContent.Trim() + "|" + tr.Children[1].TextContent.Trim()).ToList();
}
