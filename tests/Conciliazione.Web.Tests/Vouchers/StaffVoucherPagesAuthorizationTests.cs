using System.Text;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Who may open and post to the staff voucher and receipt pages (/Staff/Vouchers, /Staff/Receipts)
/// and the alliance's payment account: anonymous visitors are sent to sign in; families, municipal
/// referents and auditors are refused; staff and admins of another alliance get 404 (or an empty
/// list) and change nothing; only an administrator changes the payment account.
/// </summary>
public sealed class StaffVoucherPagesAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string? token)
    {
        var fields = new Dictionary<string, string>
        {
            ["Validation.Eligible"] = "1,00",
            ["Validation.Version"] = "0",
            ["Rejection.Reason"] = "x",
            ["Rejection.Version"] = "0",
            ["Input.DebtorName"] = "Altro",
            ["Input.Iban"] = Iban.ItalianFrom("03069", "09606", "100000000001"),
        };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private static bool IsForbidden(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    [Fact]
    public async Task VoucherAndReceiptPages_RefuseOthers_SendAnonymousToSignIn_AndAreHiddenFromAnotherAlliance()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1);
        var receiptId = await StaffReceiptSeeds.SubmittedAsync(factory, funded.VoucherIds[0]);
        var fileId = await factory.WithDbAsync(db => db.ReceiptFiles.Where(f => f.ReceiptId == receiptId && f.Kind == ReceiptFileKind.Receipt).Select(f => f.Id).SingleAsync(ct));
        var code = await factory.WithDbAsync(db => db.Vouchers.Where(v => v.Id == funded.VoucherIds[0]).Select(v => v.Code).SingleAsync(ct));
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = await SignedInAsync(Roles.Staff);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);
        using var foreignAdmin = await SignedInAsync(Roles.Admin, other.Id);
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [referent] = await ReviewSeeds.TokenAsync(referent, "/Referent"),
            [auditor] = await ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [foreignStaff] = await ReviewSeeds.TokenAsync(foreignStaff),
            [foreignAdmin] = await ReviewSeeds.TokenAsync(foreignAdmin),
        };

        var receipt = $"/Staff/Receipts/{receiptId}";
        var voucher = $"/Staff/Vouchers/{funded.VoucherIds[0]}";
        var file = $"{receipt}?handler=File&fileId={fileId}";
        var lists = new[] { "/Staff/Vouchers", "/Staff/Receipts", "/Staff/Alliance/Payments" };
        var records = new[] { receipt, voucher, file, $"{file}&inline=true" };
        var posts = new[] { $"{receipt}?handler=Validate", $"{receipt}?handler=Reject" };

        // The pages work for the alliance's own staff, so the refusals below are about who asks.
        foreach (var url in lists.Concat(records))
        {
            using var own = await staff.GetAsync(url);
            Assert.True(own.StatusCode == HttpStatusCode.OK, $"staff GET {url} answered {(int)own.StatusCode}");
        }

        var downloads = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptFileDownloaded, ct));
        var problems = new StringBuilder();
        void Expect(bool ok, string what, HttpResponseMessage r)
        {
            if (!ok)
            {
                problems.Append(what).Append(" answered ").Append((int)r.StatusCode).Append(' ').AppendLine(r.Headers.Location?.OriginalString);
            }
        }

        foreach (var url in lists.Concat(records))
        {
            using (var r = await anonymous.GetAsync(url))
            {
                Expect(IsLogin(r), "anonymous GET " + url, r);
            }

            foreach (var (who, client) in new[] { ("family", family.Portal), ("referent", referent), ("auditor", auditor) })
            {
                using var r = await client.GetAsync(url);
                Expect(IsForbidden(r), who + " GET " + url, r);
            }
        }

        foreach (var url in records)
        {
            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                using var r = await client.GetAsync(url);
                Expect(r.StatusCode == HttpStatusCode.NotFound, who + " GET " + url, r);
            }
        }

        foreach (var url in posts.Append("/Staff/Alliance/Payments"))
        {
            using (var r = await PostAsync(anonymous, url, null))
            {
                Expect(IsLogin(r), "anonymous POST " + url, r);
            }

            foreach (var (who, client) in new[] { ("family", family.Portal), ("referent", referent), ("auditor", auditor) })
            {
                using var r = await PostAsync(client, url, tokens[client]);
                Expect(IsForbidden(r), who + " POST " + url, r);
            }
        }

        foreach (var url in posts)
        {
            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                using var r = await PostAsync(client, url, tokens[client]);
                Expect(r.StatusCode == HttpStatusCode.NotFound, who + " POST " + url, r);
            }
        }

        // An operator (not an administrator) sees the payment account but may not change it.
        using (var r = await PostAsync(staff, "/Staff/Alliance/Payments", await ReviewSeeds.TokenAsync(staff)))
        {
            Expect(IsForbidden(r), "staff (not admin) POST /Staff/Alliance/Payments", r);
        }

        Assert.True(problems.Length == 0, problems.ToString());

        // Another alliance's lists do not show this alliance's vouchers or receipts, nor find its codes.
        var foreignList = await foreignStaff.GetDocumentAsync("/Staff/Receipts?status=All");
        Assert.Empty(foreignList.QuerySelectorAll("[data-testid=receipt]"));
        var lookup = await foreignStaff.GetDocumentAsync("/Staff/Vouchers?code=" + Uri.EscapeDataString(code));
        Assert.NotNull(lookup.QuerySelector("[data-testid=not-found]"));
        Assert.Empty(lookup.QuerySelectorAll("[data-testid=voucher]"));

        // Nothing changed: the receipt waits, no notification, no download audited for outsiders, no account set.
        Assert.Equal(ReceiptStatus.Submitted, await factory.WithDbAsync(db => db.Receipts.Where(r => r.Id == receiptId).Select(r => r.Status).SingleAsync(ct)));
        Assert.False(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == receiptId, ct)));
        Assert.Equal(downloads, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReceiptFileDownloaded, ct)));
        Assert.False(await factory.WithDbAsync(db => db.Alliances.AnyAsync(a => a.Payments != null, ct)));
    }
}
