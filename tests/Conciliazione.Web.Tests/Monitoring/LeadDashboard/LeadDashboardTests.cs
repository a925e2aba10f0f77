using System.Globalization;
using System.Text;
using Conciliazione.Domain;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Staff.Applications;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Monitoring.LeadDashboard;

/// <summary>
/// The lead-partner dashboard (/Staff/Dashboard) over seeded data: every figure is compared with an
/// independent SQL query over the same tables (not with the service that drew the page); overdue
/// document requests are counted and link to the review queue's filter; deadlines and meetings of the
/// next days are shown; nothing of another alliance appears; the charts' CSV carries the same rows.
/// </summary>
public sealed class LeadDashboardTests(PortalFactory factory) : PortalTest(factory)
{
    private const string Dashboard = "/Staff/Dashboard";
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>
    /// A funded call (two families, one paid 225 through a payout batch the bank paid), an open call
    /// closing in 5 days with three submitted applications (one with a document request overdue, one
    /// due in 7 days), a voucher whose receipts are due in 20 days, meetings planned, cancelled and
    /// past, and another alliance with its own call and meeting.
    /// </summary>
    private async Task<(FundedCall Funded, Guid OpenCall, Guid OtherAlliance)> SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2, reference: "AV-LD-01");
        await ReceiptSeeds.AddAsync(Factory, funded, [new SeedReceipt(0, 450m), new SeedReceipt(1, 1_000m)]);
        await PayoutSeeds.DebtorAccountAsync(Factory);
        await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[0], 1);
        var batch = await PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[0]);
        Assert.Null(await PayoutSeeds.WorkAsync(Factory, w => w.MarkPaidAsync(batch, CastellanzaPlan.AllianceId, w.Today, funded.StaffId, ct)));
        var until = DateOnly.FromDateTime(now.UtcDateTime).AddDays(20);
        var voucherId = funded.VoucherIds[1];
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE vouchers SET receipts_until = {until} WHERE id = {voucherId}", ct));

        var open = await CallSeeds.CallAsync(Factory, now, closes: now.AddDays(5), reference: "AV-LD-02", title: "Centri estivi");
        var submitted = await ReviewSeeds.SubmittedAsync(Factory, open, 3, first: 101);
        await ReviewSeeds.DocumentsRequestedAsync(Factory, submitted[0], funded.StaffId, now.AddDays(-2));
        await ReviewSeeds.DocumentsRequestedAsync(Factory, submitted[1], funded.StaffId, now.AddDays(7));

        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        await Factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
            var otherProject = await db.Projects.SingleAsync(p => p.Id == other.ProjectId, ct);
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var cancelled = Meeting.Plan(project, "Incontro annullato", today.AddDays(3), null, null, now, null);
            cancelled.Cancel();
            db.Meetings.AddRange(
                Meeting.Plan(project, "Cabina di regia di dicembre", today.AddDays(10), "Municipio di Castellanza", null, now, null),
                Meeting.Plan(project, "Incontro di ottobre", today.AddDays(-40), null, null, now, null),
                cancelled,
                Meeting.Plan(otherProject, "Incontro dell'altra alleanza", today.AddDays(5), null, null, now, null));
            await db.SaveChangesAsync(ct);
        });
        return (funded, open, other.Id);
    }

    private Task<List<T>> SqlAsync<T>(FormattableString sql) =>
        Factory.WithDbAsync(db => db.Database.SqlQuery<T>(sql).ToListAsync(TestContext.Current.CancellationToken));

    private sealed record StatusCount(Guid CallId, string Status, int Count);

    [Fact]
    public async Task TheDashboard_ShowsTheFiguresAnIndependentQueryFinds_AndNothingOfAnotherAlliance()
    {
        var (funded, open, _) = await SeedAsync();
        var alliance = CastellanzaPlan.AllianceId;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(Dashboard);

        // Applications by call and status.
        var counts = await SqlAsync<StatusCount>($"""
            SELECT call_id, status, count(*)::int AS count FROM applications
            WHERE alliance_id = {alliance} AND status <> 'Draft' GROUP BY call_id, status
            """);
        Assert.Contains(counts, c => c.CallId == funded.CallId && c.Status == "Funded" && c.Count == 2);
        Assert.Contains(counts, c => c.CallId == open && c.Status == "DocumentsRequested" && c.Count == 2);
        foreach (var c in counts)
        {
            Assert.Equal(c.Count.ToString(CultureInfo.InvariantCulture), page.Text($"[data-testid=applications-by-status] tr[data-call='{c.CallId}'] td[data-status={c.Status}]"));
        }

        Assert.Equal(counts.Sum(c => c.Count).ToString(CultureInfo.InvariantCulture), page.Text("[data-testid=count-applications]"));
        foreach (var call in counts.GroupBy(c => c.CallId))
        {
            Assert.Equal(call.Sum(c => c.Count).ToString(CultureInfo.InvariantCulture), page.Text($"[data-testid=applications-by-status] tr[data-call='{call.Key}'] [data-testid=total]"));
        }

        // Funds: planned (budgets of the calls not in draft), committed, paid, recovered.
        var planned = (await SqlAsync<decimal>($"SELECT coalesce(sum(budget), 0) AS \"Value\" FROM calls WHERE alliance_id = {alliance} AND status <> 'Draft'")).Single();
        var committed = (await SqlAsync<decimal>($"SELECT coalesce(sum(amount), 0) AS \"Value\" FROM grants WHERE alliance_id = {alliance} AND status = 'Active'")).Single();
        var paid = (await SqlAsync<decimal>($"SELECT coalesce(sum(l.gross), 0) AS \"Value\" FROM payout_lines l JOIN payout_batches b ON b.id = l.batch_id WHERE l.alliance_id = {alliance} AND b.status = 'Paid'")).Single();
        var recovered = (await SqlAsync<decimal>($"SELECT coalesce(sum(recovered), 0) AS \"Value\" FROM recoveries WHERE alliance_id = {alliance}")).Single();
        Assert.Equal((700m, 225m), (committed, paid));
        Assert.Equal(
            (Money.Format(planned), Money.Format(committed), Money.Format(paid), Money.Format(recovered)),
            (page.Text("[data-testid=funds-total] [data-testid=planned]"), page.Text("[data-testid=funds-total] [data-testid=committed]"),
             page.Text("[data-testid=funds-total] [data-testid=paid]"), page.Text("[data-testid=funds-total] [data-testid=recovered]")));
        var project = $"[data-testid=funds-by-project] tr[data-project='{CastellanzaPlan.CurrentProjectId}']";
        Assert.Equal((Money.Format(planned), Money.Format(committed), Money.Format(paid)),
            (page.Text(project + " [data-testid=planned]"), page.Text(project + " [data-testid=committed]"), page.Text(project + " [data-testid=paid]")));
        var fundsTable = page.QuerySelector("figure[aria-labelledby='fondi-caption'] table")!;
        var fundsRow = fundsTable.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == "AV-LD-01");
        Assert.Equal(["1.400,00 €", "700,00 €", "225,00 €", "0,00 €"], fundsRow.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        // Overdue document requests: counted, linked to the queue's filter, no family named.
        var overdue = (await SqlAsync<int>($"""
            SELECT count(*)::int AS "Value" FROM application_document_requests r JOIN applications a ON a.id = r.application_id
            WHERE a.alliance_id = {alliance} AND r.status = 'Open' AND r.due_at <= now()
            """)).Single();
        Assert.Equal(1, overdue);
        Assert.Equal("1", page.Text("[data-testid=count-overdue]"));
        var overdueItem = page.QuerySelector($"[data-testid=overdue] li[data-call='{open}']")!;
        Assert.Equal("1", overdueItem.QuerySelector("[data-testid=overdue-count]")!.TextContent.Trim());
        Assert.Equal($"/Staff/Applications?call={open}&requests=overdue", overdueItem.QuerySelector("a")!.GetAttribute("href"));

        // Deadlines of the next 30 days: the open call closing, the request due, the receipts due.
        var deadlines = page.QuerySelectorAll("[data-testid=deadlines] li").Select(li => (Kind: li.GetAttribute("data-kind"), Call: li.GetAttribute("data-call"), Text: li.TextContent)).ToList();
        Assert.Contains(deadlines, d => d.Kind == "CallCloses" && d.Call == open.ToString() && d.Text.Contains("AV-LD-02 - Centri estivi", StringComparison.Ordinal));
        Assert.Contains(deadlines, d => d.Kind == "DocumentRequestsDue" && d.Call == open.ToString() && d.Text.Contains("Richieste di integrazione in scadenza, bando AV-LD-02: 1", StringComparison.Ordinal));
        var receiptsDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20).ToString("dd/MM/yyyy", Italian);
        Assert.Contains(deadlines, d => d.Kind == "ReceiptsDue" && d.Call == funded.CallId.ToString() && d.Text.Contains(receiptsDay, StringComparison.Ordinal) && d.Text.Contains("termine per caricare i giustificativi, bando AV-LD-01: 1 voucher", StringComparison.Ordinal));
        Assert.DoesNotContain(deadlines, d => d.Kind == "CallCloses" && d.Call == funded.CallId.ToString());

        // Meetings: the planned one ahead, not the cancelled, the past or the other alliance's.
        var meetings = page.QuerySelector("[data-testid=meetings]")!.TextContent;
        Assert.Contains("Cabina di regia di dicembre", meetings, StringComparison.Ordinal);
        Assert.Contains("Municipio di Castellanza", meetings, StringComparison.Ordinal);
        Assert.DoesNotContain("Incontro annullato", meetings, StringComparison.Ordinal);
        Assert.DoesNotContain("Incontro di ottobre", meetings, StringComparison.Ordinal);
        Assert.Equal("1", page.Text("[data-testid=count-meetings]"));

        // Indicators: every indicator of the running project, as the indicator board reads them.
        var indicators = (await SqlAsync<int>($"""
            SELECT count(*)::int AS "Value" FROM indicators i JOIN project_actions a ON a.id = i.action_id WHERE a.project_id = {CastellanzaPlan.CurrentProjectId}
            """)).Single();
        Assert.True(indicators > 0);
        Assert.Equal(indicators, page.QuerySelectorAll($"[data-testid=indicators] table[data-project='{CastellanzaPlan.CurrentProjectId}'] tbody tr").Length);

        var body = page.Body!.TextContent;
        Assert.DoesNotContain("Incontro dell'altra alleanza", body, StringComparison.Ordinal);
        Assert.DoesNotContain(AllianceBuilder.OtherProjectTitle, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAlliancesStaff_SeeNoneOfItsCallsMoneyRequestsOrMeetings()
    {
        var (_, _, other) = await SeedAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other);
        using var _c = client;

        var page = await client.GetDocumentAsync(Dashboard);

        var body = page.Body!.TextContent;
        Assert.DoesNotContain("AV-LD-01", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AV-LD-02", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Cabina di regia", body, StringComparison.Ordinal);
        Assert.Contains("Incontro dell'altra alleanza", body, StringComparison.Ordinal);
        Assert.Equal(("0", "0", Money.Format(0m)), (page.Text("[data-testid=count-applications]"), page.Text("[data-testid=count-overdue]"), page.Text("[data-testid=funds-total] [data-testid=committed]")));

        using var csv = await client.GetAsync(Dashboard + "?handler=Csv&chart=fondi");
        Assert.DoesNotContain("AV-LD-01", await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChartsCsv_HasTheSameRowsAsTheirTables_InItalianNumbers()
    {
        await SeedAsync();
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(Dashboard);
        var links = page.QuerySelectorAll("a[download]").Select(a => a.GetAttribute("href")!).ToList();
        var fundsUrl = links.Single(l => l.Contains("chart=fondi", StringComparison.Ordinal) && l.Contains("handler=Csv", StringComparison.Ordinal));
        var applicationsUrl = links.Single(l => l.Contains("chart=domande", StringComparison.Ordinal) && l.Contains("handler=Csv", StringComparison.Ordinal));

        using var funds = await client.GetAsync(fundsUrl);
        Assert.Equal(HttpStatusCode.OK, funds.StatusCode);
        Assert.Equal("text/csv", funds.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("cruscotto-fondi-", funds.Content.Headers.ContentDisposition!.FileNameStar ?? funds.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await funds.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Bando;Previsti (budget del bando);Impegnati (contributi attivi);Pagati;Recuperati", lines[0]);
        Assert.Contains("AV-LD-01;1.400,00;700,00;225,00;0,00", lines);
        Assert.Contains("AV-LD-02;5.000,00;0,00;0,00;0,00", lines);

        using var applications = await client.GetAsync(applicationsUrl);
        var rows = Encoding.UTF8.GetString((await applications.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken))[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Bando;In istruttoria;Ammesse o in lista d'attesa;Finanziate;Non ammesse, ritirate, rinunciate o revocate", rows[0]);
        Assert.Contains("AV-LD-01;0;0;2;0", rows);
        Assert.Contains("AV-LD-02;3;0;0;0", rows);

        using var unknown = await client.GetAsync("/Staff/Dashboard?chart=altro&handler=Csv");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheStaffHome_LinksToTheDashboard_AndKeepsItsOtherLinks()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var home = await client.GetDocumentAsync("/Staff");

        Assert.Equal(Dashboard, home.QuerySelector("[data-testid=dashboard-link]")!.GetAttribute("href"));
        Assert.NotNull(home.QuerySelector("[data-testid=execution-link]"));
        Assert.NotNull(home.QuerySelector("[data-testid=ledger-link]"));
        var empty = await client.GetDocumentAsync(Dashboard);
        Assert.Contains("Nessuna domanda presentata.", empty.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nessun incontro in programma.", empty.Body!.TextContent, StringComparison.Ordinal);
    }
}
