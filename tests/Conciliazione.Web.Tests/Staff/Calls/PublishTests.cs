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

        using var response = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[action*='handler=Publish']");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await PortalClient.ParseAsync(response)).Errors();
        Assert.Contains("Caricare il documento ufficiale del bando (PDF).", errors);
        Assert.Contains("Indicare apertura e chiusura della raccolta delle domande.", errors);
        Assert.Contains("Indicare il budget del bando.", errors);
        Assert.Contains("Indicare almeno un documento obbligatorio da allegare alla domanda.", errors);
        Assert.Contains("Inserire i testi delle dichiarazioni sostitutive (DPR 445/2000).", errors);
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

        using var response = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[action*='handler=Publish']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CallStatus.Published, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
        using var anonymous = Factory.CreatePortalClient();
        var list = await anonymous.GetDocumentAsync("/Calls");
        Assert.Contains("Voucher infanzia 2018", list.Text("[data-testid=open-calls]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_CloseRankConclude_FromTheDetailsPage()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        foreach (var (handler, status) in new[] { ("Close", CallStatus.Closed), ("Rank", CallStatus.Ranked), ("Conclude", CallStatus.Concluded) })
        {
            var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
            using var response = await client.SubmitAsync(details, new Dictionary<string, string>(), $"form[action*='handler={handler}']");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(status, (await CallSeeds.LoadCallAsync(Factory, id)).Status);
        }
    }
}
