using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static Conciliazione.Web.Tests.Vouchers.FamilyVoucherSteps;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Issue 14, the family's voucher page: reached from the family home and from the application, it
/// shows the code with its QR code, the cap, service, provider, validity, status and what is left;
/// the PDF states the same facts; a reimbursement shows "In liquidazione" while its batch waits for
/// the bank, then "Pagato" with the amount and the value date.
/// </summary>
public sealed class FamilyVoucherPageTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VoucherPage_ReachedFromHomeAndApplication_ShowsCodeQrCapServiceProviderValidityStatusAndWhatIsLeft()
    {
        using var live = await LiveAsync(Factory);
        var voucher = await Factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == live.VoucherId, Ct));

        var home = await live.Family.GetDocumentAsync("/Family");
        var list = await live.Family.GetDocumentAsync(home.QuerySelector<IHtmlAnchorElement>("[data-testid=my-vouchers]")!.PathName);
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=voucher-row]"));
        Assert.Contains(voucher.Code, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("350,00 €", row.TextContent, StringComparison.Ordinal);

        var application = await live.Family.GetDocumentAsync($"/Family/Applications/Details/{live.Funded.ApplicationIds[0]}");
        var link = application.QuerySelector<IHtmlAnchorElement>("[data-testid=grant] [data-testid=voucher-link]")!;
        Assert.Contains(voucher.Code, link.TextContent, StringComparison.Ordinal);
        var page = await live.Family.GetDocumentAsync(link.PathName);

        Assert.Equal(voucher.Code, page.Text("[data-testid=voucher-code]"));
        Assert.Equal("Emesso", page.Text("[data-testid=voucher-status]"));
        Assert.Equal("350,00 €", page.Text("[data-testid=voucher-cap]"));
        Assert.Equal("350,00 €", page.Text("[data-testid=voucher-left]"));
        Assert.Equal("0,00 €", page.Text("[data-testid=voucher-paid]"));
        Assert.Equal(ProviderName, page.Text("[data-testid=voucher-provider]"));
        Assert.Contains("Micronido", page.Text("[data-testid=voucher-facts]"), StringComparison.Ordinal);
        Assert.Equal($"dal {voucher.ValidFrom:dd/MM/yyyy} al {voucher.ValidTo:dd/MM/yyyy}", page.Text("[data-testid=voucher-validity]"));
        var qr = page.QuerySelector<IHtmlImageElement>("[data-testid=voucher-qr]")!;
        Assert.StartsWith("data:image/png;base64,", qr.Source, StringComparison.Ordinal);
        Assert.Contains(voucher.Code, qr.AlternativeText, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=payee-missing] [data-testid=payee-link]"));
        Assert.NotNull(page.QuerySelector("[data-testid=no-receipts]"));
    }

    [Fact]
    public async Task VoucherPdf_StatesTheCodeAndTheFacts_WithTheQrCodeImage_AndIsAudited()
    {
        using var live = await LiveAsync(Factory);
        var voucher = await Factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == live.VoucherId, Ct));
        var page = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        var link = page.QuerySelector<IHtmlAnchorElement>("[data-testid=voucher-pdf]")!;

        using var response = await live.Family.GetAsync(link.PathName + link.Search);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(voucher.Code, response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(Ct));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        foreach (var expected in new[]
        {
            voucher.Code, "Famiglia Prova 1", "350,00", "Micronido", "Nido Girotondo Srl", voucher.ValidFrom.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            voucher.ValidTo.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), voucher.ReceiptsUntil.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            "Emesso", "AV-VO-01", ReviewSeeds.Protocol(1),
        })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"\"{expected}\" not in the PDF: {text}");
        }

        Assert.NotEmpty(pdf.GetPages().SelectMany(p => p.GetImages()));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.VoucherPdfDownloaded && e.EntityId == live.VoucherId.ToString(), Ct)));
    }

    [Fact]
    public async Task Reimbursement_IsInLiquidazioneWhileTheBatchWaits_ThenPagatoWithTheAmountAndTheValueDate()
    {
        using var live = await LiveAsync(Factory);
        using (var upload = await UploadAsync(live.Family, live.VoucherId, GoodReceipt(), NewPdf(), NewPdf()))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        // Staff validate it and a batch counts it (what the staff and payout pages do, straight through the domain).
        var now = DateTimeOffset.UtcNow;
        var batchId = Guid.CreateVersion7();
        await Factory.WithDbAsync(async db =>
        {
            var receipt = await db.Receipts.SingleAsync(r => r.VoucherId == live.VoucherId, Ct);
            receipt.Validate(null, live.Funded.StaffId, now);
            var voucher = await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == live.VoucherId, Ct);
            var line = PayoutLine.Create(batchId, voucher.AllianceId, voucher.CallId, voucher.Id, voucher.ApplicationId, ReviewSeeds.Protocol(1), PayeeKind.Family, "Famiglia Prova 1",
                Iban.ItalianFrom("05428", "11101", "123456"), 175m, 0m, 350m, receipt.PeriodFrom, receipt.PeriodTo, "E2E-" + batchId.ToString("N")[..20], null);
            db.PayoutBatches.Add(PayoutBatch.Produce(batchId, voucher.AllianceId, "LIQ-2026-0001", "MSG-" + batchId.ToString("N")[..20], "pain.001.001.09", Today, [line], [1, 2, 3], [4, 5, 6], live.Funded.StaffId, now));
            await db.SaveChangesAsync(Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE receipts SET payout_line_id = {line.Id} WHERE id = {receipt.Id}", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET claimed = 175 WHERE id = {voucher.Id}", Ct);
        });

        var page = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Equal("Convalidato", page.Text("[data-testid=receipt-status]"));
        Assert.Contains("350,00 €", page.Text("[data-testid=receipt-eligible]"), StringComparison.Ordinal);
        Assert.Equal("In liquidazione (LIQ-2026-0001)", page.Text("[data-testid=receipt-payment]"));
        Assert.Equal("In liquidazione", page.Text("[data-testid=payment-status]"));
        Assert.Equal("175,00 €", page.Text("[data-testid=voucher-left]"));

        var valueDate = Today;
        await Factory.WithDbAsync(async db =>
        {
            var batch = await db.PayoutBatches.SingleAsync(b => b.Id == batchId, Ct);
            batch.MarkPaid(valueDate, Today, live.Funded.StaffId, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET paid = 175 WHERE id = {live.VoucherId}", Ct);
        });

        page = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        var date = valueDate.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("Pagato con la liquidazione LIQ-", page.Text("[data-testid=receipt-payment]"), StringComparison.Ordinal);
        Assert.EndsWith($", valuta {date}", page.Text("[data-testid=receipt-payment]"), StringComparison.Ordinal);
        Assert.Equal($"Pagato con valuta {date}", page.Text("[data-testid=payment-status]"));
        Assert.Equal("175,00 €", page.Text("[data-testid=voucher-paid]"));
    }
}
