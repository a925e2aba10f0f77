using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Reporting;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Monitoring.Indicators;
using Conciliazione.Web.Tests.Monitoring.Meetings;
using Conciliazione.Web.Tests.Monitoring.Spending;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using static Conciliazione.Web.Tests.Reporting.ReportSteps;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>
/// Issue 16, "Done when": every figure of a generated report is recomputed from its CSV downloads
/// (each cell is printed in the PDF, each printed total is the sum of its column), key figures agree
/// with SQL over the raw tables, and nothing personal reaches the PDF or the data.
/// </summary>
public sealed class ReportFiguresTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    [Fact]
    public async Task EveryFigure_OfTheReport_IsRecomputedFromItsCsv_AndKeyFigures_MatchTheRecords()
    {
        var ct = TestContext.Current.CancellationToken;
        var seeded = await SeedFirstHalfOf2018Async();

        var report = await GenerateAsync(Factory, "2018-S1");
        var file = await FileAsync(Factory, report.Id);

        Assert.Equal(MonitoringReport.HashOf(file.Pdf), report.Sha256);
        var text = Normalize(PdfText(file.Pdf));
        var csv = Csv(file.DataZip);
        Assert.Contains("bandi-domande", csv.Keys);
        Assert.Contains("spesa-categorie", csv.Keys);
        Assert.Contains("incontri", csv.Keys);

        // Every cell of every table is printed in the PDF, as the CSV prints it: figures and dates whole;
        // texts word by word (a long text wraps in its cell, and the PDF's text runs across the row's cells).
        var words = text.Split(' ').ToHashSet(StringComparer.Ordinal);
        foreach (var (id, rows) in csv)
        {
            foreach (var cell in rows.SelectMany(r => r).Where(c => c.Length > 0))
            {
                if (IsFigure(cell))
                {
                    Assert.True(words.Contains(cell), $"the figure '{cell}' of {id}.csv is not in the PDF");
                }
                else
                {
                    var missing = Normalize(cell).Split(' ').Where(w => !text.Contains(w, StringComparison.Ordinal)).ToList();
                    Assert.True(missing.Count == 0, $"'{cell}' of {id}.csv is not in the PDF (missing {string.Join(", ", missing)})");
                }
            }
        }

        // Every total the PDF prints is the sum of its CSV column (the totals are not in the CSV).
        using var snapshot = JsonDocument.Parse(report.Snapshot!);
        var totalled = snapshot.RootElement.GetProperty("Sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("TotalledTables").EnumerateArray().Select(t => t.GetString()!)).ToList();
        Assert.Contains("bandi-domande", totalled);
        foreach (var id in totalled)
        {
            var rows = csv[id];
            var sums = Enumerable.Range(1, rows[0].Count - 1).Select(i => ColumnTotal(rows.Skip(1).Select(r => r[i]).ToList())).Where(s => s is not null);
            var expected = Normalize("Totale " + string.Join(' ', sums));
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the PDF does not print '{expected}' under {id}");
        }

        // Key figures, independently, from the raw tables.
        var call = Row(csv["bandi-domande"], "AV-VO-01");
        var (applications, granted, costA, paid) = await Factory.WithDbAsync(async db =>
        {
            var a = await db.Applications.CountAsync(x => x.CallId == seeded.CallId && x.SubmittedAt >= new DateTimeOffset(2017, 12, 31, 23, 0, 0, TimeSpan.Zero) && x.SubmittedAt < new DateTimeOffset(2018, 6, 30, 22, 0, 0, TimeSpan.Zero), ct);
            var g = await db.Grants.Where(x => x.CallId == seeded.CallId).SumAsync(x => x.Amount, ct);
            var c = await db.CostEntries.Where(x => x.Category == CostCategory.Staff && x.WithdrawnAt == null).SumAsync(x => x.Amount, ct);
            var p = await db.PayoutLines.Where(x => x.CallId == seeded.CallId).SumAsync(x => x.Gross, ct);
            return (a, g, c, p);
        });
        Assert.Equal(3, applications);
        Assert.Equal(applications.ToString(Italian), call[Column(csv["bandi-domande"], "Domande presentate")]);
        Assert.Equal(applications.ToString(Italian), call[Column(csv["bandi-domande"], "Domande ammesse")]);
        Assert.Equal(Euros(granted), call[Column(csv["bandi-domande"], "Euro concessi")]);
        Assert.Equal(Euros(paid), Row(csv["bandi-rimborsi"], "AV-VO-01")[Column(csv["bandi-rimborsi"], "Euro pagati")]);
        Assert.Equal("1.234,56", Euros(costA));
        var staff = Row(csv["spesa-categorie"], "A. ");
        Assert.Equal(Euros(costA), staff[Column(csv["spesa-categorie"], "Spesa nel periodo")]);
        Assert.Equal(Euros(costA), staff[Column(csv["spesa-categorie"], "Spesa al 30/06/2018")]);
        Assert.Equal("500,00", Row(csv["cofinanziamento-partner"], seeded.PartnerName)[Column(csv["cofinanziamento-partner"], "Monetario versato al 30/06/2018")]);
        Assert.Equal("12", Row(csv["indicatori-c1"], "Soggetti coinvolti")[Column(csv["indicatori-c1"], "Valore")]);
        Assert.Equal("1", Row(csv["incontri"], "Incontro di marzo")[Column(csv["incontri"], "Partner presenti")]);
        Assert.Contains("Il partenariato approva lo stato di avanzamento", text, StringComparison.Ordinal);

        // Nothing personal: no family name, no codice fiscale, no referent's name.
        var data = string.Join('\n', csv.Values.SelectMany(t => t).Select(r => string.Join(';', r)));
        foreach (var secret in seeded.Personal.Append("Mario Bianchi"))
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, data, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task PeriodWithNoActivity_GivesAReadyReport_ThatSaysSo_WithPageNumbers_AndAContentsWithPages()
    {
        var report = await GenerateAsync(Factory, "2017-S1");
        var file = await FileAsync(Factory, report.Id);

        Assert.Equal(ReportStatus.Ready, report.Status);
        Assert.True(JsonDocument.Parse(report.Snapshot!).RootElement.GetProperty("IsEmpty").GetBoolean());
        var text = Normalize(PdfText(file.Pdf));
        Assert.Contains(ReportBuilder.NoActivity, text, StringComparison.Ordinal);
        Assert.Contains("partner", Csv(file.DataZip).Keys);

        using var pdf = PdfDocument.Open(file.Pdf);
        var pages = pdf.GetPages().Select(p => Normalize(string.Join(' ', p.GetWords().Select(w => w.Text)))).ToList();
        Assert.Contains($"Pagina 1 di {pages.Count}", pages[0], StringComparison.Ordinal);
        Assert.Contains($"Pagina {pages.Count} di {pages.Count}", pages[^1], StringComparison.Ordinal);
        Assert.Contains("Indice", pages[0], StringComparison.Ordinal);
        string[] headings = ["1. Il partenariato", "2. Azioni, obiettivi e indicatori", "3. I bandi", "4. Spesa e cofinanziamento", "5. Incontri del partenariato"];
        foreach (var heading in headings)
        {
            // The contents (page 1) gives the page where the heading is printed.
            var printed = pages.FindIndex(1, p => p.Contains(heading, StringComparison.Ordinal)) + 1;
            Assert.True(printed > 1, $"{heading} not found after the contents");
            Assert.Contains($"{heading} pag. {printed}", pages[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Spending_UpToADay_CountsOnlyWhatHappenedByThen_AsTheReportReadsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var partnerName = await Factory.WithDbAsync(db => db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId).OrderBy(p => p.Name).Select(p => p.Name).FirstAsync(ct));
        var partner = await SpendingSteps.PartnerAsync(Factory, partnerName);
        await SpendingSteps.CostAsync(Factory, CostCategory.Staff, partner, 1_000m); // incurred 10/05/2018
        await SpendingSteps.CofinancingAsync(Factory, partner, CofinancingKind.Cash, 300m); // provided 01/06/2018

        await using var scope = Factory.Services.CreateAsyncScope();
        var spending = scope.ServiceProvider.GetRequiredService<Conciliazione.Web.Monitoring.SpendingReport>();
        var march = await spending.ForProjectAsync(CastellanzaPlan.AllianceId, CastellanzaPlan.CurrentProjectId, new DateOnly(2018, 3, 31), ct);
        var may = await spending.ForProjectAsync(CastellanzaPlan.AllianceId, CastellanzaPlan.CurrentProjectId, new DateOnly(2018, 5, 31), ct);
        var today = await spending.ForProjectAsync(CastellanzaPlan.AllianceId, CastellanzaPlan.CurrentProjectId, ct);

        Assert.Equal(0m, march!.Categories.Single(c => c.Category == CostCategory.Staff).Spent);
        Assert.Equal(1_000m, may!.Categories.Single(c => c.Category == CostCategory.Staff).Spent);
        Assert.Equal(0m, may.ProvidedCash);
        Assert.Equal(300m, today!.ProvidedCash);
        Assert.Equal(1_000m, today.Spent);
    }

    private sealed record Seeded(Guid CallId, string PartnerName, IReadOnlyList<string> Personal);

    /// <summary>
    /// Real activity in the first half of 2018: a funded call of three families (submitted, admitted, granted,
    /// vouchers issued), receipts validated and two of them paid, costs and co-financing, an indicator value,
    /// a meeting with minutes. The seeds run "today"; their dates are then moved into the period in SQL.
    /// </summary>
    private async Task<Seeded> SeedFirstHalfOf2018Async()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 3);
        await PayoutSeeds.DebtorAccountAsync(Factory);
        for (var i = 0; i < funded.VoucherIds.Count; i++)
        {
            await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[i], i + 1);
            await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[i], 120m + (i * 10.25m));
        }

        var batch = await PayoutSeeds.ProduceAsync(Factory, funded.StaffId, funded.VoucherIds[0], funded.VoucherIds[1]);
        var callId = funded.CallId;
        await Factory.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"UPDATE applications SET submitted_at = '2018-02-10T09:00:00Z' WHERE call_id = {callId}", ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO application_status_changes (application_id, "from", "to", by_user_id, at)
                SELECT id, 'InReview', 'Admitted', {funded.StaffId}, '2018-03-01T09:00:00Z' FROM applications WHERE call_id = {callId}
                """, ct);
            await db.Database.ExecuteSqlAsync($"UPDATE grants SET granted_at = '2018-03-15T10:00:00Z' WHERE call_id = {callId}", ct);
            await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET issued_at = '2018-03-15T10:00:00Z' WHERE call_id = {callId}", ct);
            await db.Database.ExecuteSqlAsync($"UPDATE receipts SET reviewed_at = '2018-04-20T10:00:00Z' WHERE voucher_id IN (SELECT id FROM vouchers WHERE call_id = {callId})", ct);
            await db.Database.ExecuteSqlAsync($"UPDATE payout_batches SET produced_at = '2018-05-02T10:00:00Z' WHERE id = {batch}", ct);
        });
        Assert.Null(await PayoutSeeds.WorkAsync(Factory, w => w.MarkPaidAsync(batch, CastellanzaPlan.AllianceId, new DateOnly(2018, 5, 15), funded.StaffId, ct)));

        var partnerName = await Factory.WithDbAsync(db => db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId).OrderBy(p => p.Name).Select(p => p.Name).FirstAsync(ct));
        var partner = await SpendingSteps.PartnerAsync(Factory, partnerName);
        await SpendingSteps.CostAsync(Factory, CostCategory.Staff, partner, 1_234.56m);
        await SpendingSteps.CostAsync(Factory, CostCategory.Staff, partner, 99.99m, withdrawn: true);
        await SpendingSteps.CostAsync(Factory, CostCategory.Services, partner, 800m);
        await SpendingSteps.CofinancingAsync(Factory, partner, CofinancingKind.Cash, 500m);
        await SpendingSteps.CofinancingAsync(Factory, partner, CofinancingKind.InKind, 250.5m);

        var evidence = await IndicatorSteps.DocumentAsync(Factory);
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", "Soggetti coinvolti nell'informazione/sensibilizzazione all'adozione dello smart working");
        await Factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
            db.IndicatorValues.Add(IndicatorValue.Record(project, indicator, new MonitoringPeriod(2018, 1), 12, "Elenco dei soggetti coinvolti agli incontri informativi", evidence, DateTimeOffset.UtcNow, null));
            await db.SaveChangesAsync(ct);
        });

        var meeting = await MeetingSeeds.HeldAsync(Factory, "Incontro di marzo", minutes: "Il partenariato approva lo stato di avanzamento.");
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE meetings SET held_on = '2018-03-20', planned_on = '2018-03-20' WHERE id = {meeting}", ct));

        var personal = await Factory.WithDbAsync(async db =>
        {
            var applications = await db.Applications.AsNoTracking().Where(a => a.CallId == callId).ToListAsync(ct);
            return applications.SelectMany(a => new[] { a.Applicant.FamilyName, a.Applicant.FiscalCode }
                .Concat(a.Household.Children.Select(c => c.FiscalCode))).OfType<string>().Where(s => s.Length > 2).ToList();
        });
        Assert.NotEmpty(personal);
        return new Seeded(callId, partnerName, personal);
    }

    /// <summary>A number as the CSV prints it ("1.234,50", "12") or a date ("30/06/2018").</summary>
    private static bool IsFigure(string cell) =>
        decimal.TryParse(cell, NumberStyles.Number, Italian, out _) || DateOnly.TryParseExact(cell, "dd/MM/yyyy", Italian, DateTimeStyles.None, out _);

    private static string PdfText(byte[] bytes) => Staff.Applications.DecisionSteps.PdfText(bytes);

    private static string Normalize(string s) => string.Join(' ', s.Split([' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string Euros(decimal amount) => amount.ToString("#,##0.00", Italian);

    private static IReadOnlyList<string> Row(IReadOnlyList<IReadOnlyList<string>> table, string startsWith) =>
        table.Skip(1).Single(r => r.Any(c => c.StartsWith(startsWith, StringComparison.Ordinal)));

    private static int Column(IReadOnlyList<IReadOnlyList<string>> table, string header)
    {
        var i = table[0].ToList().IndexOf(header);
        Assert.True(i >= 0, $"no column '{header}'");
        return i;
    }

    /// <summary>The sum of a column of Italian numbers ("1.234,50"), printed as the CSV prints it; null for a text column.</summary>
    private static string? ColumnTotal(IReadOnlyList<string> cells)
    {
        if (cells.Count == 0 || !cells.All(c => c.Length > 0 && decimal.TryParse(c, NumberStyles.Number, Italian, out _)))
        {
            return null;
        }

        var sum = cells.Sum(c => decimal.Parse(c, NumberStyles.Number, Italian));
        return cells.Any(c => c.Contains(',', StringComparison.Ordinal)) ? Euros(sum) : sum.ToString("#,##0", Italian);
    }

    /// <summary>The data ZIP: file id -> rows (header first), parsed as Italian CSV (BOM, ';', quotes, CRLF).</summary>
    private static Dictionary<string, IReadOnlyList<IReadOnlyList<string>>> Csv(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var tables = new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            tables[Path.GetFileNameWithoutExtension(entry.Name)] = Parse(reader.ReadToEnd());
        }

        return tables;
    }

    private static List<IReadOnlyList<string>> Parse(string csv)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        return rows;
    }
}
