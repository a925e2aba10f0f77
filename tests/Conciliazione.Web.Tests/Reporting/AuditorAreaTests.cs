using System.IO.Compression;
using System.Text;
using AngleSharp.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Reporting.ReportSteps;
using static Conciliazione.Web.Tests.Staff.Applications.DecisionSteps;

namespace Conciliazione.Web.Tests.Reporting;

/// <summary>
/// Issue 16, the ATS auditor's area: only the versions submitted to the ATS of the auditor's own
/// alliance, the archived bytes as downloads (each audited), 404 for anything else (never revealing
/// another alliance's report), read-only (SECURITY-CHECKS #15), and for auditors only.
/// </summary>
public sealed class AuditorAreaTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly DateTimeOffset Generated = new(2018, 7, 10, 8, 30, 0, TimeSpan.Zero);

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record Seeded(Guid Id, string Sha256, byte[] Pdf, byte[] Zip, byte[] Xlsx);

    /// <summary>A ready version stored through the domain with recognisable bytes (no Chromium), submitted or not.</summary>
    private async Task<Seeded> SeedAsync(Guid projectId, string period, int version, bool submitted, Guid by, DateTimeOffset? submittedAt = null)
    {
        Assert.True(ReportPeriod.TryParse(period, out var p));
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.7 rapporto {projectId} {period} v{version}");
        var zip = Encoding.ASCII.GetBytes($"PK zip {period} v{version}");
        var xlsx = Encoding.ASCII.GetBytes($"PK xlsx {period} v{version}");
        return await factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(x => x.Id == projectId, TestContext.Current.CancellationToken);
            var report = MonitoringReport.Request(project, p, version, Generated.AddMinutes(-5), by);
            report.Start();
            var file = report.Complete(pdf, zip, xlsx, "{}", Generated.AddMinutes(version));
            if (submitted)
            {
                report.Submit(submittedAt ?? Generated.AddDays(version), by);
            }

            db.MonitoringReports.Add(report);
            db.MonitoringReportFiles.Add(file);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return new Seeded(report.Id, report.Sha256!, pdf, zip, xlsx);
        });
    }

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static bool IsForbidden(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static string[] Urls(Guid id) =>
        [$"/Audit/Report/{id}", $"/Audit/Report/{id}?handler=Pdf", $"/Audit/Report/{id}?handler=Csv", $"/Audit/Report/{id}?handler=Xlsx"];

    [Fact]
    public async Task Index_ListsOnlyTheSubmittedVersions_OfTheAuditorsAlliance_LatestFirst_SayingWhatEachCorrects()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        var first = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: true, staff.Id);
        var draft = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 2, submitted: false, staff.Id);
        var correction = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 3, submitted: true, staff.Id, new DateTimeOffset(2018, 7, 20, 22, 30, 0, TimeSpan.Zero));
        var year = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018", 1, submitted: true, staff.Id);
        var foreign = await SeedAsync(other.ProjectId, "2018-S1", 1, submitted: true, staff.Id);
        using var auditor = await SignedInAsync(Roles.Auditor);

        var page = await auditor.GetDocumentAsync("/Audit");

        var html = page.DocumentElement.OuterHtml;
        var semester = page.QuerySelector("[data-testid='period-2018-S1']")!;
        var versions = semester.QuerySelectorAll("tr[data-testid=version]");
        Assert.Equal(2, versions.Length);
        Assert.Contains("Versione 3", versions[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("sostituisce la versione 1", versions[0].QuerySelector("[data-testid=replaces]")!.TextContent.Trim());
        Assert.Contains("21/07/2018 00:30", versions[0].TextContent, StringComparison.Ordinal); // submitted at 22:30 UTC = 00:30 in Rome (summer time)
        Assert.Equal(correction.Sha256, versions[0].QuerySelector("[data-testid=sha256]")!.TextContent);
        Assert.Contains("Versione 1", versions[1].TextContent, StringComparison.Ordinal);
        Assert.Null(versions[1].QuerySelector("[data-testid=replaces]"));
        Assert.Equal(first.Sha256, versions[1].QuerySelector("[data-testid=sha256]")!.TextContent);
        Assert.Contains("1° semestre 2018", html, StringComparison.Ordinal);
        Assert.Single(page.QuerySelector("[data-testid='period-2018']")!.QuerySelectorAll("tr[data-testid=version]"));
        Assert.Contains(year.Sha256, html, StringComparison.Ordinal);
        Assert.DoesNotContain(draft.Sha256, html, StringComparison.Ordinal);
        Assert.DoesNotContain(draft.Id.ToString(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.Sha256, html, StringComparison.Ordinal);
        Assert.DoesNotContain(AllianceBuilder.OtherProjectTitle, html, StringComparison.Ordinal);
        Assert.Contains($"/Audit/Report/{correction.Id}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_WithNothingSubmitted_SaysSo()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: false, staff.Id);
        using var auditor = await SignedInAsync(Roles.Auditor);

        var page = await auditor.GetDocumentAsync("/Audit");

        Assert.NotNull(page.QuerySelector("[data-testid=no-reports]"));
        Assert.Empty(page.QuerySelectorAll("tr[data-testid=version]"));
    }

    [Fact]
    public async Task ReportPage_ShowsTheVersion_AndTheDownloadsAreTheStoredBytes_WithCleanNames_EachAudited()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: true, staff.Id);
        var report = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 2, submitted: true, staff.Id);
        var auditorAccount = await TestAccounts.CreateAsync(factory, Roles.Auditor);
        using var auditor = factory.CreatePortalClient();
        await auditor.LoginAsync(auditorAccount);

        var page = await auditor.GetDocumentAsync($"/Audit/Report/{report.Id}");
        Assert.Equal(report.Sha256, page.Text("[data-testid=sha256]"));
        Assert.Contains("sostituisce la versione 1", page.Text("[data-testid=version]"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=xlsx-link]"));

        var downloads = new[]
        {
            ("pdf-link", "application/pdf", "rapporto-monitoraggio-2018-S1-v2.pdf", report.Pdf),
            ("csv-link", "application/zip", "rapporto-monitoraggio-2018-S1-v2-dati-csv.zip", report.Zip),
            ("xlsx-link", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rapporto-monitoraggio-2018-S1-v2-dati.xlsx", report.Xlsx),
        };
        foreach (var (link, type, name, expected) in downloads)
        {
            using var response = await auditor.GetAsync(page.QuerySelector($"[data-testid={link}]")!.GetAttribute("href")!);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(name, response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
            var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Equal(expected, bytes);
            if (link == "pdf-link")
            {
                Assert.Equal(report.Sha256, MonitoringReport.HashOf(bytes));
            }
        }

        var rows = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == AuditActions.ReportDownloaded && e.EntityType == nameof(MonitoringReport))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(auditorAccount.Id, r.ActorId);
            Assert.Equal(report.Id.ToString(), r.EntityId);
            Assert.Equal(CastellanzaPlan.AllianceId, r.AllianceId);
        });
        Assert.Equal(["rapporto di monitoraggio, PDF", "rapporto di monitoraggio, dati CSV (ZIP)", "rapporto di monitoraggio, dati XLSX"], rows.Select(r => r.Details).ToArray());
    }

    [Fact]
    public async Task AnUnsubmittedUnfinishedForeignOrUnknownReport_IsNotFound_ForThePageAndEveryDownload_AndNothingIsAudited()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        var draft = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: false, staff.Id);
        var foreign = await SeedAsync(other.ProjectId, "2018-S1", 1, submitted: true, staff.Id);
        var own = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S2", 1, submitted: true, staff.Id);
        var queued = await factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(x => x.Id == CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);
            var report = MonitoringReport.Request(project, ReportPeriod.OfYear(2018), 1, DateTimeOffset.UtcNow, staff.Id);
            db.MonitoringReports.Add(report);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return report.Id;
        });
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var foreignAuditor = await SignedInAsync(Roles.Auditor, other.Id);

        foreach (var id in new[] { draft.Id, foreign.Id, queued, Guid.NewGuid() })
        {
            foreach (var url in Urls(id))
            {
                using var get = await auditor.GetAsync(url);
                Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)get.StatusCode}");
            }
        }

        // An auditor of another ATS sees the same 404 for this alliance's submitted report, and an empty list.
        foreach (var url in Urls(own.Id))
        {
            using var get = await foreignAuditor.GetAsync(url);
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)get.StatusCode}");
        }

        var list = await foreignAuditor.GetDocumentAsync("/Audit");
        Assert.DoesNotContain(own.Sha256, list.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains(foreign.Sha256, list.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReportDownloaded, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AuditorPost_ToTheAreasPages_IsForbidden_AndAudited()
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var report = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: true, staff.Id);
        using var auditor = await SignedInAsync(Roles.Auditor);
        var page = await auditor.GetDocumentAsync($"/Audit/Report/{report.Id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var path in new[] { "/Audit", $"/Audit/Report/{report.Id}", $"/Audit/Report/{report.Id}?handler=Pdf" })
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
            using var response = await auditor.Http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var denied = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.AccessDenied && e.EntityId!.StartsWith("/Audit"), TestContext.Current.CancellationToken));
        Assert.Equal(3, denied);
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ReportDownloaded, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task TheArea_IsForAuditors_NotForStaffAdministratorsReferentsFamiliesOrAnonymousVisitors()
    {
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var report = await SeedAsync(CastellanzaPlan.CurrentProjectId, "2018-S1", 1, submitted: true, staffAccount.Id);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var staff = await SignedInAsync(Roles.Staff);
        using var admin = await SignedInAsync(Roles.Admin);
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        string[] urls = ["/Audit", .. Urls(report.Id)];

        foreach (var url in urls)
        {
            using (var get = await anonymous.GetAsync(url))
            {
                Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
                Assert.Contains("/Account/Login", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }

            foreach (var client in new[] { family.Portal, staff, admin, referent })
            {
                using var get = await client.GetAsync(url);
                Assert.True(IsForbidden(get), $"{url} answered {(int)get.StatusCode} {get.Headers.Location}");
            }

            using var own = await auditor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
    }

    [Fact]
    public async Task AGeneratedAndSubmittedReport_DownloadsWithItsStoredSha256_AndNoPageOrFileShowsAFamilysCodiceFiscale()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 2, reference: "AV-AUD-01");
        // The families' own codici fiscali (set here: the seeded accounts have none) and their children's, as GrantSeeds writes them.
        string[] fiscalCodes = ["PRVFML80A01C139A", "PRVFML80A41C139B", "CHILD0000000XXXX", "CHILD0000100XXXX"];
        await factory.WithDbAsync(async db =>
        {
            var families = await db.Users.Where(u => funded.FamilyIds.Contains(u.Id)).OrderBy(u => u.Id).ToListAsync(ct);
            for (var i = 0; i < families.Count; i++)
            {
                families[i].FiscalCode = fiscalCodes[i];
            }

            await db.SaveChangesAsync(ct);
        });
        var children = await factory.WithDbAsync(async db => (await db.Applications.AsNoTracking().Where(a => funded.ApplicationIds.Contains(a.Id)).ToListAsync(ct))
            .SelectMany(a => a.Household.Children).Select(c => c.FiscalCode).Order().ToList());
        Assert.Equal(fiscalCodes[2..], children);
        var generated = await GenerateAsync(factory, "finale");
        await factory.WithDbAsync(async db =>
        {
            var report = await db.MonitoringReports.SingleAsync(r => r.Id == generated.Id, ct);
            report.Submit(DateTimeOffset.UtcNow, funded.StaffId);
            await db.SaveChangesAsync(ct);
        });
        using var auditor = await SignedInAsync(Roles.Auditor);

        var index = await auditor.GetDocumentAsync("/Audit");
        var page = await auditor.GetDocumentAsync($"/Audit/Report/{generated.Id}");
        using var pdfResponse = await auditor.GetAsync($"/Audit/Report/{generated.Id}?handler=Pdf");
        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync(ct);
        using var zipResponse = await auditor.GetAsync($"/Audit/Report/{generated.Id}?handler=Csv");
        var zip = await zipResponse.Content.ReadAsByteArrayAsync(ct);

        Assert.Equal(generated.Sha256, MonitoringReport.HashOf(pdf));
        Assert.Equal(generated.Sha256, page.Text("[data-testid=sha256]"));
        Assert.Contains(generated.Sha256!, index.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var text = PdfText(pdf);
        Assert.Contains("Rapporto di monitoraggio", text, StringComparison.Ordinal);
        var csv = CsvText(zip);
        Assert.NotEmpty(csv);
        foreach (var code in fiscalCodes)
        {
            Assert.DoesNotContain(code, index.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code, page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code, csv, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string CsvText(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            text.AppendLine(entry.FullName).AppendLine(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
