using Conciliazione.Domain.Calls;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>Issue 12: staff edit the call's review checklist and decision reasons in the rules form, one item per line.</summary>
public sealed class ReviewRulesFormTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task ChecklistAndReasons_RoundTrip_ThroughTheRulesForm()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.Equal(string.Join("\n", CallRules.DefaultChecklist), form.InputValue("#Rules_ReviewChecklist"));
        Assert.Equal(string.Join("\n", CallRules.DefaultDecisionReasons), form.InputValue("#Rules_DecisionReasons"));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Rules.ReviewChecklist"] = "Carta d'identità leggibile\r\n\r\n  Contratto con il nido firmato  \r\n",
            ["Rules.DecisionReasons"] = "ISEE oltre la soglia\nFiglio fuori età",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Equal(["Carta d'identità leggibile", "Contratto con il nido firmato"], call.Rules.ReviewChecklist);
        Assert.Equal(["ISEE oltre la soglia", "Figlio fuori età"], call.Rules.DecisionReasons);
        Assert.Equal(50m, call.Rules.Amount.RatePercent);
        var again = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.Equal("Carta d'identità leggibile\nContratto con il nido firmato", again.InputValue("#Rules_ReviewChecklist"));
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        Assert.Contains("Contratto con il nido firmato", details.Text("[data-testid=rules-checklist]"), StringComparison.Ordinal);
        Assert.Contains("Figlio fuori età", details.Text("[data-testid=rules-reasons]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAmendment_CarriesTheNewChecklist_InTheNewVersion_AndLeavesTheOldOne()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, freeze: true);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Amend/{id}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Reason"] = "Lista di controllo più precisa",
            ["Rules.ReviewChecklist"] = "Attestazione ISEE con DSU valida",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Equal(CallRules.DefaultChecklist, call.Versions.Single(v => v.Number == 1).Rules.ReviewChecklist);
        Assert.Equal(["Attestazione ISEE con DSU valida"], call.Versions.Single(v => v.Number == 2).Rules.ReviewChecklist);
    }

    [Fact]
    public async Task OverLongOrRepeatedItems_ShowItalianMessages_KeepWhatWasTyped_SaveNothing()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        var longItem = "Verificare " + new string('a', 300);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Rules.ReviewChecklist"] = "Carta d'identità\n" + longItem,
            ["Rules.DecisionReasons"] = "ISEE oltre la soglia\nisee oltre la soglia",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Ogni voce della lista di controllo può avere al massimo 300 caratteri: dividere le voci più lunghe su più righe.", page.Text("#Rules_ReviewChecklist-error"));
        Assert.Equal("La stessa voce dei motivi delle decisioni compare due volte.", page.Text("#Rules_DecisionReasons-error"));
        Assert.Equal("Carta d'identità\n" + longItem, page.InputValue("#Rules_ReviewChecklist"));
        Assert.Equal(CallRules.DefaultChecklist, (await CallSeeds.LoadCallAsync(Factory, id)).Rules.ReviewChecklist);
    }
}
