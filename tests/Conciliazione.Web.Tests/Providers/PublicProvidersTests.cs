using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Providers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Providers;

public sealed class PublicProvidersTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Providers_AreFilteredByServiceAndMunicipality_AndOnlyThoseInForceAreListed()
    {
        await CallSeeds.ProviderAsync(Factory, "Nido Girotondo Srl", "Castellanza", services: [ServiceType.Micronido]);
        await CallSeeds.ProviderAsync(Factory, "Estate Insieme", "Somma Lombardo", services: [ServiceType.CentroEstivo, ServiceType.Ludoteca], taxCode: "12345678903");
        var suspended = await CallSeeds.ProviderAsync(Factory, "Ludoteca Sospesa", "Castellanza", services: [ServiceType.Ludoteca], taxCode: "98765432103");
        await Factory.WithDbAsync(async db =>
        {
            var p = await db.Providers.Include(x => x.Agreements).SingleAsync(x => x.Id == suspended, TestContext.Current.CancellationToken);
            p.SetAgreementStatus(p.Agreements.Single().Id, AgreementStatus.Suspended);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        using var client = Factory.CreatePortalClient();

        var all = await client.GetDocumentAsync("/Providers");
        var ludoteca = await client.GetDocumentAsync("/Providers?Service=Ludoteca");
        var castellanza = await client.GetDocumentAsync("/Providers?Municipality=Castellanza");
        var none = await client.GetDocumentAsync("/Providers?Service=CentroEstivo&Municipality=Castellanza");

        Assert.Equal(["Estate Insieme", "Nido Girotondo Srl"], Names(all));
        Assert.Equal(["Estate Insieme"], Names(ludoteca));
        Assert.Equal(["Nido Girotondo Srl"], Names(castellanza));
        Assert.Empty(Names(none));
        Assert.NotNull(none.QuerySelector("[data-testid=no-providers]"));
        Assert.Equal("Ludoteca", ((AngleSharp.Html.Dom.IHtmlSelectElement)ludoteca.QuerySelector("#Service")!).Value);
    }

    private static List<string> Names(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("[data-testid=providers] tbody th").Select(th => th.TextContent.Trim()).ToList();
}
