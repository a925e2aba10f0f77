using Conciliazione.Domain.Calls;

namespace Conciliazione.Web.Tests.Staff.Calls;

public sealed class RulesAndAmendTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Rules_OfADraft_ChangeInPlace()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.Equal("50", form.InputValue("#Rules_RatePercent"));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Rules.RatePercent"] = "20",
            ["Rules.CapPerApplication"] = "400",
            ["Rules.CapPerChild"] = "",
            ["Rules.TieBreaks[1]"] = "OlderChild",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Single(call.Versions);
        Assert.Equal("Il voucher rimborsa il 20% della spesa documentata, fino a un massimo di 400,00 € per domanda.", call.Rules.Amount.Describe());
        Assert.Equal([TieBreak.SubmissionTime, TieBreak.OlderChild], call.Rules.Funding.TieBreaks);
        Assert.Equal([ServiceType.Micronido, ServiceType.CentroEstivo], call.Rules.ServiceTypes);
    }

    [Fact]
    public async Task Rules_WithMalformedAmounts_ShowItalianMessages_KeepWhatWasTyped_SaveNothing()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Rules.CapPerChild"] = "350.123", ["Rules.MaxAgeYears"] = "undici" });

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Tetto per figlio: L'importo può avere al massimo due decimali (per esempio 1.234,56).", page.Text("#Rules_CapPerChild-error"));
        Assert.Equal("Valore non valido: controllare quanto scritto.", page.Text("#Rules_MaxAgeYears-error"));
        Assert.Equal("350.123", page.InputValue("#Rules_CapPerChild"));
        Assert.Equal(350m, (await CallSeeds.LoadCallAsync(Factory, id)).Rules.Amount.CapPerChild);
    }

    [Fact]
    public async Task Rules_OnceFrozen_AreRefused_WithTheAmendmentRoute_AndNothingChanges()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, freeze: true);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.NotNull(form.QuerySelector("[data-testid=frozen] a[href*='/Staff/Calls/Amend/']"));

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Rules.RatePercent"] = "20" }, "main form[method=post]:not([action*=Amend])");

        Assert.Contains(Call.FrozenMessage, (await PortalClient.ParseAsync(response)).Errors());
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Equal(50m, call.Rules.Amount.RatePercent);
        Assert.Single(call.Versions);
    }

    [Fact]
    public async Task Amend_FrozenRules_AddsVersion2WithReason_KeepsVersion1Unchanged_AndShowsTheHistory()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, freeze: true);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Amend/{id}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Reason"] = "Errore materiale: il tetto per figlio è 400 euro",
            ["Rules.CapPerChild"] = "400,00",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Equal(2, call.CurrentVersionNumber);
        var v1 = call.Versions.Single(v => v.Number == 1);
        var v2 = call.Versions.Single(v => v.Number == 2);
        Assert.True(v1.Rules.SameAs(CallSeeds.CompleteRules()));
        Assert.Equal(400m, v2.Rules.Amount.CapPerChild);
        Assert.Equal("Errore materiale: il tetto per figlio è 400 euro", v2.AmendmentReason);
        Assert.Equal(staff.Id, v2.CreatedBy);
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        var rows = details.QuerySelectorAll("[data-testid=history] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Errore materiale: il tetto per figlio è 400 euro", rows[0], StringComparison.Ordinal);
        Assert.Contains("Tetto per figlio: 350,00 € -> 400,00 €", rows[0], StringComparison.Ordinal);
        Assert.Contains("versione iniziale", rows[1], StringComparison.Ordinal);
        Assert.Contains("350,00 € per figlio", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amend_WithoutReason_ShowsItalianMessage_SavesNothing()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, freeze: true);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Amend/{id}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Reason"] = " ", ["Rules.CapPerChild"] = "400" });

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Indicare il motivo della rettifica.", page.Text("#Reason-error"));
        Assert.Equal("400", page.InputValue("#Rules_CapPerChild"));
        Assert.Single((await CallSeeds.LoadCallAsync(Factory, id)).Versions);
    }
}
