using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Providers;

namespace Conciliazione.Domain.Tests.Providers;

public sealed class ProviderTests
{
    private static readonly Guid ActionA = Guid.NewGuid();
    private static readonly Guid ActionB = Guid.NewGuid();

    public static ProviderDetails Details(string vat = "01234567897", string taxCode = "01234567897") => new(
        "Asilo Nido Girotondo Srl", vat, taxCode, "Via Roma 1", "21053", "Castellanza",
        "info@girotondo.example.it", "0331 000000", "https://girotondo.example.it", [ServiceType.Micronido, ServiceType.Ludoteca], null);

    [Fact]
    public void Problems_ListEveryWrongField_ByName()
    {
        var problems = Provider.Problems(new ProviderDetails(" ", "0123456789X", "123", "", "210", "", "non-una-mail", null, "girotondo", [], null));

        Assert.Equal(
        [
            "LegalName", "VatNumber", "TaxCode", "Address", "PostalCode", "Municipality", "Email", "Website", "ServiceTypes",
        ], problems.Select(p => p.Field));
        Assert.Equal("La partita IVA deve avere 11 cifre (per esempio 01234567897).", problems.Single(p => p.Field == "VatNumber").Message);
    }

    [Fact]
    public void Create_NormalisesCodes_AndSortsServices()
    {
        var provider = Provider.Create(Guid.NewGuid(), Details(vat: "IT 01234567897", taxCode: "rssmra80a01h501u") with { ServiceTypes = [ServiceType.Ludoteca, ServiceType.Micronido, ServiceType.Ludoteca] });

        Assert.Equal("01234567897", provider.VatNumber);
        Assert.Equal("RSSMRA80A01H501U", provider.TaxCode);
        Assert.Equal([ServiceType.Micronido, ServiceType.Ludoteca], provider.ServiceTypes);
    }

    [Fact]
    public void Create_WithAMalformedPartitaIva_IsRefused()
    {
        var ex = Assert.Throws<DomainException>(() => Provider.Create(Guid.NewGuid(), Details(vat: "01234567898")));

        Assert.Equal("La partita IVA non è valida: la cifra di controllo non corrisponde. Controllare di averla scritta bene.", ex.Message);
    }

    [Fact]
    public void Agreement_StatusOnADay_FollowsValidityAndWhatStaffSet()
    {
        var provider = Provider.Create(Guid.NewGuid(), Details());
        var agreement = provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "C-1", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 10), new DateOnly(2027, 12, 31), [ActionA]));

        Assert.False(agreement.IsInForceOn(new DateOnly(2027, 1, 9)));
        Assert.True(agreement.IsInForceOn(new DateOnly(2027, 1, 10)));
        Assert.True(agreement.IsInForceOn(new DateOnly(2027, 12, 31)));
        Assert.Equal(AgreementStatus.Expired, agreement.StatusOn(new DateOnly(2028, 1, 1)));
        provider.SetAgreementStatus(agreement.Id, AgreementStatus.Suspended);
        Assert.Equal(AgreementStatus.Suspended, agreement.StatusOn(new DateOnly(2027, 6, 1)));
        Assert.False(agreement.IsInForceOn(new DateOnly(2027, 6, 1)));
    }

    [Fact]
    public void AddAgreement_RefusesBadDatesNoActionAndDuplicateNumbers()
    {
        var provider = Provider.Create(Guid.NewGuid(), Details());
        provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "C-1", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 10), null, [ActionA]));

        Assert.Equal("La fine della validità non può precedere l'inizio.", Assert.Throws<DomainException>(() => provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "C-2", new DateOnly(2027, 1, 5), new DateOnly(2027, 2, 1), new DateOnly(2027, 1, 31), [ActionA]))).Message);
        Assert.Equal("Indicare almeno un'azione coperta dall'accordo.", Assert.Throws<DomainException>(() => provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "C-3", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 5), null, []))).Message);
        Assert.Equal("Questo ente ha già un accordo con lo stesso numero.", Assert.Throws<DomainException>(() => provider.AddAgreement(new AgreementDetails(AgreementKind.Accreditamento, "c-1", new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 5), null, [ActionB]))).Message);
    }

    [Fact]
    public void ActiveAgreementsIndicator_CountsAgreementsInForceCoveringTheAction()
    {
        var on = new DateOnly(2027, 6, 1);
        var p1 = Provider.Create(Guid.NewGuid(), Details());
        var p2 = Provider.Create(Guid.NewGuid(), Details());
        p1.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "in-force-A", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1), null, [ActionA, ActionB]));
        p1.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "only-B", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1), null, [ActionB]));
        p2.AddAgreement(new AgreementDetails(AgreementKind.Accreditamento, "in-force-A-2", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31), [ActionA]));
        p2.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "expired-A", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), [ActionA]));
        var suspended = p2.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "suspended-A", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1), null, [ActionA]));
        p2.SetAgreementStatus(suspended.Id, AgreementStatus.Suspended);
        p2.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "future-A", new DateOnly(2027, 5, 1), new DateOnly(2027, 9, 1), null, [ActionA]));

        var all = p1.Agreements.Concat(p2.Agreements).ToList();

        Assert.Equal(2, AgreementIndicators.CountInForce(all, ActionA, on));
        Assert.Equal(2, AgreementIndicators.CountInForce(all, ActionB, on));
        Assert.Equal(3, AgreementIndicators.CountInForce(all, ActionA, new DateOnly(2027, 9, 1)));
        // in-force-A-2 has expired, future-A is now in force.
        Assert.Equal(2, AgreementIndicators.CountInForce(all, ActionA, new DateOnly(2028, 1, 1)));
    }
}
