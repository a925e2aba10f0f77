using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Vouchers;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Vouchers.FamilyVoucherSteps;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Issue 14, the family's receipts through the pages: a good receipt is listed "In verifica" and puts
/// the voucher in use; each bad input of the issue gets its Italian message on its field with what was
/// typed kept and nothing saved; duplicates (same file, same number and provider) are refused; a
/// rejected receipt shows its reason and is corrected with a new receipt from a prefilled form.
/// </summary>
public sealed class ReceiptFormTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<List<Receipt>> ReceiptsAsync(Guid voucherId) =>
        Factory.WithDbAsync(db => db.Receipts.AsNoTracking().Include(r => r.Files).Where(r => r.VoucherId == voucherId).OrderBy(r => r.SubmittedAt).ToListAsync(Ct));

    private static string Value(IHtmlDocument page, string name) =>
        page.QuerySelector<IHtmlInputElement>($"[name='{name}']")?.Value ?? page.QuerySelector<IHtmlSelectElement>($"[name='{name}']")?.Value ?? "";

    [Fact]
    public async Task GoodReceipt_IsListedInVerifica_PutsTheVoucherInUse_IsAudited_AndItsFilesDownloadForTheFamily()
    {
        using var live = await LiveAsync(Factory);
        var details = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Equal("Emesso", details.Text("[data-testid=voucher-status]"));
        var form = await live.Family.GetDocumentAsync(details.QuerySelector<IHtmlAnchorElement>("[data-testid=receipt-upload-link]")!.PathName);
        Assert.Equal(live.ChildFiscalCode, Value(form, "Input.ChildFiscalCode"));
        Assert.Contains(live.ProviderName, form.Text("[data-testid=provider-fixed]"), StringComparison.Ordinal);
        Assert.Null(form.QuerySelector("option[value=Cash]"));

        var document = NewPdf();
        var proof = NewPdf();
        using (var done = await PostAsync(live.Family, form, GoodReceipt(), document, proof))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            Assert.Equal($"/Family/Vouchers/Details/{live.VoucherId}", done.Headers.Location!.OriginalString);
        }

        var receipt = Assert.Single(await ReceiptsAsync(live.VoucherId));
        Assert.Equal(ReceiptStatus.Submitted, receipt.Status);
        Assert.Equal(350m, receipt.Amount);
        Assert.Equal("Famiglia Prova 1", receipt.ParentName);
        Assert.Equal(live.ProviderId, receipt.ProviderId);
        Assert.Equal(2, receipt.Files.Count);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptSubmitted && e.EntityId == receipt.Id.ToString(), Ct)));

        var page = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Equal("In uso", page.Text("[data-testid=voucher-status]"));
        Assert.Contains("Giustificativo caricato", page.Text("[data-testid=message]"), StringComparison.Ordinal);
        var row = page.QuerySelector("[data-testid=receipt]")!;
        Assert.Equal("In verifica", row.QuerySelector("[data-testid=receipt-status]")!.TextContent.Trim());
        Assert.Contains("350,00 €", row.TextContent, StringComparison.Ordinal);

        var links = row.QuerySelectorAll<IHtmlAnchorElement>("[data-testid=receipt-file]").ToList();
        Assert.Equal(2, links.Count);
        using var file = await live.Family.GetAsync(links[0].PathName + links[0].Search);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(document, await file.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task EachBadInput_GetsItsMessageOnItsField_KeepsWhatWasTyped_AndSavesNothing()
    {
        using var live = await LiveAsync(Factory);
        var cases = new (string What, Dictionary<string, string> Typed, bool WithDocument, bool WithProof, string Field, string Message)[]
        {
            ("outside the service period", new() { ["Input.PeriodFrom"] = Iso(Today.AddDays(-200)), ["Input.PeriodTo"] = Iso(Today.AddDays(-170)) }, true, true, "Input_PeriodFrom", "dentro il periodo del servizio"),
            ("another child", new() { ["Input.ChildFiscalCode"] = "RSSMRA80A01F205X" }, true, true, "Input_ChildFiscalCode", "Scegliere uno dei figli indicati nella domanda"),
            ("another provider", new() { ["Input.ProviderId"] = Guid.NewGuid().ToString() }, true, true, "Input_ProviderId", "deve essere dell'ente indicato nel voucher (" + ProviderName + ")"),
            ("cash where it is not allowed", new() { ["Input.Method"] = "Cash" }, true, false, "Input_Method", "in contanti non è rimborsabile"),
            ("three decimals", new() { ["Input.Amount"] = "350,125" }, true, true, "Input_Amount", "al massimo due decimali"),
            ("no proof of a traceable payment", [], true, false, "Input_Proof", "prova del pagamento"),
            ("a file that is not a PDF or an image", [], false, true, "Input_Document", "non corrisponde a un PDF"),
        };
        foreach (var (what, overrides, withDocument, withProof, field, message) in cases)
        {
            var typed = GoodReceipt("R-" + what.Length);
            typed["Input.Amount"] = "349,50";
            foreach (var (k, v) in overrides)
            {
                typed[k] = v;
            }

            var document = withDocument ? NewPdf() : "solo testo, non un PDF"u8.ToArray();
            using var response = await UploadAsync(live.Family, live.VoucherId, typed, document, withProof ? NewPdf() : null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, what + ": " + response.StatusCode);
            var page = await PortalClient.ParseAsync(response);
            var summary = page.Text("#form-errors");
            Assert.True(summary.Contains(message, StringComparison.Ordinal), $"{what}: \"{message}\" not in \"{summary}\"");
            Assert.True(page.QuerySelector($"#form-errors a[href='#{field}']") is not null, $"{what}: no error linked to {field} in \"{summary}\"");
            if (page.QuerySelector($"#{field}") is { TagName: "INPUT" or "SELECT" } input)
            {
                Assert.Contains("is-invalid", input.ClassList);
            }

            // What was typed stays; the files must be chosen again, and the page says so.
            Assert.Equal(typed["Input.Number"], Value(page, "Input.Number"));
            Assert.Equal(typed["Input.Amount"], Value(page, "Input.Amount"));
            Assert.Equal(typed["Input.PeriodTo"], Value(page, "Input.PeriodTo"));
            Assert.Equal(typed["Input.PaidOn"], Value(page, "Input.PaidOn"));
            Assert.NotEmpty(page.Text("[data-testid=choose-files-again]"));
        }

        Assert.Empty(await ReceiptsAsync(live.VoucherId));
        Assert.Equal(VoucherStatus.Issued, await Factory.WithDbAsync(db => db.Vouchers.Where(v => v.Id == live.VoucherId).Select(v => v.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Duplicates_TheSameFileOrTheSameNumberFromTheSameProvider_AreRefused_EvenOnAnotherFamilysVoucher()
    {
        using var live = await LiveAsync(Factory, families: 2);
        var document = NewPdf();
        using (var first = await UploadAsync(live.Family, live.VoucherId, GoodReceipt("FT-7"), document, NewPdf()))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // The same file with another number.
        using (var sameFile = await UploadAsync(live.Family, live.VoucherId, GoodReceipt("FT-8"), document, NewPdf()))
        {
            var page = await PortalClient.ParseAsync(sameFile);
            Assert.Contains(ReceiptWork.SameFileMessage, page.Text("#Input_Document-error"), StringComparison.Ordinal);
            Assert.Equal("FT-8", Value(page, "Input.Number"));
        }

        // The same number from the same provider, another file.
        using (var sameNumber = await UploadAsync(live.Family, live.VoucherId, GoodReceipt("FT-7"), NewPdf(), NewPdf()))
        {
            var page = await PortalClient.ParseAsync(sameNumber);
            Assert.Contains("numero FT-7 di " + ProviderName + " è già stato caricato", page.Text("#Input_Number-error"), StringComparison.Ordinal);
        }

        // Another family with the same provider cannot present the same receipt either.
        using var other = await FamilyAsync(Factory, live.Funded.FamilyIds[1]);
        using (var theirs = await UploadAsync(other, live.Funded.VoucherIds[1], new Dictionary<string, string>(GoodReceipt("FT-7")) { ["Input.ChildFiscalCode"] = ChildOf(1) }, document, NewPdf()))
        {
            var page = await PortalClient.ParseAsync(theirs);
            Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
            Assert.Contains(ReceiptWork.SameFileMessage, page.Text("#Input_Document-error"), StringComparison.Ordinal);
            Assert.Contains("è già stato caricato", page.Text("#Input_Number-error"), StringComparison.Ordinal);
        }

        Assert.Single(await ReceiptsAsync(live.VoucherId));
        Assert.Empty(await ReceiptsAsync(live.Funded.VoucherIds[1]));
    }

    [Fact]
    public async Task Rejected_ShowsTheReasonAndCorreggi_TheFormStartsFromIt_AndTheCorrectionIsANewReceipt_OnlyOnce()
    {
        using var live = await LiveAsync(Factory);
        var document = NewPdf();
        using (var first = await UploadAsync(live.Family, live.VoucherId, GoodReceipt("FT-9"), document, NewPdf()))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        var rejectedId = (await ReceiptsAsync(live.VoucherId)).Single().Id;
        await Factory.WithDbAsync(async db =>
        {
            var receipt = await db.Receipts.SingleAsync(r => r.Id == rejectedId, Ct);
            receipt.Reject("Manca la quietanza del nido: la ricevuta non risulta pagata.", live.Funded.StaffId, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
        });

        var details = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        var row = details.QuerySelector("[data-testid=receipt]")!;
        Assert.Equal("Respinto", row.QuerySelector("[data-testid=receipt-status]")!.TextContent.Trim());
        Assert.Contains("Manca la quietanza del nido", row.QuerySelector("[data-testid=receipt-reason]")!.TextContent, StringComparison.Ordinal);
        var correct = row.QuerySelector<IHtmlAnchorElement>("[data-testid=correct-link]")!;

        var form = await live.Family.GetDocumentAsync(correct.PathName + correct.Search);
        Assert.Contains("Manca la quietanza del nido", form.Text("[data-testid=rejection-reason]"), StringComparison.Ordinal);
        Assert.Equal("FT-9", Value(form, "Input.Number"));
        Assert.Equal("350,00", Value(form, "Input.Amount"));
        Assert.Equal("BankTransfer", Value(form, "Input.Method"));
        Assert.Equal(Iso(Today.AddDays(-35)), Value(form, "Input.PeriodFrom"));

        // The same receipt file again (the rejected one no longer counts as a duplicate), a new proof, a new amount.
        using (var corrected = await PostAsync(live.Family, form, new Dictionary<string, string> { ["Input.Amount"] = "300,00" }, document, NewPdf()))
        {
            Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        }

        var receipts = await ReceiptsAsync(live.VoucherId);
        Assert.Equal(2, receipts.Count);
        Assert.Equal(ReceiptStatus.Rejected, receipts[0].Status);
        Assert.Equal(rejectedId, receipts[1].CorrectsId);
        Assert.Equal(300m, receipts[1].Amount);
        Assert.Equal(ReceiptStatus.Submitted, receipts[1].Status);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptCorrected && e.EntityId == receipts[1].Id.ToString(), Ct)));

        details = await live.Family.GetDocumentAsync($"/Family/Vouchers/Details/{live.VoucherId}");
        Assert.Null(details.QuerySelector("[data-testid=correct-link]"));

        // The old correction form posted again (another tab): refused, nothing added.
        using (var again = await PostAsync(live.Family, form, new Dictionary<string, string> { ["Input.Number"] = "FT-9bis" }, NewPdf(), NewPdf()))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("è già stato corretto", (await PortalClient.ParseAsync(again)).Text("#form-errors"), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await ReceiptsAsync(live.VoucherId)).Count);
    }

    [Fact]
    public async Task ProviderOutsideTheRegistry_IsTyped_AnotherOneRefusedWhereTheCallDoesNotAllowIt_AndCashCountsWhereTheCallAllowsIt()
    {
        using var live = await LiveAsync(Factory, rules: r => r with { Payment = new PaymentRule { CashAllowed = true } }, registryProvider: false);
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE calls SET allows_other_provider = false WHERE id = {live.Funded.CallId}", Ct));
        var form = await live.Family.GetDocumentAsync($"/Family/Vouchers/Receipt/{live.VoucherId}");
        Assert.Equal(ProviderName, Value(form, "Input.ProviderName"));
        Assert.NotNull(form.QuerySelector("option[value=Cash]"));
        Assert.Null(form.QuerySelector("[data-testid=cash-refused]"));

        var typed = GoodReceipt("BS-1");
        typed["Input.ProviderName"] = "Baby-sitter Anna Verdi";
        using (var other = await PostAsync(live.Family, form, typed, NewPdf(), NewPdf()))
        {
            var page = await PortalClient.ParseAsync(other);
            Assert.Contains("deve essere dell'ente indicato nel voucher (" + ProviderName + ")", page.Text("#Input_ProviderName-error"), StringComparison.Ordinal);
            Assert.Equal("Baby-sitter Anna Verdi", Value(page, "Input.ProviderName"));
        }

        // The voucher's provider written differently is the same provider; cash needs no proof of payment here.
        typed["Input.ProviderName"] = "nido girotondo s.r.l.";
        typed["Input.Method"] = "Cash";
        using (var cash = await PostAsync(live.Family, form, typed, NewPdf(), null))
        {
            Assert.Equal(HttpStatusCode.Redirect, cash.StatusCode);
        }

        var receipt = Assert.Single(await ReceiptsAsync(live.VoucherId));
        Assert.Equal(PaymentMethod.Cash, receipt.Method);
        Assert.Null(receipt.ProviderId);
        Assert.Single(receipt.Files);
    }
}
