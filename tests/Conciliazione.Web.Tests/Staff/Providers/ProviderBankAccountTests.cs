using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Providers;

/// <summary>Issue 14: the provider's IBAN and holder, for calls that pay the provider directly.</summary>
public sealed class ProviderBankAccountTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly string ValidIban = Iban.ItalianFrom("05428", "11101", "000000123456");

    [Fact]
    public async Task Edit_WithAValidIban_StoresItNormalized_ShowsItFormatted_AndAuditsTheChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CallSeeds.ProviderAsync(Factory);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Providers/Edit/{id}");
        Assert.Equal("", form.InputValue("#Input_Iban") ?? "");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Iban"] = Iban.Format(ValidIban).ToLowerInvariant(),
            ["Input.IbanHolder"] = " Nido Girotondo Srl ",
        }, "main form[method=post]:not([action*=AddAgreement])");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var provider = await Factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == id, ct));
        Assert.Equal(ValidIban, provider.Iban);
        Assert.Equal("Nido Girotondo Srl", provider.IbanHolder);
        Assert.Equal(Iban.Format(ValidIban), (await client.GetDocumentAsync($"/Staff/Providers/Edit/{id}")).InputValue("#Input_Iban"));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.ProviderBankAccountUpdated && a.EntityId == id.ToString() && a.ActorId == staff.Id, ct)));
    }

    [Fact]
    public async Task Edit_WithAWrongIbanAndNoHolder_ListsBothProblems_KeepsWhatWasTyped_AndSavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await CallSeeds.ProviderAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Providers/Edit/{id}");
        var wrong = ValidIban[..^1] + (ValidIban[^1] == '9' ? '8' : '9');

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Iban"] = wrong, ["Input.IbanHolder"] = "" },
            "main form[method=post]:not([action*=AddAgreement])");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal(Iban.Check(wrong), page.Text("#Input_Iban-error"));
        Assert.Equal("Indicare l'intestatario del conto.", page.Text("#Input_IbanHolder-error"));
        Assert.Equal(wrong, page.InputValue("#Input_Iban"));
        var provider = await Factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == id, ct));
        Assert.Null(provider.Iban);
        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ProviderBankAccountUpdated, ct)));
    }
}
