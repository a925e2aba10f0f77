using System.Text;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// The budget execution page (/Staff/Vouchers/Execution) on a small example computed by hand:
/// the call's budget and grants, the validated receipts and what they are worth under the call's
/// rule (50% up to 350 per child), the CSV with the same figures, and a one-cent difference between
/// two records of the same money shown as a mismatch.
/// </summary>
public sealed class ExecutionPageTests(PortalFactory factory) : PortalTest(factory)
{
    private const string Execution = "/Staff/Vouchers/Execution";

    /// <summary>
    /// Two families, 350 each (budget 1,400, committed 700). Family 1: 300 validated, 200 validated
    /// with 150 eligible, 999 rejected, 80 still to check: 450 eligible, worth 50% = 225. Family 2:
    /// 1,000 validated, worth 500 but capped at 350. Together 1,450 validated, worth 575.
    /// </summary>
    private async Task<FundedCall> HandComputedAsync()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2, reference: "AV-EX-01");
        await ReceiptSeeds.AddAsync(Factory, funded,
        [
            new SeedReceipt(0, 300m),
            new SeedReceipt(0, 200m, Eligible: 150m),
            new SeedReceipt(0, 999m, Outcome: ReceiptStatus.Rejected),
            new SeedReceipt(0, 80m, Outcome: ReceiptStatus.Submitted),
            new SeedReceipt(1, 1_000m),
        ]);
        return funded;
    }

    private static string Cell(AngleSharp.Dom.IDocument page, Guid callId, string cell) =>
        page.QuerySelector($"tr[data-call='{callId}'] [data-testid={cell}]")!.TextContent.Trim();

    [Fact]
    public async Task TheExecution_ShowsEachFigure_AsComputedByHand_AndSaysTheFiguresAddUp()
    {
        var funded = await HandComputedAsync();
        var available = await Factory.WithDbAsync(db => Domain.Calls.VoucherBudgets.ReadAsync(db, CastellanzaPlan.CurrentProjectId, null, TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Execution);

        Assert.NotNull(page.QuerySelector("[data-testid=execution-holds]"));
        Assert.Null(page.QuerySelector("[data-testid=execution-broken]"));
        Assert.Equal(
            ("1.400,00 €", "700,00 €", "2", "1.450,00 €", "575,00 €", "0,00 €", "0,00 €", "0,00 €", "0,00 €"),
            (Cell(page, funded.CallId, "budget"), Cell(page, funded.CallId, "committed"), Cell(page, funded.CallId, "vouchers"), Cell(page, funded.CallId, "validated"),
             Cell(page, funded.CallId, "to-reimburse"), Cell(page, funded.CallId, "claimed"), Cell(page, funded.CallId, "paid"), Cell(page, funded.CallId, "recovered"), Cell(page, funded.CallId, "owed")));
        var project = page.QuerySelector($"[data-testid=execution-project][data-project='{CastellanzaPlan.CurrentProjectId}']")!;
        string Figure(string id) => project.QuerySelector($"dl [data-testid={id}]")!.TextContent.Trim();
        Assert.Equal(Domain.Money.Format(available.Available), Figure("available"));
        Assert.Equal("1.400,00 €", Figure("call-budgets"));
        Assert.Equal("700,00 €", Figure("committed"));
        Assert.Equal("1.450,00 €", Figure("validated"));
        Assert.Equal("575,00 €", Figure("reimbursable"));
        Assert.Equal("575,00 €", Figure("to-reimburse"));
        Assert.Equal("0,00 €", Figure("paid"));
    }

    [Fact]
    public async Task TheCsv_IsUtf8WithSemicolonsAndItalianDecimals_WithTheSameFigures()
    {
        await HandComputedAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.GetAsync(Execution + "?handler=Csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("esecuzione-budget-voucher-", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Progetto;Bando;Titolo;Voce D con riallocazioni;Budget;Impegnato;Voucher;Spesa convalidata;Rimborsi maturati;Da liquidare;Liquidato in distinte;Distinte in attesa;Pagato;Bonificato;Recuperato;Da recuperare", lines[0]);
        Assert.Contains(lines, l => l.EndsWith(";AV-EX-01;Voucher infanzia 2018;;1.400,00;700,00;2;1.450,00;575,00;575,00;0,00;0,00;0,00;0,00;0,00;0,00", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(";Totale progetto;;", StringComparison.Ordinal) && l.EndsWith(";1.400,00;700,00;2;1.450,00;575,00;575,00;0,00;0,00;0,00;0,00;0,00;0,00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACentThatDoesNotMatch_BetweenTheGrantsAndTheVouchers_IsShownAsAMismatch()
    {
        var funded = await HandComputedAsync();
        var voucherId = funded.VoucherIds[0];
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE vouchers SET cap = cap + 0.01 WHERE id = {voucherId}", TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Execution);

        Assert.Null(page.QuerySelector("[data-testid=execution-holds]"));
        var broken = page.QuerySelector("[data-testid=execution-broken]")!.TextContent;
        Assert.Contains("AV-EX-01: la somma dei voucher non revocati non è uguale alla somma dei contributi attivi (700,00 € contro 700,01 €).", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterABatchPaidAndARevocation_TheExecutionShowsPaidAndOwed_AndARecoveryACentShortIsAMismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await HandComputedAsync();
        await Payouts.PayoutSeeds.DebtorAccountAsync(Factory);
        await Payouts.PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[0], 1);
        var batch = await Payouts.PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[0]);
        Assert.Null(await Payouts.PayoutSeeds.WorkAsync(Factory, w => w.MarkPaidAsync(batch, CastellanzaPlan.AllianceId, w.Today, funded.StaffId, ct)));
        Assert.Null(await Grants.GrantSeeds.WorkAsync(Factory, w => w.RevokeAsync(funded.ApplicationIds[0], CastellanzaPlan.AllianceId, "Controllo non superato", funded.StaffId, ct)));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Execution);

        // Family 1 was paid 225 and then revoked: 225 owed back; family 2's 350 still to pay; 350 committed.
        Assert.NotNull(page.QuerySelector("[data-testid=execution-holds]"));
        Assert.Equal(
            ("350,00 €", "1", "1.450,00 €", "350,00 €", "225,00 €", "225,00 €", "0,00 €", "225,00 €"),
            (Cell(page, funded.CallId, "committed"), Cell(page, funded.CallId, "vouchers"), Cell(page, funded.CallId, "validated"), Cell(page, funded.CallId, "to-reimburse"),
             Cell(page, funded.CallId, "claimed"), Cell(page, funded.CallId, "paid"), Cell(page, funded.CallId, "recovered"), Cell(page, funded.CallId, "owed")));
        var project = page.QuerySelector($"[data-testid=execution-project][data-project='{CastellanzaPlan.CurrentProjectId}']")!;
        Assert.Equal("225,00 €", project.QuerySelector("dl [data-testid=transferred]")!.TextContent.Trim());
        Assert.Equal("0,00 €", project.QuerySelector("dl [data-testid=in-batches]")!.TextContent.Trim());
        Assert.Equal("575,00 €", project.QuerySelector("dl [data-testid=reimbursable]")!.TextContent.Trim());

        var applicationId = funded.ApplicationIds[0];
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE recoveries SET amount = amount - 0.01 WHERE application_id = {applicationId}", ct));
        page = await client.GetDocumentAsync(Execution);
        Assert.Contains("AV-EX-01: il pagato sui contributi revocati non è uguale ai recuperi registrati (225,00 € contro 224,99 €).", page.QuerySelector("[data-testid=execution-broken]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStaffHome_AndTheFundsLedger_LinkToTheExecution()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        foreach (var url in new[] { "/Staff", "/Staff/Grants/Ledger" })
        {
            var page = await client.GetDocumentAsync(url);
            Assert.Equal(Execution, page.QuerySelector("a[data-testid=execution-link]")?.GetAttribute("href"));
        }
    }
}
