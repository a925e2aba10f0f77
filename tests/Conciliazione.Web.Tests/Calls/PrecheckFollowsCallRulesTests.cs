using System.Globalization;
using Conciliazione.Domain.Calls;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Calls;

/// <summary>
/// "Posso partecipare?" and the public call page follow the call's own rules: only the questions
/// the call needs, its kinds of work enforced, providers listed with the services the call funds.
/// </summary>
public sealed class PrecheckFollowsCallRulesTests(PortalFactory factory) : PortalTest(factory)
{
    private async Task<Guid> CallWithAsync(Func<CallRules, CallRules> change)
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(Factory);
        await Factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == callId);
            call.ChangeRules(change(call.Rules), "Regole del caso di prova", null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        return callId;
    }

    [Fact]
    public async Task CallForResidentsOnly_DoesNotAskAboutPartners()
    {
        var callId = await CallWithAsync(r => r with { Eligibility = r.Eligibility with { Territory = TerritorialRequirement.Residence } });
        using var client = Factory.CreatePortalClient();

        var form = await client.GetDocumentAsync($"/Calls/Eligibility/{callId}");

        Assert.Empty(form.QuerySelectorAll("input[name='Input.PartnerEmployee']"));
        Assert.NotEmpty(form.QuerySelectorAll("input[name='Input.Resident']"));
    }

    [Fact]
    public async Task CallWithoutWorkingParentsOrIseeRules_DoesNotAskAboutThem()
    {
        var callId = await CallWithAsync(r => r with { Eligibility = r.Eligibility with { WorkingParentsRequired = false, IseeCeiling = null } });
        using var client = Factory.CreatePortalClient();

        var form = await client.GetDocumentAsync($"/Calls/Eligibility/{callId}");

        Assert.Empty(form.QuerySelectorAll("input[name='Input.OtherWorks']"));
        Assert.Empty(form.QuerySelectorAll("input[name='Input.Work']"));
        Assert.Empty(form.QuerySelectorAll("input[name='Input.IseeValue']"));
    }

    [Theory]
    [InlineData("Employee", "Hai i requisiti per partecipare")]
    [InlineData("SelfEmployed", "Non hai i requisiti per partecipare")]
    [InlineData("Freelancer", "Non hai i requisiti per partecipare")]
    public async Task CallForEmployeesOnly_PrecheckAppliesTheKindOfWork(string kind, string expected)
    {
        var callId = await CallWithAsync(r => r with { Eligibility = r.Eligibility with { Employees = true, SelfEmployed = false, Freelancers = false } });
        using var client = Factory.CreatePortalClient();

        var form = await client.GetDocumentAsync($"/Calls/Eligibility/{callId}");
        Assert.Contains("Lavoratore dipendente", form.Text("[data-testid=accepted-work]"), StringComparison.Ordinal);
        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Resident"] = "true",
            ["Input.PartnerEmployee"] = "false",
            ["Input.Work"] = kind,
            ["Input.OtherWorks"] = "true",
            ["Input.ChildBirthDate"] = ApplicationSteps.ChildBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.IseeValue"] = "12.000",
        });

        var result = (await PortalClient.ParseAsync(response)).Text("[data-testid=eligibility-result]");
        Assert.Contains(expected, result, StringComparison.Ordinal);
        Assert.Contains("Tipo di lavoro", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallPage_ProviderLine_ListsOnlyServicesTheCallFunds()
    {
        var callId = await CallWithAsync(r => r with { ServiceTypes = [ServiceType.Micronido, ServiceType.CentroEstivo] });
        using var client = Factory.CreatePortalClient();

        var page = await client.GetDocumentAsync($"/Calls/Details/{callId}");

        var providers = page.QuerySelectorAll("[data-testid=call-providers] li").Select(li => li.TextContent).ToList();
        var girotondo = providers.Single(p => p.Contains("Girotondo", StringComparison.Ordinal));
        Assert.Contains("Micronido", girotondo, StringComparison.Ordinal);
        Assert.DoesNotContain("Ludoteca", girotondo, StringComparison.Ordinal);
        Assert.DoesNotContain("Centro prima infanzia", girotondo, StringComparison.Ordinal);
        var summer = providers.Single(p => p.Contains("Estate Insieme", StringComparison.Ordinal));
        Assert.DoesNotContain("Baby-parking", summer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueTheFrameworkCannotRead_IsRefusedInItalian_NeverInEnglish()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(Factory);
        using var client = Factory.CreatePortalClient();

        using var response = await client.PostFormAsync($"/Calls/Eligibility/{callId}", new Dictionary<string, string>
        {
            ["Input.Resident"] = "forse",
        });

        var errors = string.Join(" | ", (await PortalClient.ParseAsync(response)).Errors());
        Assert.Contains("Il valore «forse» non è valido.", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid", errors, StringComparison.Ordinal);
    }
}
