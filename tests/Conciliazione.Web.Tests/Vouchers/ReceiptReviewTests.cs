using AngleSharp.Html.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Issue 14, staff side of receipts (/Staff/Receipts): the queue oldest first, validation with the
/// eligible amount (typed as text, defaulting to the receipt's amount), rejection with a required
/// reason, the family notified in the same transaction, a second decision refused, files audited.
/// </summary>
public sealed class ReceiptReviewTests(PortalFactory factory) : PortalTest(factory)
{
    private static string Url(Guid id) => $"/Staff/Receipts/{id}";

    private static Task<HttpResponseMessage> ValidateAsync(PortalClient staff, IHtmlDocument page, string? eligible = null) =>
        staff.SubmitAsync(page, eligible is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Validation.Eligible"] = eligible }, "main form[data-testid=validate-form]");

    private static Task<HttpResponseMessage> RejectAsync(PortalClient staff, IHtmlDocument page, string reason) =>
        staff.SubmitAsync(page, new Dictionary<string, string> { ["Rejection.Reason"] = reason }, "main form[data-testid=reject-form]");

    private async Task<(FundedCall Funded, Guid ReceiptId, PortalClient Staff, TestAccount Account)> ReceiptAsync(decimal amount = 120m)
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 1);
        var receiptId = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0], amount: amount);
        var (client, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        return (funded, receiptId, client, account);
    }

    private Task<Receipt> LoadAsync(Guid id) => Factory.WithDbAsync(db => db.Receipts.AsNoTracking().SingleAsync(r => r.Id == id, TestContext.Current.CancellationToken));

    private Task<List<Domain.Notifications.Notification>> NotificationsAsync(Guid receiptId) =>
        Factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.SubjectId == receiptId).ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task Validate_WithTheAmountProposed_CountsTheWholeReceipt_NotifiesTheFamily_AndIsAudited()
    {
        var (funded, receiptId, staff, account) = await ReceiptAsync(amount: 120m);
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(receiptId));
        Assert.Equal("120,00", page.InputValue("#Validation_Eligible"));
        Assert.Equal("In verifica", page.Text("[data-testid=status]"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=download-file]").Length);

        using var response = await ValidateAsync(staff, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var receipt = await LoadAsync(receiptId);
        Assert.Equal(ReceiptStatus.Validated, receipt.Status);
        Assert.Equal(120m, receipt.EligibleAmount);
        Assert.Equal(account.Id, receipt.ReviewedBy);
        var notification = Assert.Single(await NotificationsAsync(receiptId));
        Assert.Equal(ReceiptValidated.KindName, notification.Kind);
        Assert.Equal(funded.FamilyIds[0], notification.FamilyUserId);
        Assert.Contains("120", notification.ModelJson, StringComparison.Ordinal);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptValidated && e.EntityId == receiptId.ToString() && e.ActorId == account.Id, TestContext.Current.CancellationToken)));
        var shown = await staff.GetDocumentAsync(Url(receiptId));
        Assert.Equal("Convalidato", shown.Text("[data-testid=status]").Split(" - ")[0]);
        Assert.Null(shown.QuerySelector("form[data-testid=validate-form]"));
    }

    [Fact]
    public async Task Validate_WithALowerAmountTypedTheItalianWay_CountsThatAmount()
    {
        var (funded, receiptId, staff, _) = await ReceiptAsync(amount: 1_200m);
        using var _s = staff;

        using var response = await ValidateAsync(staff, await staff.GetDocumentAsync(Url(receiptId)), "1.080,50");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1_080.50m, (await LoadAsync(receiptId)).EligibleAmount);
        var voucher = await staff.GetDocumentAsync($"/Staff/Vouchers/{funded.VoucherIds[0]}");
        Assert.Equal("1.080,50 €", voucher.Text("[data-testid=validated]"));
    }

    [Theory]
    [InlineData("130,00", "L'importo ammissibile deve essere maggiore di zero e non superare l'importo della ricevuta (120,00 €).")]
    [InlineData("10,123", "Importo ammissibile: L'importo può avere al massimo due decimali (per esempio 1.234,56).")]
    [InlineData("dieci", "Importo ammissibile: ")]
    [InlineData("", "Indicare l'importo ammissibile (al massimo l'importo della ricevuta).")]
    public async Task Validate_WithAnAmountThatIsNotEligible_SaysWhy_KeepsWhatWasTyped_AndChangesNothing(string typed, string message)
    {
        var (_, receiptId, staff, _) = await ReceiptAsync(amount: 120m);
        using var _s = staff;

        using var response = await ValidateAsync(staff, await staff.GetDocumentAsync(Url(receiptId)), typed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.StartsWith(message, page.Text("#Validation_Eligible-error"), StringComparison.Ordinal);
        Assert.Equal(typed, page.InputValue("#Validation_Eligible"));
        Assert.Equal(ReceiptStatus.Submitted, (await LoadAsync(receiptId)).Status);
        Assert.Empty(await NotificationsAsync(receiptId));
    }

    [Fact]
    public async Task Reject_WithoutAReason_IsRefused_WithAReason_RejectsAndTellsTheFamilyWhy()
    {
        var (funded, receiptId, staff, _) = await ReceiptAsync();
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(receiptId));

        using (var empty = await RejectAsync(staff, page, "   "))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal("Indicare il motivo: la famiglia lo legge per correggere il giustificativo.", (await PortalClient.ParseAsync(empty)).Text("#Rejection_Reason-error"));
        }

        Assert.Equal(ReceiptStatus.Submitted, (await LoadAsync(receiptId)).Status);
        Assert.Empty(await NotificationsAsync(receiptId));

        using var rejected = await RejectAsync(staff, page, "La ricevuta non indica il periodo del servizio.");

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var receipt = await LoadAsync(receiptId);
        Assert.Equal(ReceiptStatus.Rejected, receipt.Status);
        Assert.Equal("La ricevuta non indica il periodo del servizio.", receipt.RejectionReason);
        Assert.Null(receipt.EligibleAmount);
        var notification = Assert.Single(await NotificationsAsync(receiptId));
        Assert.Equal(ReceiptRejected.KindName, notification.Kind);
        Assert.Equal(funded.FamilyIds[0], notification.FamilyUserId);
        Assert.Contains("La ricevuta non indica il periodo del servizio.", notification.ModelJson, StringComparison.Ordinal);
        Assert.Equal("La ricevuta non indica il periodo del servizio.", (await staff.GetDocumentAsync(Url(receiptId))).Text("[data-testid=reason]"));
    }

    [Fact]
    public async Task ASecondDecision_FromAPageReadBeforeTheFirst_IsRefusedClearly_AndTheFamilyIsNotifiedOnce()
    {
        var (_, receiptId, staff, _) = await ReceiptAsync();
        using var _s = staff;
        var first = await staff.GetDocumentAsync(Url(receiptId));
        var second = await staff.GetDocumentAsync(Url(receiptId));

        using (var validated = await ValidateAsync(staff, first))
        {
            Assert.Equal(HttpStatusCode.Redirect, validated.StatusCode);
        }

        using var rejected = await RejectAsync(staff, second, "Ripensamento");
        using var again = await ValidateAsync(staff, second, "50,00");

        foreach (var response in new[] { rejected, again })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PortalClient.ParseAsync(response);
            Assert.Contains(page.Errors(), e => e.StartsWith("Il giustificativo è già stato convalidato il ", StringComparison.Ordinal) && e.EndsWith("la decisione non si ripete.", StringComparison.Ordinal));
            Assert.NotNull(page.QuerySelector("[data-testid=decided]"));
        }

        var receipt = await LoadAsync(receiptId);
        Assert.Equal(ReceiptStatus.Validated, receipt.Status);
        Assert.Equal(120m, receipt.EligibleAmount);
        Assert.Null(receipt.RejectionReason);
        Assert.Single(await NotificationsAsync(receiptId));
    }

    [Fact]
    public async Task TwoDecisionsPostedAtOnce_OnlyOneIsSaved_AndOneNotificationIsWritten()
    {
        var (_, receiptId, staff, _) = await ReceiptAsync();
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(receiptId));

        var responses = await Task.WhenAll(
            ValidateAsync(staff, page), RejectAsync(staff, page, "Motivo A"), ValidateAsync(staff, page, "100,00"), RejectAsync(staff, page, "Motivo B"));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        var receipt = await LoadAsync(receiptId);
        Assert.NotEqual(ReceiptStatus.Submitted, receipt.Status);
        Assert.Single(await NotificationsAsync(receiptId));
        Assert.Equal(1, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => (e.Action == AuditActions.ReceiptValidated || e.Action == AuditActions.ReceiptRejected) && e.EntityId == receiptId.ToString(), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AReceiptOfARevokedVoucher_CannotBeValidated_ButCanBeRejected()
    {
        var (funded, receiptId, staff, _) = await ReceiptAsync();
        using var _s = staff;
        Assert.Null(await Grants.GrantSeeds.WorkAsync(Factory, w => w.RenounceAsync(funded.ApplicationIds[0], funded.FamilyIds[0], "Non serve più", TestContext.Current.CancellationToken)));
        var page = await staff.GetDocumentAsync(Url(receiptId));

        using (var validated = await ValidateAsync(staff, page))
        {
            Assert.Contains(ReceiptReview.RevokedVoucher, (await PortalClient.ParseAsync(validated)).Errors());
        }

        Assert.Equal(ReceiptStatus.Submitted, (await LoadAsync(receiptId)).Status);
        using var rejected = await RejectAsync(staff, page, "Il voucher è stato revocato per rinuncia.");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal(ReceiptStatus.Rejected, (await LoadAsync(receiptId)).Status);
    }

    [Fact]
    public async Task Queue_ShowsReceiptsWaiting_OldestFirst_AndFiltersByStatusAndCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var other = await VoucherSeeds.FundedAsync(Factory, families: 1, reference: "AV-VO-02", firstProtocol: 10);
        var now = DateTimeOffset.UtcNow;
        var newest = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0], "N-3", at: now.AddMinutes(-1));
        var oldest = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[1], "N-1", at: now.AddHours(-5));
        var middle = await StaffReceiptSeeds.SubmittedAsync(Factory, other.VoucherIds[0], "N-2", at: now.AddHours(-2));
        var decided = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[1], "N-0", at: now.AddHours(-9));
        await Factory.WithDbAsync(async db =>
        {
            var r = await db.Receipts.SingleAsync(x => x.Id == decided, ct);
            r.Reject("Illeggibile", funded.StaffId, now);
            await db.SaveChangesAsync(ct);
        });
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        static IEnumerable<string?> Ids(IHtmlDocument page) => page.QuerySelectorAll("[data-testid=receipt]").Select(r => r.GetAttribute("data-id"));

        Assert.Equal([oldest.ToString(), middle.ToString(), newest.ToString()], Ids(await staff.GetDocumentAsync("/Staff/Receipts")));
        Assert.Equal([decided.ToString()], Ids(await staff.GetDocumentAsync("/Staff/Receipts?status=Rejected")));
        Assert.Equal([decided.ToString(), oldest.ToString(), newest.ToString()], Ids(await staff.GetDocumentAsync($"/Staff/Receipts?status=All&call={funded.CallId}")));
        Assert.Equal([middle.ToString()], Ids(await staff.GetDocumentAsync($"/Staff/Receipts?call={other.CallId}")));
    }

    [Fact]
    public async Task Files_AreServedToTheAlliancesStaff_WithEachDownloadAudited_AndNotThroughAnotherReceipt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (funded, receiptId, staff, account) = await ReceiptAsync();
        using var _s = staff;
        var otherReceipt = await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0], "99/2018");
        var files = await Factory.WithDbAsync(db => db.ReceiptFiles.AsNoTracking().Where(f => f.ReceiptId == receiptId).ToListAsync(ct));
        var receiptFile = files.Single(f => f.Kind == ReceiptFileKind.Receipt);
        var page = await staff.GetDocumentAsync(Url(receiptId));
        var link = page.QuerySelectorAll("a[data-testid=download-file]").Select(a => a.GetAttribute("href")!).Single(h => h.Contains(receiptFile.Id.ToString(), StringComparison.Ordinal));

        using (var download = await staff.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(receiptFile.Content, await download.Content.ReadAsByteArrayAsync(ct));
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        }

        using (var inline = await staff.GetAsync($"{Url(receiptId)}?handler=File&fileId={receiptFile.Id}&inline=true"))
        {
            Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
            Assert.StartsWith("inline", inline.Content.Headers.ContentDisposition?.ToString() ?? inline.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        }

        // The file asked for through another receipt's address: not found.
        using (var crossed = await staff.GetAsync($"{Url(otherReceipt)}?handler=File&fileId={receiptFile.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
        }

        Assert.Equal(2, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptFileDownloaded && e.EntityId == receiptFile.Id.ToString() && e.ActorId == account.Id, ct)));
    }
}
