using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Providers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Providers;

public sealed class ProvidersTests(PortalFactory factory) : PortalTest(factory)
{
    private static Dictionary<string, string> Valid(string vat = "01234567897") => new()
    {
        ["Input.LegalName"] = "Nido Arcobaleno Srl",
        ["Input.VatNumber"] = vat,
        ["Input.TaxCode"] = "01234567897",
        ["Input.Address"] = "Via Roma 1",
        ["Input.PostalCode"] = "21053",
        ["Input.Municipality"] = "Castellanza",
        ["Input.Email"] = "nido.arcobaleno@example.it",
        ["Input.ServiceTypes"] = nameof(ServiceType.Micronido),
    };

    [Fact]
    public async Task Create_WithAMalformedPartitaIva_ShowsItalianMessage_KeepsWhatWasTyped_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Providers/Create");

        using var response = await client.SubmitAsync(form, Valid(vat: "01234567898"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("La partita IVA non è valida: la cifra di controllo non corrisponde. Controllare di averla scritta bene.", page.Text("#Input_VatNumber-error"));
        Assert.Equal("01234567898", page.InputValue("#Input_VatNumber"));
        Assert.Equal("Nido Arcobaleno Srl", page.InputValue("#Input_LegalName"));
        Assert.NotNull(page.QuerySelector("input[name='Input.ServiceTypes'][value=Micronido][checked]"));
        Assert.False(await Factory.WithDbAsync(db => db.Providers.AnyAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Create_WithShortCodiceFiscaleAndNoService_ListsBothProblems()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Providers/Create");
        var values = Valid();
        values["Input.TaxCode"] = "RSSMRA80A01";
        values.Remove("Input.ServiceTypes");

        using var response = await client.SubmitAsync(form, values);

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Il codice fiscale deve avere 11 cifre (società ed enti) oppure 16 caratteri (persone e ditte individuali).", page.Text("#Input_TaxCode-error"));
        Assert.Equal("Scegliere almeno un servizio offerto.", page.Text("#Input_ServiceTypes"));
        Assert.False(await Factory.WithDbAsync(db => db.Providers.AnyAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Create_ThenAnAgreementForActionA_CountsInTheAgreementsIndicator()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Providers/Create");
        var values = Valid();
        values["Input.ServiceTypes"] = nameof(ServiceType.FamilyAssistant);
        using var created = await client.SubmitAsync(form, values);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var before = await client.GetDocumentAsync("/Staff/Providers");
        Assert.Equal("0", before.Text("[data-testid=indicator-value]"));

        var edit = await client.GetDocumentAsync(created.Headers.Location!.OriginalString);
        using var added = await client.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Agreement.Kind"] = nameof(AgreementKind.Convenzione),
            ["Agreement.Number"] = "CONV-2026-01",
            ["Agreement.SignedOn"] = DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Agreement.ValidFrom"] = DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Agreement.ActionIds"] = (await CallSeeds.ActionIdAsync(Factory, "A")).ToString(),
        }, "#agreement-form");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var after = await client.GetDocumentAsync("/Staff/Providers");
        Assert.Equal("1", after.Text("[data-testid=indicator-value]"));
        var provider = await Factory.WithDbAsync(db => db.Providers.AsNoTracking().Include(p => p.Agreements).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal("CONV-2026-01", provider.Agreements.Single().Number);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.AgreementAdded && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Create_WithTheTaxCodeOfAnExistingProvider_IsRefused()
    {
        await CallSeeds.ProviderAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Providers/Create");

        using var response = await client.SubmitAsync(form, Valid());

        Assert.Equal("Esiste già un ente erogatore con questo codice fiscale nell'alleanza.", (await PortalClient.ParseAsync(response)).Text("#Input_TaxCode-error"));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Providers.CountAsync(TestContext.Current.CancellationToken)));
    }
}
