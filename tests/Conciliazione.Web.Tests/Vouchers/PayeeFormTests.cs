using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Vouchers.FamilyVoucherSteps;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Issue 14, the payee: the family declares the IBAN its reimbursement is paid to, with the holder
/// prefilled with the applicant's name; an invalid IBAN or a holder who is not the applicant gets a
/// clear message with what was typed kept; a call that pays the provider asks for no account.
/// </summary>
public sealed class PayeeFormTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Voucher> VoucherAsync(Guid id) => Factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == id, Ct));

    [Fact]
    public async Task InvalidIban_OrHolderNotTheApplicant_IsRefusedWithWhatWasTypedKept_AValidOneIsSavedAndShownMasked()
    {
        using var live = await LiveAsync(Factory);
        var details = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        var form = await live.Family.GetDocumentAsync(details.QuerySelector<IHtmlAnchorElement>("[data-testid=payee-link]")!.PathName);
        Assert.Equal("Famiglia Prova 1", form.QuerySelector<IHtmlInputElement>("#Input_Holder")!.Value);

        var good = Iban.ItalianFrom("05428", "11101", "123456");
        var wrongCheck = good[..2] + (good[2] == '9' ? "0" : ((char)(good[2] + 1)).ToString()) + good[3..];
        using (var bad = await live.Family.SubmitAsync(form, new Dictionary<string, string> { ["Input.Iban"] = wrongCheck, ["Input.Holder"] = "Famiglia Prova 1" }))
        {
            var page = await PortalClient.ParseAsync(bad);
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Equal(Iban.Check(wrongCheck), page.Text("#Input_Iban-error"));
            Assert.Equal(wrongCheck, page.QuerySelector<IHtmlInputElement>("#Input_Iban")!.Value);
        }

        using (var someoneElse = await live.Family.SubmitAsync(form, new Dictionary<string, string> { ["Input.Iban"] = Iban.Format(good), ["Input.Holder"] = "Mario Bianchi" }))
        {
            var page = await PortalClient.ParseAsync(someoneElse);
            Assert.Contains("Il conto deve essere intestato al richiedente (Famiglia Prova 1)", page.Text("#Input_Holder-error"), StringComparison.Ordinal);
            Assert.Equal("Mario Bianchi", page.QuerySelector<IHtmlInputElement>("#Input_Holder")!.Value);
            Assert.Equal(Iban.Format(good), page.QuerySelector<IHtmlInputElement>("#Input_Iban")!.Value);
        }

        Assert.Null((await VoucherAsync(live.VoucherId)).PayeeIban);

        // Spaces and lower case do not matter; the holder's words in another order are the same person.
        using (var saved = await live.Family.SubmitAsync(form, new Dictionary<string, string> { ["Input.Iban"] = Iban.Format(good).ToLowerInvariant(), ["Input.Holder"] = "prova 1 famiglia" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal($"/Family/Vouchers/Details/{live.VoucherId}", saved.Headers.Location!.OriginalString);
        }

        var voucher = await VoucherAsync(live.VoucherId);
        Assert.Equal(good, voucher.PayeeIban);
        Assert.Equal("prova 1 famiglia", voucher.PayeeHolder);
        var shown = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Contains(Iban.Mask(good), shown.Text("[data-testid=payee-account]"), StringComparison.Ordinal);
        Assert.DoesNotContain(Iban.Format(good), shown.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.VoucherPayeeDeclared && e.EntityId == live.VoucherId.ToString(), Ct)));
    }

    [Fact]
    public async Task ACallThatPaysTheProvider_AsksForNoAccount()
    {
        using var live = await LiveAsync(Factory, rules: r => r with { Payment = new PaymentRule { Payee = PayeeKind.Provider } });
        Assert.Equal(PayeeKind.Provider, (await VoucherAsync(live.VoucherId)).Payee);
        var details = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Null(details.QuerySelector("[data-testid=payee-link]"));
        Assert.Contains("direttamente all'ente", details.Text("[data-testid=payee]"), StringComparison.Ordinal);

        using var get = await live.Family.GetAsync($"/Family/Vouchers/Payee/{live.VoucherId}");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal($"/Family/Vouchers/Details/{live.VoucherId}", get.Headers.Location!.OriginalString);
    }
}
