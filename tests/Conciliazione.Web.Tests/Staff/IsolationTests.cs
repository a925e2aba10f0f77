using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff;

/// <summary>A staff member of one alliance never sees or changes another alliance's records (SECURITY-CHECKS #11 for staff).</summary>
public sealed class IsolationTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task StaffOfAnotherAlliance_Gets404_OnCastellanzasPartnerAndProjectPages()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _c = client;
        var (marnate, actionB, indicator) = await Factory.WithDbAsync(async db => (
            await db.Partners.Where(p => p.Name == "Comune di Marnate").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken),
            await db.ProjectActions.Where(a => a.ProjectId == CastellanzaPlan.CurrentProjectId && a.Code == "B").Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken),
            await db.Indicators.Where(i => i.Name == "Famiglie beneficiarie dei voucher").Select(i => i.Id).SingleAsync(TestContext.Current.CancellationToken)));
        var project = CastellanzaPlan.CurrentProjectId;

        foreach (var url in new[]
        {
            $"/Staff/Alliance/Partners/Details/{marnate}",
            $"/Staff/Alliance/Partners/Edit/{marnate}",
            $"/Staff/Project/Overview/{project}",
            $"/Staff/Project/Edit/{project}",
            $"/Staff/Project/Budget/{project}",
            $"/Staff/Project/Extend/{project}",
            $"/Staff/Project/Actions/Edit/{actionB}",
            $"/Staff/Project/Indicators/Edit/{indicator}",
        })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        // Their own pages work, so the 404s above are about ownership, not a broken page.
        using var own = await client.GetAsync($"/Staff/Project/Overview/{other.ProjectId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task StaffOfAnotherAlliance_CannotChangeCastellanzasRecords_ByPosting()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _c = client;
        var marnate = await Factory.WithDbAsync(db => db.Partners.Where(p => p.Name == "Comune di Marnate").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken));
        // A valid form of their own alliance, re-aimed at Castellanza's records (antiforgery token included).
        var ownForm = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Edit/{other.PartnerId}");

        using var partner = await client.Http.PostAsync(new Uri($"/Staff/Alliance/Partners/Edit/{marnate}", UriKind.Relative), Form(ownForm, ("Input.Name", "Preso"), ("Input.Type", "Altro")), TestContext.Current.CancellationToken);
        using var extend = await client.Http.PostAsync(new Uri($"/Staff/Project/Extend/{CastellanzaPlan.CurrentProjectId}", UriKind.Relative), Form(ownForm, ("Input.NewEndDate", "2030-01-01"), ("Input.Reason", "x")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, partner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, extend.StatusCode);
        Assert.Equal("Comune di Marnate", await Factory.WithDbAsync(db => db.Partners.Where(p => p.Id == marnate).Select(p => p.Name).SingleAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(new DateOnly(2018, 12, 31), await Factory.WithDbAsync(db => db.Projects.Where(p => p.Id == CastellanzaPlan.CurrentProjectId).Select(p => p.EndDate).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task StaffOfAnotherAlliance_ListsOnlyTheirOwnRows()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _c = client;

        var partners = (await client.GetDocumentAsync("/Staff/Alliance/Partners")).QuerySelector("main")!.TextContent;
        var municipalities = (await client.GetDocumentAsync("/Staff/Alliance/Municipalities")).QuerySelector("main")!.TextContent;
        var projects = (await client.GetDocumentAsync("/Staff/Project")).QuerySelector("main")!.TextContent;
        var overview = (await client.GetDocumentAsync("/Staff/Alliance")).QuerySelector("main")!.TextContent;

        Assert.Contains(AllianceBuilder.OtherPartnerName, partners, StringComparison.Ordinal);
        Assert.DoesNotContain("Marnate", partners, StringComparison.Ordinal);
        Assert.Contains(AllianceBuilder.OtherMunicipalityName, municipalities, StringComparison.Ordinal);
        Assert.DoesNotContain("Castellanza", municipalities, StringComparison.Ordinal);
        Assert.Contains(AllianceBuilder.OtherProjectTitle, projects, StringComparison.Ordinal);
        Assert.DoesNotContain("pronti, via", projects, StringComparison.Ordinal);
        Assert.DoesNotContain("pronti, via", overview, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(AngleSharp.Html.Dom.IHtmlDocument page, params (string Name, string Value)[] values)
    {
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))]);
    }
}
