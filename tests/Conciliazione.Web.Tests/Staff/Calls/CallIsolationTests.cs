using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>Staff of another alliance never see or change Castellanza's calls and providers (SECURITY-CHECKS #11 for staff).</summary>
public sealed class CallIsolationTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task StaffOfAnotherAlliance_Gets404_OnCastellanzasCallAndProviderPages_AndCannotPublish()
    {
        var provider = await CallSeeds.ProviderAsync(Factory);
        var call = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var agreement = await Factory.WithDbAsync(db => db.Agreements.Where(a => a.ProviderId == provider).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _c = client;

        foreach (var url in new[]
        {
            $"/Staff/Calls/Details/{call}", $"/Staff/Calls/Edit/{call}", $"/Staff/Calls/Rules/{call}", $"/Staff/Calls/Amend/{call}", $"/Staff/Calls/Document/{call}",
            $"/Staff/Calls/Reallocate/{CastellanzaPlan.CurrentProjectId}", $"/Staff/Providers/Edit/{provider}", $"/Staff/Providers/Agreement/{agreement}",
        })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        var ownList = await client.GetDocumentAsync("/Staff/Calls");
        Assert.DoesNotContain("Voucher infanzia 2018", ownList.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var ownProviders = await client.GetDocumentAsync("/Staff/Providers");
        Assert.DoesNotContain("Nido Girotondo", ownProviders.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var anyForm = await client.GetDocumentAsync("/Staff/Calls/Create");
        var token = anyForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var publish = await client.Http.PostAsync(new Uri($"/Staff/Calls/Publish/{call}", UriKind.Relative), body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, publish.StatusCode);
        Assert.Equal(CallStatus.Draft, (await CallSeeds.LoadCallAsync(Factory, call)).Status);
    }
}
