using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>Issue 14, staff voucher pages: a code looked up as people type it, a call's vouchers with their money, one voucher's facts and payee.</summary>
public sealed class StaffVoucherPagesTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task LookUp_AcceptsTheCodeTypedLoosely_AndOpensTheVoucher()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var code = await Factory.WithDbAsync(db => db.Vouchers.Where(v => v.Id == funded.VoucherIds[1]).Select(v => v.Code).SingleAsync(TestContext.Current.CancellationToken));
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;
        // Lower case, no prefix or dashes, spaces, and the letter O for the digit 0 (and I for 1) as people read it out.
        var typed = " " + string.Join(' ', code[4..].Replace("-", "", StringComparison.Ordinal).Chunk(4).Select(c => new string(c))).ToLowerInvariant().Replace('0', 'o').Replace('1', 'i') + " ";

        using var response = await staff.GetAsync("/Staff/Vouchers?code=" + Uri.EscapeDataString(typed));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/Staff/Vouchers/{funded.VoucherIds[1]}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_OfAnUnknownCode_SaysSo_AndKeepsWhatWasTyped()
    {
        await VoucherSeeds.FundedAsync(Factory, families: 1);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync("/Staff/Vouchers?code=CNZ-AAAA-BBBB");

        Assert.Equal("Nessun voucher dell'alleanza ha il codice CNZ-AAAA-BBBB. Controlla di averlo copiato per intero.", page.Text("[data-testid=not-found]"));
        Assert.Equal("CNZ-AAAA-BBBB", page.InputValue("#code"));
    }

    [Fact]
    public async Task CallList_ShowsEachVoucherWithItsCapClaimedPaidAndLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var vouchers = await Factory.WithDbAsync(db => db.Vouchers.AsNoTracking().Where(v => v.CallId == funded.CallId).ToListAsync(ct));
        await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0]);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Vouchers?call={funded.CallId}");

        var rows = page.QuerySelectorAll("[data-testid=voucher]");
        Assert.Equal(vouchers.Select(v => v.Code).Order(StringComparer.Ordinal), rows.Select(r => r.GetAttribute("data-code")!).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("350,00 €", r.QuerySelector("[data-testid=voucher-left]")!.TextContent.Trim()));
        Assert.Equal("700,00 €", page.Text("[data-testid=call-left]"));
        // The service period of the seeded call (2018) is long over: the vouchers show as expired.
        Assert.All(rows, r => Assert.Equal("Scaduto", r.QuerySelector("[data-testid=voucher-status]")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Details_ShowTheFactsThePayeesMaskedIbanAndTheReceipts()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 1);
        var iban = Iban.ItalianFrom("03069", "09606", "123456789012");
        await Factory.WithDbAsync(async db =>
        {
            var voucher = await db.Vouchers.SingleAsync(v => v.Id == funded.VoucherIds[0], ct);
            voucher.DeclarePayee(iban, "Famiglia Prova 1", "Famiglia", "Prova 1", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(ct);
        });
        var receiptId = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0], "7/2018", 99.5m);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Vouchers/{funded.VoucherIds[0]}");

        Assert.Equal("350,00 €", page.Text("[data-testid=cap]"));
        Assert.Equal("350,00 €", page.Text("[data-testid=left]"));
        Assert.Equal(Iban.Mask(iban), page.Text("[data-testid=payee-iban]"));
        Assert.DoesNotContain(Iban.Format(iban), page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(iban, page.Body!.TextContent, StringComparison.Ordinal);
        var row = Assert.Single(page.QuerySelectorAll("[data-testid=voucher-receipt]"));
        Assert.Contains("99,50 €", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Staff/Receipts/{receiptId}", row.QuerySelector("a")!.GetAttribute("href"));
    }
}
