using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Monitoring.Spending;
using Conciliazione.Web.Tests.Staff.Applications;
using Conciliazione.Web.Tests.Vouchers;
using Conciliazione.Web.Tests.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Exports.ExportReading;

namespace Conciliazione.Web.Tests.Exports;

/// <summary>
/// Issue 16, exports: each staff list downloads as CSV and XLSX with the page's filters, every row the
/// filter selects (not one page), the columns the page shows, an audit row per download, and a file
/// name without personal data.
/// </summary>
public sealed class StaffListExportsTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly string Today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Both formats of one list: the CSV's rows and the XLSX's rows, checked to carry the same header and row count.</summary>
    private static async Task<(List<string[]> Csv, List<string[]> Xlsx, string CsvName)> BothAsync(PortalClient client, string pageUrl, string csvHandler = "Csv", string xlsxHandler = "Xlsx")
    {
        var separator = pageUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var csvDownload = await DownloadAsync(client, pageUrl + separator + "handler=" + csvHandler);
        var csv = Csv(csvDownload);
        var xlsx = Xlsx(await DownloadAsync(client, pageUrl + separator + "handler=" + xlsxHandler));
        Assert.Equal(csv[0], xlsx[0]);
        Assert.Equal(csv.Count, xlsx.Count);
        return (csv, xlsx, csvDownload.FileName);
    }

    private Task<int> ExportAuditsAsync(string list) => Factory.WithDbAsync(db =>
        db.AuditEvents.CountAsync(e => e.Action == AuditActions.ListExported && e.EntityId == list, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Applications_AllPagesOfTheFilteredQueue_AsCsvAndXlsx_Audited()
    {
        var now = DateTimeOffset.UtcNow;
        var call = await CallSeeds.CallAsync(Factory, now);
        var castellanza = await ReviewSeeds.MunicipalityAsync(Factory, "Castellanza");
        var marnate = await ReviewSeeds.MunicipalityAsync(Factory, "Marnate");
        await ReviewSeeds.SubmittedAsync(Factory, call, 55, municipalityId: castellanza);
        await ReviewSeeds.SubmittedAsync(Factory, call, 3, first: 56, municipalityId: marnate);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        // The links on the page carry the filters.
        var page = await staff.GetDocumentAsync($"/Staff/Applications?call={call}&municipality={castellanza}");
        var csvLink = page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!;
        Assert.Contains("handler=Csv", csvLink, StringComparison.Ordinal);
        Assert.Contains("municipality=" + castellanza, csvLink, StringComparison.Ordinal);
        Assert.Contains("handler=Xlsx", page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!, StringComparison.Ordinal);

        var (csv, xlsx, name) = await BothAsync(staff, $"/Staff/Applications?call={call}&municipality={castellanza}");

        Assert.Equal(["Protocollo", "Data di invio", "Stato", "Istruttore", "Integrazione", "Segnalazioni"], csv[0]);
        Assert.Equal(Enumerable.Range(1, 55).Select(ReviewSeeds.Protocol), csv.Skip(1).Select(r => r[0]));
        Assert.Equal(["Inviata", "non assegnata"], csv[1][2..4]);
        Assert.Matches(@"^\d\d/\d\d/\d{4} \d\d:\d\d$", csv[1][1]);
        Assert.Equal(ReviewSeeds.Protocol(1), xlsx[1][0]);
        Assert.Equal($"domande-AV-2018-01-{Today}.csv", name);
        Assert.DoesNotContain(csv.Skip(1), r => r[0] == ReviewSeeds.Protocol(56));
        Assert.Equal(2, await ExportAuditsAsync("domande"));
    }

    [Fact]
    public async Task Grants_OfTheCall_AsCsvAndXlsx_WithEurosAsNumbers()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var other = await VoucherSeeds.FundedAsync(Factory, families: 1, reference: "AV-VO-02", firstProtocol: 3);
        var protocols = await Factory.WithDbAsync(db => db.Applications.Where(a => a.CallId == funded.CallId).Select(a => a.ProtocolNumber!).ToListAsync(TestContext.Current.CancellationToken));
        var otherProtocol = await Factory.WithDbAsync(db => db.Applications.Where(a => a.CallId == other.CallId).Select(a => a.ProtocolNumber!).SingleAsync(TestContext.Current.CancellationToken));
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Grants/Funding/{funded.CallId}");
        Assert.NotNull(page.QuerySelector("[data-testid=export-csv]"));
        var (csv, xlsx, name) = await BothAsync(staff, $"/Staff/Grants/Funding/{funded.CallId}");

        Assert.Equal(["Posto", "Protocollo", "Contributo", "Spettante", "Provenienza", "Stato", "Rinuncia o revoca il"], csv[0]);
        Assert.Equal(protocols.Order(StringComparer.Ordinal), csv.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal));
        Assert.Equal(["350,00", "350,00", "dalla graduatoria", "Attivo", ""], csv[1][2..]);
        Assert.Equal("350", xlsx[1][2]);
        Assert.DoesNotContain(csv, r => r[1] == otherProtocol);
        Assert.Equal($"contributi-AV-VO-01-{Today}.csv", name);
    }

    [Fact]
    public async Task Vouchers_OfTheChosenCall_AsCsvAndXlsx()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var other = await VoucherSeeds.FundedAsync(Factory, families: 1, reference: "AV-VO-02", firstProtocol: 3);
        var codes = await Factory.WithDbAsync(db => db.Vouchers.Where(v => v.CallId == funded.CallId).Select(v => v.Code).ToListAsync(TestContext.Current.CancellationToken));
        var otherCode = await Factory.WithDbAsync(db => db.Vouchers.Where(v => v.CallId == other.CallId).Select(v => v.Code).SingleAsync(TestContext.Current.CancellationToken));
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Vouchers?call={funded.CallId}");
        Assert.Contains("call=" + funded.CallId, page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!, StringComparison.Ordinal);
        var (csv, xlsx, name) = await BothAsync(staff, $"/Staff/Vouchers?call={funded.CallId}");

        Assert.Equal(["Codice", "Domanda", "Richiedente", "Ente", "Stato", "Valore", "In liquidazione o pagato", "Pagato", "Residuo", "Giustificativi da esaminare"], csv[0]);
        Assert.Equal(codes.Order(StringComparer.Ordinal), csv.Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Equal(["Scaduto", "350,00", "0,00", "0,00", "350,00", "0"], csv[1][4..]);
        Assert.Equal(["350", "0", "0", "350", "0"], xlsx[1][5..]);
        Assert.DoesNotContain(csv, r => r[0] == otherCode);
        Assert.Equal($"voucher-AV-VO-01-{Today}.csv", name);
    }

    [Fact]
    public async Task Receipts_AllThatTheStatusFilterSelects_AsCsvAndXlsx()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        await StaffReceiptSeeds.SubmittedAsync(Factory, funded.VoucherIds[0], "7/2018", 99.5m);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[1], 120m, number: "8-2018");
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Receipts?call={funded.CallId}&status=Submitted");
        Assert.Contains("status=Submitted", page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!, StringComparison.Ordinal);
        var (waiting, waitingXlsx, name) = await BothAsync(staff, $"/Staff/Receipts?call={funded.CallId}&status=Submitted");
        var (all, _, _) = await BothAsync(staff, $"/Staff/Receipts?call={funded.CallId}&status=All");

        Assert.Equal(["Caricato il", "Voucher", "Domanda", "Bando", "Ricevuta", "Corregge un giustificativo respinto", "Ente", "Periodo dal", "Periodo al", "Importo", "Ammissibile", "Stato"], waiting[0]);
        var row = Assert.Single(waiting.Skip(1));
        Assert.Equal(["7/2018", "No", "Nido Girotondo Srl"], row[4..7]);
        Assert.Equal(["99,50", "", "In verifica"], row[9..]);
        Assert.Equal("99.5", waitingXlsx[1][9]);
        Assert.Equal(["7/2018", "8-2018"], all.Skip(1).Select(r => r[4]).Order(StringComparer.Ordinal));
        Assert.Equal($"giustificativi-AV-VO-01-submitted-{Today}.csv", name);
    }

    [Fact]
    public async Task Payouts_DueOfTheChosenCall_AsCsvAndXlsx_WithTheIbanMasked()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 1);
        var other = await VoucherSeeds.FundedAsync(Factory, families: 1, reference: "AV-VO-02", firstProtocol: 3);
        await PayoutSeeds.DeclareIbanAsync(Factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, funded.VoucherIds[0], 120m);
        await PayoutSeeds.ValidatedReceiptAsync(Factory, other.VoucherIds[0], 80m);
        var protocol = await Factory.WithDbAsync(db => db.Applications.Where(a => a.Id == funded.ApplicationIds[0]).Select(a => a.ProtocolNumber!).SingleAsync(TestContext.Current.CancellationToken));
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var page = await staff.GetDocumentAsync($"/Staff/Payouts?CallId={funded.CallId}");
        Assert.Contains("CallId=" + funded.CallId, page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!, StringComparison.Ordinal);
        var (csv, xlsx, name) = await BothAsync(staff, $"/Staff/Payouts?CallId={funded.CallId}");

        Assert.Equal(["Domanda", "Bando", "Voucher", "Giustificativi", "Beneficiario", "Tipo beneficiario", "IBAN", "Spesa ammessa", "Rimborso", "Recupero compensato", "Bonifico", "Liquidabile ora", "Note"], csv[0]);
        var row = Assert.Single(csv.Skip(1));
        Assert.Equal(protocol, row[0]);
        Assert.Equal("120,00", row[7]);
        Assert.Equal("0,00", row[9]);
        Assert.Equal(row[8], row[10]);
        Assert.Equal(decimal.Parse(row[10], CultureInfo.GetCultureInfo("it-IT")), decimal.Parse(xlsx[1][10], CultureInfo.InvariantCulture));
        Assert.Equal(Domain.Vouchers.Iban.Mask(PayoutSeeds.FamilyIban(1)), row[6]);
        Assert.DoesNotContain(PayoutSeeds.FamilyIban(1), string.Join(";", csv.SelectMany(r => r)), StringComparison.Ordinal);
        Assert.Equal($"liquidazioni-AV-VO-01-{Today}.csv", name);

        var (all, _, _) = await BothAsync(staff, "/Staff/Payouts");
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task Indicators_OfTheProject_OneRowPerIndicator_APeriodPerColumn()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var url = $"/Staff/Project/Indicators/{CastellanzaPlan.CurrentProjectId}";
        Assert.NotNull((await staff.GetDocumentAsync(url)).QuerySelector("[data-testid=export-xlsx]"));
        var (csv, xlsx, name) = await BothAsync(staff, url);

        Assert.Equal(["Azione", "Indicatore", "Unità", "Traguardo", "Fonte"], csv[0][..5]);
        Assert.Equal(["Ad oggi", "Esito ad oggi"], csv[0][^2..]);
        Assert.Equal(CastellanzaPlan.Indicators.Length, csv.Count - 1);
        var (action, indicator, unit, target, _, _) = CastellanzaPlan.Indicators[0];
        Assert.Equal([action, indicator, unit, target ?? "", "calcolato"], csv[1][..5]);
        Assert.Equal(indicator, xlsx[1][1]);
        Assert.StartsWith("indicatori-", name, StringComparison.Ordinal);

        using var foreign = await staff.GetAsync($"/Staff/Project/Indicators/{other.ProjectId}?handler=Csv");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Costs_OfTheProject_WithdrawnOnesWithTheirReason_AsCsvAndXlsx()
    {
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var partner = await Factory.WithDbAsync(db => db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).FirstAsync(TestContext.Current.CancellationToken));
        await SpendingSteps.CostAsync(Factory, CostCategory.Services, partner.Id, 1234.5m);
        await SpendingSteps.CostAsync(Factory, CostCategory.Services, partner.Id, 10m, withdrawn: true);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;

        var url = SpendingSteps.SpendingUrl;
        Assert.Contains("handler=CostsCsv", (await staff.GetDocumentAsync(url)).QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!, StringComparison.Ordinal);
        var (csv, xlsx, name) = await BothAsync(staff, url, "CostsCsv", "CostsXlsx");

        Assert.Equal(["Data", "Voce di costo", "Ente partner", "Importo", "Descrizione", "Documento", "Registrata il", "Stato", "Ritirata il", "Motivo del ritiro"], csv[0]);
        Assert.Equal(3, csv.Count);
        var valid = csv.Single(r => r[7] == "Valida");
        Assert.Equal(["10/05/2018", partner.Name, "1.234,50", "Fattura di prova", "fattura.pdf"], new[] { valid[0], valid[2], valid[3], valid[4], valid[5] });
        Assert.Equal("Registrata per errore", csv.Single(r => r[7] == "Ritirata")[9]);
        Assert.Contains(xlsx, r => r[3] == "1234.5");
        Assert.StartsWith("costi-", name, StringComparison.Ordinal);

        using var foreign = await staff.GetAsync($"/Staff/Project/Spending/{other.ProjectId}?handler=CostsXlsx");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
