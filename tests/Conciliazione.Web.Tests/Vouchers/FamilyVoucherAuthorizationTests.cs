using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Vouchers.FamilyVoucherSteps;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Who may open the family voucher pages: anonymous visitors are sent to sign in, staff are refused
/// (the family area), and another family gets 404 for the voucher, its PDF, its receipt files, the
/// payee form and the receipt form (GET and POST) and a correction of its receipt.
/// </summary>
public sealed class FamilyVoucherAuthorizationTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FamilyVoucherPages_SendAnonymousToSignIn_RefuseStaff_AndAreNotFoundForAnotherFamily()
    {
        using var live = await LiveAsync(Factory, families: 2);
        using (var upload = await UploadAsync(live.Family, live.VoucherId, GoodReceipt(), NewPdf(), NewPdf()))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        var (receiptId, fileId) = await Factory.WithDbAsync(async db =>
        {
            var receipt = await db.Receipts.Include(r => r.Files).SingleAsync(r => r.VoucherId == live.VoucherId, Ct);
            receipt.Reject("Illeggibile", live.Funded.StaffId, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
            return (receipt.Id, receipt.Files[0].Id);
        });
        var v = live.VoucherId;
        string[] gets =
        [
            $"/Family/Vouchers/Details/{v}", $"/Family/Vouchers/Details/{v}?handler=Pdf", $"/Family/Vouchers/Details/{v}?handler=File&fileId={fileId}",
            $"/Family/Vouchers/Payee/{v}", $"/Family/Vouchers/Receipt/{v}", $"/Family/Vouchers/Receipt/{v}?corrects={receiptId}",
        ];
        string[] posts = [$"/Family/Vouchers/Payee/{v}", $"/Family/Vouchers/Receipt/{v}", $"/Family/Vouchers/Receipt/{v}?corrects={receiptId}"];

        // The owner may.
        foreach (var url in gets)
        {
            using var mine = await live.Family.GetAsync(url);
            Assert.True(mine.StatusCode == HttpStatusCode.OK, url + " for its family: " + mine.StatusCode);
        }

        using var anonymous = Factory.CreatePortalClient();
        var staffAccount = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        using var staff = Factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);
        using var other = await FamilyAsync(Factory, live.Funded.FamilyIds[1]);
        var otherToken = await ReviewSeeds.TokenAsync(other, "/Family");
        foreach (var url in gets)
        {
            using var anon = await anonymous.GetAsync(url);
            Assert.True(anon.StatusCode == HttpStatusCode.Redirect && anon.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal), url + " anonymous: " + anon.StatusCode);
            using var byStaff = await staff.GetAsync(url);
            Assert.True(byStaff.StatusCode == HttpStatusCode.Forbidden || (byStaff.StatusCode == HttpStatusCode.Redirect && byStaff.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)), url + " staff: " + byStaff.StatusCode);
            using var theirs = await other.GetAsync(url);
            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, url + " another family: " + theirs.StatusCode);
        }

        foreach (var url in posts)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = otherToken,
                ["Input.Iban"] = "IT60X0542811101000000123456",
                ["Input.Holder"] = "Famiglia Prova 2",
                ["Input.Number"] = "X-1",
            });
            using var post = await other.Http.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, "POST " + url + " another family: " + post.StatusCode);
        }

        // Nothing of theirs changed.
        var voucher = await Factory.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(x => x.Id == v, Ct));
        Assert.Null(voucher.PayeeIban);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Receipts.CountAsync(r => r.VoucherId == v, Ct)));

        // A receipt of the family's own voucher that is not rejected cannot be "corrected".
        using var notRejected = await other.GetAsync($"/Family/Vouchers/Receipt/{live.Funded.VoucherIds[1]}?corrects={receiptId}");
        Assert.Equal(HttpStatusCode.NotFound, notRejected.StatusCode);
    }
}
