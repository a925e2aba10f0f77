using AngleSharp.Dom;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>Issue 14: the payment rule of a call (who is paid, cash, receipt deadline) in the staff rules form and on the call page.</summary>
public sealed class PaymentRuleFormTests(PortalFactory factory) : PortalTest(factory)
{
    private static string? Payee(IDocument page) => page.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#Rules_Payee")?.Value;

    [Fact]
    public async Task Rules_SaveThePaymentRule_AndTheCallPageDescribesIt()
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.Equal(nameof(PayeeKind.Family), Payee(form));
        Assert.Equal("60", form.InputValue("#Rules_ReceiptDeadlineDays"));
        Assert.False(form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Rules_CashAllowed")!.IsChecked);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Rules.Payee"] = nameof(PayeeKind.Provider),
            ["Rules.CashAllowed"] = "true",
            ["Rules.ReceiptDeadlineDays"] = "90",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var payment = (await CallSeeds.LoadCallAsync(Factory, id)).Rules.Payment;
        Assert.Equal(new PaymentRule { Payee = PayeeKind.Provider, CashAllowed = true, ReceiptDeadlineDays = 90 }, payment);
        var details = await client.GetDocumentAsync($"/Staff/Calls/Details/{id}");
        Assert.Equal(payment.Describe(), details.Text("[data-testid=rules-payment]"));
        var again = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");
        Assert.Equal(nameof(PayeeKind.Provider), Payee(again));
        Assert.True(again.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Rules_CashAllowed")!.IsChecked);
        Assert.Equal("90", again.InputValue("#Rules_ReceiptDeadlineDays"));
    }

    [Theory]
    [InlineData("1000", "Il termine per caricare i giustificativi deve essere tra 0 e 730 giorni dalla fine del servizio.")]
    [InlineData("", "Indicare entro quanti giorni dalla fine del servizio si caricano i giustificativi.")]
    public async Task Rules_WithAReceiptDeadlineOutOfRange_SayWhy_KeepWhatWasTyped_AndSaveNothing(string days, string message)
    {
        var id = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Rules/{id}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Rules.ReceiptDeadlineDays"] = days, ["Rules.Payee"] = nameof(PayeeKind.Provider) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal(message, page.Text("#Rules_ReceiptDeadlineDays-error"));
        Assert.Equal(days, page.InputValue("#Rules_ReceiptDeadlineDays"));
        Assert.Equal(nameof(PayeeKind.Provider), Payee(page));
        Assert.Equal(new PaymentRule(), (await CallSeeds.LoadCallAsync(Factory, id)).Rules.Payment);
    }
}
