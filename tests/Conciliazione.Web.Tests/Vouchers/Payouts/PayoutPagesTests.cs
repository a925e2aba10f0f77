using System.Security.Cryptography;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers.Payouts;

/// <summary>
/// The payout pages (/Staff/Payouts and /Staff/Payouts/{id}): staff select what is due, see the
/// total against the commitments, produce the batch, download its files and record it paid once;
/// everyone else is refused, and another alliance's staff never see the batch.
/// </summary>
public sealed class PayoutPagesTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private const string Payouts = "/Staff/Payouts";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string token, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token)));
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
    }

    private async Task<FundedCall> ReadyAsync(int families, string reference)
    {
        var funded = await VoucherSeeds.FundedAsync(factory, families, reference: reference);
        await PayoutSeeds.DebtorAccountAsync(factory);
        for (var i = 0; i < families; i++)
        {
            await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[i], i + 1);
            await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[i], 200m + (100m * i));
        }

        return funded;
    }

    [Fact]
    public async Task Staff_SelectsTheDue_SeesTheTotalAgainstCommitted_ProducesTheBatch_DownloadsItsFiles_AndRecordsItPaidOnce()
    {
        var funded = await ReadyAsync(2, "AV-PP-01");
        using var staff = await SignedInAsync(Roles.Staff);
        var page = await staff.GetDocumentAsync(Payouts);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=due-row]").Length);
        Assert.Contains("250,00 €", page.Text("[data-testid=payable]"), StringComparison.Ordinal); // 100 + 150
        Assert.Null(page.QuerySelector("[data-testid=account-problem]"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var date = page.QuerySelector("input[name='Input.ExecutionDate']")!.GetAttribute("value")!;

        // Only the second family, previewed first: the total against the call's commitments (two grants of 350).
        using (var preview = await PostAsync(staff, Payouts + "?handler=Preview", token, ("Input.VoucherIds", funded.VoucherIds[1].ToString()), ("Input.ExecutionDate", date)))
        {
            var shown = await PortalClient.ParseAsync(preview);
            Assert.Contains("1, per 150,00 €", shown.Text("[data-testid=selected-gross]"), StringComparison.Ordinal);
            Assert.Contains("700,00 €", shown.Text("[data-testid=selected-committed]"), StringComparison.Ordinal);
            Assert.Equal(0, await factory.WithDbAsync(db => db.PayoutBatches.CountAsync(Ct)));
        }

        // Nothing ticked: a clear message, nothing produced.
        using (var none = await PostAsync(staff, Payouts + "?handler=Produce", token, ("Input.ExecutionDate", date)))
        {
            Assert.Contains("Selezionare almeno un rimborso da liquidare.", (await PortalClient.ParseAsync(none)).Errors());
        }

        using var produced = await PostAsync(staff, Payouts + "?handler=Produce", token, ("Input.VoucherIds", funded.VoucherIds[1].ToString()), ("Input.ExecutionDate", date));
        Assert.Equal(HttpStatusCode.Redirect, produced.StatusCode);
        var detailsUrl = produced.Headers.Location!.OriginalString;
        var batch = await factory.WithDbAsync(db => db.PayoutBatches.AsNoTracking().SingleAsync(Ct));
        Assert.EndsWith(batch.Id.ToString(), detailsUrl, StringComparison.Ordinal);
        var details = await staff.GetDocumentAsync(detailsUrl);
        Assert.Contains("150,00 €", details.Text("[data-testid=total]"), StringComparison.Ordinal);
        Assert.Single(details.QuerySelectorAll("[data-testid=line]"));
        Assert.DoesNotContain(PayoutSeeds.FamilyIban(2), details.Body!.TextContent, StringComparison.Ordinal);

        // The files are the ones produced (their SHA-256), and each download is audited.
        var xmlLink = details.QuerySelector("[data-testid=download-xml]")!.GetAttribute("href")!;
        using (var xml = await staff.GetAsync(xmlLink))
        {
            Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
            Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
            Assert.Equal(batch.FileSha256, Convert.ToHexStringLower(SHA256.HashData(await xml.Content.ReadAsByteArrayAsync(Ct))));
        }

        using (var csv = await staff.GetAsync(details.QuerySelector("[data-testid=download-csv]")!.GetAttribute("href")!))
        {
            Assert.Equal(batch.CsvSha256, Convert.ToHexStringLower(SHA256.HashData(await csv.Content.ReadAsByteArrayAsync(Ct))));
        }

        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == Domain.Auditing.AuditActions.PayoutFileDownloaded, Ct)));

        // The first family is still due; the batch is listed.
        var after = await staff.GetDocumentAsync(Payouts);
        Assert.Single(after.QuerySelectorAll("[data-testid=due-row]"));
        Assert.Single(after.QuerySelectorAll("[data-testid=batch]"));

        // Paid: recorded once with the value date; a second post is refused and says when.
        var today = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        var valueDate = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var noDate = await PostAsync(staff, $"{detailsUrl}?handler=Paid", token, ("Input.ValueDate", "")))
        {
            Assert.Contains((await PortalClient.ParseAsync(noDate)).Errors(), e => e.Contains("Indicare la data valuta", StringComparison.Ordinal));
        }

        using (var paid = await PostAsync(staff, $"{detailsUrl}?handler=Paid", token, ("Input.ValueDate", valueDate)))
        {
            Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        }

        var paidPage = await staff.GetDocumentAsync(detailsUrl);
        Assert.Contains(today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), paidPage.Text("[data-testid=status]"), StringComparison.Ordinal);
        Assert.Null(paidPage.QuerySelector("[data-testid=mark-paid]"));
        using (var again = await PostAsync(staff, $"{detailsUrl}?handler=Paid", token, ("Input.ValueDate", valueDate)))
        {
            Assert.Contains((await PortalClient.ParseAsync(again)).Errors(), e => e.Contains("risulta già pagata con valuta", StringComparison.Ordinal));
        }

        Assert.Equal(150m, await factory.WithDbAsync(db => db.Vouchers.Where(v => v.Id == funded.VoucherIds[1]).Select(v => v.Paid).SingleAsync(Ct)));
    }

    [Fact]
    public async Task PayoutPages_SendAnonymousToSignIn_RefuseOtherRoles_AndHideTheBatchFromAnotherAlliance()
    {
        var funded = await ReadyAsync(1, "AV-PP-02");
        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);
        var details = $"{Payouts}/{batchId}";
        string[] urls = [Payouts, details, $"{details}?handler=File&kind=xml", $"{details}?handler=File&kind=csv"];

        using var anonymous = factory.CreatePortalClient();
        foreach (var url in urls)
        {
            using var get = await anonymous.GetAsync(url);
            Assert.True(HttpStatusCode.Redirect == get.StatusCode, $"{url} answered {(int)get.StatusCode}");
            Assert.Contains("/Account/Login", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        foreach (var client in new[] { family.Portal, referent, auditor })
        {
            foreach (var url in urls)
            {
                using var get = await client.GetAsync(url);
                Assert.True(get.StatusCode == HttpStatusCode.Forbidden
                    || (get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                    $"{url} answered {(int)get.StatusCode} {get.Headers.Location}");
            }
        }

        var otherAlliance = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var foreign = await SignedInAsync(Roles.Staff, otherAlliance.Id);
        var foreignList = await foreign.GetDocumentAsync(Payouts);
        Assert.Empty(foreignList.QuerySelectorAll("[data-testid=due-row]"));
        Assert.Empty(foreignList.QuerySelectorAll("[data-testid=batch]"));
        foreach (var url in urls.Skip(1))
        {
            using var get = await foreign.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        var token = await ReviewSeeds.TokenAsync(foreign);
        var today = (await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var post = await PostAsync(foreign, $"{details}?handler=Paid", token, ("Input.ValueDate", today)))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        using (var produce = await PostAsync(foreign, $"{Payouts}?handler=Produce", token, ("Input.VoucherIds", funded.VoucherIds[0].ToString()), ("Input.ExecutionDate", today)))
        {
            Assert.Equal(HttpStatusCode.OK, produce.StatusCode);
        }

        Assert.Equal(PayoutBatchStatus.Produced, await factory.WithDbAsync(db => db.PayoutBatches.Where(b => b.Id == batchId).Select(b => b.Status).SingleAsync(Ct)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PayoutBatches.CountAsync(Ct)));
    }
}
