using System.Text;
using AngleSharp.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Conciliazione.Web.Pages.Referent;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Monitoring.Referent;

/// <summary>
/// The municipal referent's dashboard (issue 15): scoped to the municipality of the claim (SECURITY-CHECKS #14),
/// aggregates only (#17), small counts suppressed and rounded (ADR 0102), charts with tables and CSV.
/// </summary>
public sealed class ReferentDashboardTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PortalClient> ReferentAsync(string municipality = "Castellanza")
    {
        var account = await TestAccounts.CreateAsync(Factory, Roles.MunicipalReferent, municipality: municipality);
        var client = Factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private async Task<MunicipalityDashboardData> LoadAsync(Guid municipalityId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MunicipalityDashboard>().LoadAsync(CastellanzaPlan.AllianceId, municipalityId, DateOnly.FromDateTime(DateTime.UtcNow), Ct);
    }

    /// <summary>What the recurring job does (ADR 0110): rebuilds the summary the dashboard reads.</summary>
    private async Task RefreshAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReferentSummary>().RefreshAsync(Ct);
    }

    private static string Headline(IDocument page, string id) => page.Text($"[data-testid=headline-{id}]");

    private static async Task<string> CsvAsync(PortalClient client, string chart)
    {
        using var response = await client.GetAsync($"/Referent?handler=Csv&chart={chart}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public async Task AnotherMunicipalityInTheUrl_Answers404_OnThePageAndOnTheCsv()
    {
        var own = await ReferentSeeds.MunicipalityAsync(Factory, "Castellanza");
        var other = await ReferentSeeds.MunicipalityAsync(Factory, "Marnate");
        using var referent = await ReferentAsync();

        foreach (var url in new[]
        {
            $"/Referent?municipalityId={other}",
            $"/Referent?MunicipalityId={other}",
            "/Referent?municipality=Marnate",
            $"/Referent?comune={other}",
            $"/Referent?municipalityId={own}&municipalityId={other}",
            $"/Referent?handler=Csv&chart=bando&municipalityId={other}",
            $"/Referent/Index?municipalityId={other}",
        })
        {
            using var response = await referent.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        // The referent's own municipality named in the URL changes nothing.
        using (var same = await referent.GetAsync($"/Referent?municipalityId={own}"))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        }

        // An unknown chart is not a CSV either.
        using var unknown = await referent.GetAsync("/Referent?handler=Csv&chart=../Staff");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Totals_EqualAnIndependentSqlCount_InEachOfTwoMunicipalities()
    {
        // Castellanza: 6 funded (5 paid 100 €), 1 not admitted, 12 submitted on an open call, 3 drafts.
        // Marnate: 2 funded (1 paid), 6 submitted. The other municipality's rows must not leak into either.
        ResidentSpec[] funded =
        [
            .. Enumerable.Range(0, 6).Select(i => new ResidentSpec("Castellanza", Paid: i < 5 ? 100m : 0m)),
            new("Castellanza", ApplicationStatus.NotAdmitted),
            new("Marnate", Paid: 50m),
            new("Marnate"),
        ];
        await ReferentSeeds.FundedCallAsync(Factory, funded, firstProtocol: 1);
        var open = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, reference: "AV-REF-02", title: "Voucher infanzia aperto");
        await ReferentSeeds.SubmittedAsync(Factory, open, "Castellanza", 12, 100);
        await ReferentSeeds.SubmittedAsync(Factory, open, "Marnate", 6, 200);
        await ReferentSeeds.DraftsAsync(Factory, open, "Castellanza", 3);
        await RefreshAsync();

        foreach (var name in new[] { "Castellanza", "Marnate" })
        {
            var id = await ReferentSeeds.MunicipalityAsync(Factory, name);
            var applications = await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM applications WHERE residence_municipality_id = @m AND status <> 'Draft'", id);
            var grants = await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM grants g JOIN applications a ON a.id = g.application_id WHERE a.residence_municipality_id = @m AND g.status = 'Active'", id);
            var granted = await ReferentSeeds.ScalarAsync<decimal>(Factory, "SELECT coalesce(sum(g.amount), 0) FROM grants g JOIN applications a ON a.id = g.application_id WHERE a.residence_municipality_id = @m AND g.status = 'Active'", id);
            var paidVouchers = await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM vouchers v JOIN applications a ON a.id = v.application_id WHERE a.residence_municipality_id = @m AND v.paid > 0", id);
            var paid = await ReferentSeeds.ScalarAsync<decimal>(Factory, "SELECT coalesce(sum(v.paid), 0) FROM vouchers v JOIN applications a ON a.id = v.application_id WHERE a.residence_municipality_id = @m", id);

            // The service's raw aggregates equal the SQL...
            var data = await LoadAsync(id);
            Assert.Equal(applications, data.Applications);
            Assert.Equal(grants, data.Grants);
            Assert.Equal(granted, data.Granted);
            Assert.Equal(paidVouchers, data.PaidVouchers);
            Assert.Equal(paid, data.Paid);

            // ... and the page shows them through the suppression rule.
            using var referent = await ReferentAsync(name);
            var page = await referent.GetDocumentAsync("/Referent");
            Assert.Contains(name, page.Text("[data-testid=municipality]"), StringComparison.Ordinal);
            Assert.Equal(SmallCounts.Count(applications).Display, Headline(page, "applications"));
            Assert.Equal(SmallCounts.Count(grants).Display, Headline(page, "grants"));
            Assert.Equal(SmallCounts.Count(paidVouchers).Display, Headline(page, "paid-vouchers"));
            Assert.Equal(SmallCounts.Euros(granted, grants, "< 5 famiglie").Display, Headline(page, "granted"));
            Assert.Equal(SmallCounts.Euros(paid, paidVouchers, "< 5 famiglie").Display, Headline(page, "paid"));
        }

        // The numbers themselves, so the test cannot pass on two equal wrong readings.
        var castellanza = await LoadAsync(await ReferentSeeds.MunicipalityAsync(Factory, "Castellanza"));
        Assert.Equal(19, castellanza.Applications);
        Assert.Equal(6, castellanza.Grants);
        Assert.Equal(2_100m, castellanza.Granted);
        Assert.Equal(5, castellanza.PaidVouchers);
        Assert.Equal(500m, castellanza.Paid);
        using var castellanzaReferent = await ReferentAsync();
        var shown = await castellanzaReferent.GetDocumentAsync("/Referent");
        Assert.Equal("20", Headline(shown, "applications"));
        Assert.Equal("5", Headline(shown, "grants"));
        Assert.Equal("2.000 €", Headline(shown, "granted"));
        Assert.Equal("500 €", Headline(shown, "paid"));
        using var marnate = await ReferentAsync("Marnate");
        var marnatePage = await marnate.GetDocumentAsync("/Referent");
        Assert.Equal("10", Headline(marnatePage, "applications"));
        Assert.Equal("< 5", Headline(marnatePage, "grants"));
        Assert.Equal("< 5 famiglie", Headline(marnatePage, "granted"));
        Assert.Equal("< 5 famiglie", Headline(marnatePage, "paid"));
    }

    [Fact]
    public async Task Figures_AreThoseOfTheLastRefresh_ThePageSaysWhen_AndTheNextRefreshEqualsTheSqlCount()
    {
        var call = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, reference: "AV-REF-04");
        var castellanza = await ReferentSeeds.MunicipalityAsync(Factory, "Castellanza");
        await ReferentSeeds.SubmittedAsync(Factory, call, "Castellanza", 7, 1);
        await RefreshAsync();
        var before = await LoadAsync(castellanza);
        Assert.Equal(7, before.Applications);

        // Submitted after the rebuild: not counted until the next one, and the page says as of when it counts.
        await ReferentSeeds.SubmittedAsync(Factory, call, "Castellanza", 6, 100);
        var stale = await LoadAsync(castellanza);
        Assert.Equal(7, stale.Applications);
        Assert.Equal(before.RefreshedAt, stale.RefreshedAt);
        using var referent = await ReferentAsync();
        var page = await referent.GetDocumentAsync("/Referent");
        Assert.Equal("5", Headline(page, "applications"));
        Assert.Equal($"Dati aggiornati al {RomeTime.Format(before.RefreshedAt)}: il cruscotto si aggiorna ogni 10 minuti.", page.Text("[data-testid=refreshed-at]"));

        await RefreshAsync();
        var sql = await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM applications WHERE residence_municipality_id = @m AND status <> 'Draft'", castellanza);
        var fresh = await LoadAsync(castellanza);
        Assert.Equal(13, sql);
        Assert.Equal(sql, fresh.Applications);
        Assert.True(fresh.RefreshedAt >= before.RefreshedAt);
        page = await referent.GetDocumentAsync("/Referent");
        Assert.Equal("15", Headline(page, "applications"));
    }

    [Fact]
    public async Task FirstVisit_WithNoSummaryYet_BuildsIt_ForEveryAlliance()
    {
        var call = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, reference: "AV-REF-05");
        var castellanza = await ReferentSeeds.MunicipalityAsync(Factory, "Castellanza");
        await ReferentSeeds.SubmittedAsync(Factory, call, "Castellanza", 3, 1);
        Assert.Equal(0, await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM referent_summary_refreshes WHERE @m IS NOT NULL", castellanza));

        var data = await LoadAsync(castellanza);

        Assert.Equal(3, data.Applications);
        var alliances = await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM alliances WHERE @m IS NOT NULL", castellanza);
        Assert.Equal(alliances, await ReferentSeeds.ScalarAsync<int>(Factory, "SELECT count(*) FROM referent_summary_refreshes WHERE @m IS NOT NULL", castellanza));
    }

    [Fact]
    public async Task RefreshesAtTheSameTime_WaitForEachOther_AndLeaveOneConsistentSummary()
    {
        ResidentSpec[] residents = [.. Enumerable.Range(0, 6).Select(i => new ResidentSpec("Castellanza", Paid: i < 5 ? 100m : 0m))];
        await ReferentSeeds.FundedCallAsync(Factory, residents, firstProtocol: 1);
        var castellanza = await ReferentSeeds.MunicipalityAsync(Factory, "Castellanza");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RefreshAsync, Ct)));

        var data = await LoadAsync(castellanza);
        Assert.Equal(6, data.Applications);
        Assert.Equal(6, data.Grants);
        Assert.Equal(5, data.PaidVouchers);
        Assert.Equal(500m, data.Paid);
    }

    [Fact]
    public void Summary_HoldsKeysCountsAndSumsOnly()
    {
        // SECURITY-CHECKS #17: the pre-computed figures carry nothing personal; a new column must be looked at.
        using var scope = Factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<Conciliazione.Domain.Data.AppDbContext>().Model;
        string[] Columns<T>() => [.. model.FindEntityType(typeof(T))!.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal)];
        Assert.Equal(["alliance_id", "applications", "call_id", "month", "municipality_id", "status"], Columns<Conciliazione.Domain.Monitoring.ReferentApplicationCell>());
        Assert.Equal(["alliance_id", "call_id", "granted", "grants", "month", "municipality_id", "paid", "paid_vouchers"], Columns<Conciliazione.Domain.Monitoring.ReferentGrantCell>());
        Assert.Equal(["alliance_id", "refreshed_at"], Columns<Conciliazione.Domain.Monitoring.ReferentSummaryRefresh>());
    }

    [Fact]
    public async Task FourApplications_ShowLessThanFive_InTablesChartsAndCsv_AndFiveShowFive()
    {
        var call = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow, reference: "AV-REF-03");
        await ReferentSeeds.SubmittedAsync(Factory, call, "Castellanza", 4, 1);
        await ReferentSeeds.SubmittedAsync(Factory, call, "Marnate", 9, 100);
        using var referent = await ReferentAsync();

        var page = await referent.GetDocumentAsync("/Referent");
        Assert.Equal("< 5", Headline(page, "applications"));
        var row = page.QuerySelectorAll("#bando-caption ~ .table-responsive tbody tr").Single();
        Assert.Equal("< 5", row.QuerySelectorAll("td")[0].TextContent.Trim());
        var svg = page.QuerySelector("figure[aria-labelledby=bando-caption] svg")!;
        Assert.Contains("< 5", svg.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(">4<", svg.OuterHtml, StringComparison.Ordinal);
        Assert.All(svg.QuerySelectorAll("rect"), r => Assert.Equal("0", r.GetAttribute("width")));
        var csv = await CsvAsync(referent, "bando");
        Assert.Contains("AV-REF-03 – Voucher infanzia 2018;< 5;0;0", csv, StringComparison.Ordinal);
        Assert.Contains("< 5", await CsvAsync(referent, "mesi-domande"), StringComparison.Ordinal);

        await ReferentSeeds.SubmittedAsync(Factory, call, "Castellanza", 1, 5);
        await RefreshAsync();
        page = await referent.GetDocumentAsync("/Referent");
        Assert.Equal("5", Headline(page, "applications"));
        row = page.QuerySelectorAll("#bando-caption ~ .table-responsive tbody tr").Single();
        Assert.Equal("5", row.QuerySelectorAll("td")[0].TextContent.Trim());
        Assert.Contains("AV-REF-03 – Voucher infanzia 2018;5;0;0", await CsvAsync(referent, "bando"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferentPagesAndEveryCsv_ShowNoNameFiscalCodeIseeOrHealthField()
    {
        ResidentSpec[] residents =
        [
            .. Enumerable.Range(0, 6).Select(i => new ResidentSpec("Castellanza", Paid: i < 5 ? 120m : 0m)),
            new("Castellanza", ApplicationStatus.NotAdmitted),
            new("Marnate"),
        ];
        await ReferentSeeds.FundedCallAsync(Factory, residents);
        using var referent = await ReferentAsync();

        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath.StartsWith("/Referent/", StringComparison.Ordinal) == true)
            .Select(e => "/" + e.RoutePattern.RawText!)
            .Where(r => !r.Contains('{', StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.Contains("/Referent", routes);

        var texts = new Dictionary<string, string>();
        foreach (var url in routes)
        {
            using var response = await referent.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            texts[url] = await response.Content.ReadAsStringAsync(Ct);
        }

        foreach (var chart in MunicipalityCharts.Ids)
        {
            texts["csv " + chart] = await CsvAsync(referent, chart);
        }

        // The page has the data (so the absence below means something).
        Assert.Contains("AV-REF-01", texts["/Referent"], StringComparison.Ordinal);
        Assert.Contains("2.000", texts["csv euro-bando"], StringComparison.Ordinal);

        var leaks = new List<string>();
        foreach (var (where, text) in texts)
        {
            foreach (var personal in ReferentSeeds.PersonalTexts(residents.Length).Append("ISEE").Append("disabil").Append("ermenegilda@example.org"))
            {
                if (text.Contains(personal, StringComparison.OrdinalIgnoreCase))
                {
                    leaks.Add($"{where}: {personal}");
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public async Task Charts_RenderAccessibleSvg_WithADataTable_AndACsvLinkNamingOnlyTheChart()
    {
        await ReferentSeeds.FundedCallAsync(Factory, [.. Enumerable.Range(0, 5).Select(i => new ResidentSpec("Castellanza", Paid: 200m))]);
        using var referent = await ReferentAsync();
        var page = await referent.GetDocumentAsync("/Referent");

        var figures = page.QuerySelectorAll("main figure");
        Assert.Equal(MunicipalityCharts.Ids, figures.Select(f => f.GetAttribute("aria-labelledby")!.Replace("-caption", "", StringComparison.Ordinal)).ToList());
        foreach (var figure in figures)
        {
            var svg = figure.QuerySelector("svg[role=img]");
            Assert.NotNull(svg);
            Assert.False(string.IsNullOrWhiteSpace(svg!.QuerySelector("title")?.TextContent));
            Assert.NotNull(figure.QuerySelector("table caption"));
            Assert.NotEmpty(figure.QuerySelectorAll("table tbody tr"));
            var link = figure.QuerySelector("a[download]")!.GetAttribute("href")!;
            Assert.Matches("^/Referent\\?chart=[a-z-]+&handler=Csv$", link);
        }

        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.QuerySelectorAll("main svg script, main [onclick], main [onload]"));

        // CSV: BOM, ';', CRLF, the header then one row per category, Italian numbers.
        var csv = await CsvAsync(referent, "euro-bando");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Bando;Euro concessi;Euro pagati", lines[0]);
        Assert.Equal("AV-REF-01 – Voucher infanzia 2018;2.000;1.000", lines[1]);
        Assert.Equal(2, lines.Length);
        using var response = await referent.GetAsync("/Referent?handler=Csv&chart=euro-bando");
        Assert.Matches("^cruscotto-comune-euro-bando-\\d{8}\\.csv$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
    }

    [Fact]
    public async Task OtherRoles_AreRefused_AndAReferentWithoutMunicipality_ReadsWhy()
    {
        using (var anonymous = Factory.CreatePortalClient())
        using (var get = await anonymous.GetAsync("/Referent"))
        {
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.Contains("/Account/Login", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        foreach (var role in new[] { Roles.Staff, Roles.Admin, Roles.Auditor, Roles.Family })
        {
            var account = await TestAccounts.CreateAsync(Factory, role, withTotp: role != Roles.Family);
            using var client = Factory.CreatePortalClient();
            await client.LoginAsync(account);
            foreach (var url in new[] { "/Referent", "/Referent?handler=Csv&chart=bando" })
            {
                using var get = await client.GetAsync(url);
                Assert.True(get.StatusCode == HttpStatusCode.Forbidden
                    || (get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                    $"{role} {url} answered {(int)get.StatusCode} {get.Headers.Location}");
            }
        }

        var orphan = await TestAccounts.CreateAsync(Factory, Roles.MunicipalReferent);
        using var referent = Factory.CreatePortalClient();
        await referent.LoginAsync(orphan);
        using var refused = await referent.GetAsync("/Referent");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var denied = refused.Headers.Location!.OriginalString;
        Assert.Contains("/Account/AccessDenied", denied, StringComparison.Ordinal);
        using var deniedPage = await referent.GetAsync(denied);
        Assert.Equal(HttpStatusCode.Forbidden, deniedPage.StatusCode);
        var document = await PortalClient.ParseAsync(deniedPage);
        Assert.Contains("non è collegato a un comune", document.Text("[data-testid=referent-without-municipality]"), StringComparison.Ordinal);
    }
}
