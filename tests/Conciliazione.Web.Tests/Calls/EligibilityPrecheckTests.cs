using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Calls;

/// <summary>The anonymous pre-check answers per rule, in Italian, and stores nothing.</summary>
public sealed class EligibilityPrecheckTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Precheck_FromTheCallPage_SaysWhyNotEligible_AndStoresNothing()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(Factory);
        using var client = Factory.CreatePortalClient();
        var call = await client.GetDocumentAsync($"/Calls/Details/{callId}");
        var precheckUrl = call.QuerySelector("[data-testid=precheck-link]")!.GetAttribute("href")!;
        var auditBefore = await Factory.WithDbAsync(db => db.AuditEvents.CountAsync());

        var form = await client.GetDocumentAsync(precheckUrl);
        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Resident"] = "true",
            ["Input.PartnerEmployee"] = "false",
            ["Input.Work"] = "Employee",
            ["Input.OtherWorks"] = "false",
            ["Input.ChildBirthDate"] = ApplicationSteps.ChildBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.IseeValue"] = "50.000,00",
        });

        var result = (await PortalClient.ParseAsync(response)).Text("[data-testid=eligibility-result]");
        Assert.Contains("Non hai i requisiti per partecipare", result, StringComparison.Ordinal);
        Assert.Contains("genitore unico affidatario", result, StringComparison.Ordinal);
        Assert.Contains("Il tuo ISEE supera il limite", result, StringComparison.Ordinal);
        Assert.Contains("Risiedi in un comune dell'alleanza.", result, StringComparison.Ordinal);
        Assert.Equal(auditBefore, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Precheck_AllRulesMet_OffersToApply()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(Factory);
        using var client = Factory.CreatePortalClient();

        using var response = await client.PostFormAsync($"/Calls/Eligibility/{callId}", new Dictionary<string, string>
        {
            ["Input.Resident"] = "true",
            ["Input.Work"] = "Employee",
            ["Input.OtherWorks"] = "true",
            ["Input.ChildBirthDate"] = ApplicationSteps.ChildBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.IseeValue"] = "12.000",
        });

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Hai i requisiti per partecipare", page.Text("[data-testid=eligibility-result]"), StringComparison.Ordinal);
        Assert.Equal($"/Family/Applications/Start/{callId}", page.QuerySelector("[data-testid=eligibility-result] a")!.GetAttribute("href"));
    }
}
