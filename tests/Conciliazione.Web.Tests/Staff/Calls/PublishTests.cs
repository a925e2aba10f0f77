using Conciliazione.Domain.Calls;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Calls;

public sealed class PublishTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Publish_WhenIncomplete_ShowsWhatIsMissing_InItalian_AndStaysADraft()
    {
        var id = await Factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == Domain.Seeding.CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);
            var call = Call.CreateDraft(project.AllianceId, project, project.Actions.Single(a => a.Code == "B").Id,
                new CallDetails("AV-1", "Bando incompleto", null, null, null, null, null, 0m, false), new VoucherBudget(15_401m, 0m, 0m), DateTimeOffset.UtcNow, null);
            db.Calls.Add(call);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return call.Id;
        });
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        var preview = await client.GetDocumentAsync(details.QuerySelector("[data-testid=publish-link]")!.GetAttribute("href")!);

        Assert.Null(preview.QuerySelector("#publish-form"));
        var missing = preview.QuerySelectorAll("[data-testid=missing] li").ToDictionary(li => li.TextContent.Replace("Correggi", "", StringComparison.Ordinal).Trim(), li => li.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"/Staff/Calls/Edit/{id}#document", missing["Caricare il documento ufficiale del bando (PDF)."]);
        Assert.Equal($"/Staff/Calls/Edit/{id}#Input_OpensAt", missing["Indicare apertura e chiusura della raccolta delle domande."]);
        Assert.Equal($"/Staff/Calls/Edit/{id}#Input_Budget", missing["Indicare il budget del bando."]);
        Assert.Equal($"/Staff/Calls/Rules/{id}", missing["Indicare almeno un documento obbligatorio da allegare alla domanda."]);
        Assert.Equal($"/Staff/Calls/Rules/{id}", missing["Inserire i testi delle dichiarazioni sostitutive (DPR 445/2000)."]);
        Assert.DoesNotContain("Controlla i dati inseriti", preview.Body!.TextContent, StringComparison.Ordinal);

        using var forced = await client.Http.PostAsync(new Uri($"/Staff/Calls/Publish/{id}", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", details.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "")]), TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.Redirect, forced.StatusCode);
        Assert.Equal(CallStatus.Draft, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
    }

    [Fact]
    public async Task Publish_WhenComplete_PublishesIt_AndThePublicSeesIt()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        Assert.Null(details.QuerySelector("[data-testid=missing]"));
        var preview = await client.GetDocumentAsync(details.QuerySelector("[data-testid=publish-link]")!.GetAttribute("href")!);
        Assert.Equal(CallStatus.Draft, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
        Assert.Contains("Voucher infanzia 2018", preview.Text("[data-testid=preview]"), StringComparison.Ordinal);
        Assert.Contains("5.000,00 €", preview.Text("[data-testid=preview]"), StringComparison.Ordinal);

        using var response = await client.SubmitAsync(preview, new Dictionary<string, string>(), "#publish-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CallStatus.Published, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
        var after = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Bando pubblicato", after.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Equal($"/Calls/Details/{id}", after.QuerySelector("[data-testid=public-link]")!.GetAttribute("href"));
        using var anonymous = Factory.CreatePortalClient();
        var list = await anonymous.GetDocumentAsync("/Calls");
        Assert.Contains("Voucher infanzia 2018", list.Text("[data-testid=open-calls]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_CloseRankConclude_FromTheDetailsPage_TheRankingOnItsOwnPage()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        using (var close = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[action*='handler=Close']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        }

        Assert.Equal(CallStatus.Closed, (await CallSeeds.LoadCallAsync(Factory, id)).Status);

        // No "mark as ranked" button any more: the ranking is frozen and published on its own page, which marks the call.
        details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        Assert.Null(details.QuerySelector("form[action*='handler=Rank']"));
        Assert.Equal($"/Staff/Grants/Ranking/{id}", details.QuerySelector("[data-testid=ranking-link]")!.GetAttribute("href"));
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await Applications.ReviewSeeds.TokenAsync(client) }))
        using (var rank = await client.Http.PostAsync(new Uri($"/Staff/Calls/Details/{id}?handler=Rank", UriKind.Relative), form, TestContext.Current.CancellationToken))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, rank.StatusCode);
        }

        Assert.Equal(CallStatus.Closed, (await CallSeeds.LoadCallAsync(Factory, id)).Status);

        await Grants.GrantSeeds.ApplicationsAsync(Factory, id, [new Grants.SeedApplication(Isee: 9_000m)]);
        await Grants.GrantSeeds.FreezeAndPublishAsync(Factory, id, staff.Id);
        Assert.Equal(CallStatus.Ranked, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
        details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        Assert.Equal($"/Staff/Grants/Funding/{id}", details.QuerySelector("[data-testid=funding-link]")!.GetAttribute("href"));
        using (var conclude = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[action*='handler=Conclude']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, conclude.StatusCode);
        }

        Assert.Equal(CallStatus.Concluded, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
    }
}
