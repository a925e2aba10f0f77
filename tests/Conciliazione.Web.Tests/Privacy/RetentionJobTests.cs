using System.Text.Json;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Privacy;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Monitoring;
using Conciliazione.Web.Privacy;
using Conciliazione.Web.Reporting;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Privacy;

/// <summary>
/// The retention job (ADR 0139): applications closed for longer than the alliance's retention lose their
/// personal data (names, codici fiscali, ISEE, health answers, IBAN, uploaded bytes) while a monitoring
/// report's figures, the lead dashboard and the referent summary stay exactly the same; an application
/// not closed, or closed too recently, is untouched; a second run changes nothing.
/// </summary>
public sealed class RetentionJobTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Spring2018 = new(2018, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retention_ErasesClosedApplicationsPastThePeriod_KeepsTheFigures_AndIsIdempotent()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 2);
        var others = await GrantSeeds.ApplicationsAsync(Factory, funded.CallId,
        [
            new SeedApplication(Isee: 9_000m, Status: ApplicationStatus.NotAdmitted),
            new SeedApplication(Isee: 9_100m, Status: ApplicationStatus.Withdrawn),
            new SeedApplication(Isee: 9_200m, Status: ApplicationStatus.InReview),
            new SeedApplication(Isee: 9_300m, Status: ApplicationStatus.Withdrawn),
        ], first: 10);
        var (notAdmitted, oldWithdrawn, inReview, recentWithdrawn) = (others[0], others[1], others[2], others[3]);
        var old = funded.ApplicationIds.Concat([notAdmitted, oldWithdrawn, inReview]).ToArray();
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% documento con dati personali\n%%EOF\n");
        await Factory.WithDbAsync(async db =>
        {
            // Everything but the recent withdrawal happened in spring 2018 (inside the seeded project, so the
            // report of 2018-S1 has figures); the vouchers' receipt deadline passed in September 2018.
            var municipality = await db.Municipalities.Where(m => m.AllianceId == GrantSeeds.Castellanza).OrderBy(m => m.Name).Select(m => m.Id).FirstAsync(Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE applications SET residence_municipality_id = {municipality} WHERE call_id = {funded.CallId}", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE applications SET submitted_at = {Spring2018}, created_at = {Spring2018}, updated_at = {Spring2018.AddDays(10)} WHERE id = ANY({old})", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE application_status_changes SET at = {Spring2018.AddDays(10)} WHERE application_id = ANY({old})", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE grants SET granted_at = {Spring2018.AddDays(20)} WHERE call_id = {funded.CallId}", Ct);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE vouchers SET issued_at = {Spring2018.AddDays(20)}, valid_from = {new DateOnly(2018, 4, 1)}, valid_to = {new DateOnly(2018, 7, 31)}, receipts_until = {new DateOnly(2018, 9, 30)}, payee_iban = 'IT60X0542811101000000123456', payee_holder = 'Famiglia Prova 1' WHERE call_id = {funded.CallId}",
                Ct);
            var applications = await db.Applications.Include(a => a.Documents).Where(a => a.CallId == funded.CallId && a.Status != ApplicationStatus.Draft).ToListAsync(Ct);
            foreach (var a in applications)
            {
                a.AttachReceipt(pdf, DateTimeOffset.UtcNow);
            }

            var alliance = await db.Alliances.SingleAsync(a => a.Id == GrantSeeds.Castellanza, Ct);
            alliance.SetRetention(12);
            await db.SaveChangesAsync(Ct);
        });

        var now = DateTimeOffset.UtcNow;
        var before = await FiguresAsync(funded.CallId, now);

        var erased = await RunJobAsync();

        Assert.Equal(4, erased);
        Assert.Equal(before, await FiguresAsync(funded.CallId, now));

        var rows = await Factory.WithDbAsync(db => db.Applications.AsNoTracking().Include(a => a.Documents).Where(a => a.CallId == funded.CallId).ToDictionaryAsync(a => a.Id, Ct));
        foreach (var id in funded.ApplicationIds.Concat([notAdmitted, oldWithdrawn]))
        {
            var a = rows[id];
            Assert.NotNull(a.ErasedAt);
            Assert.Equal(Retention.Pseudonym(id), a.Applicant.FamilyName);
            Assert.Equal("", a.Applicant.GivenName);
            Assert.Null(a.Isee.Value);
            Assert.All(a.Household.Children, c => Assert.Equal("", c.FiscalCode));
            Assert.All(a.Household.Children, c => Assert.Equal(1, c.BirthDate.DayOfYear));
            Assert.Single(a.Household.Children);
            Assert.All(a.Documents, d => Assert.Equal("documento-cancellato", d.FileName));
        }

        foreach (var id in new[] { inReview, recentWithdrawn })
        {
            var a = rows[id];
            Assert.Null(a.ErasedAt);
            Assert.StartsWith("Prova ", a.Applicant.FamilyName, StringComparison.Ordinal);
            Assert.NotNull(a.Isee.Value);
            Assert.NotEqual("", a.Household.Children[0].FiscalCode);
        }

        await Factory.WithDbAsync(async db =>
        {
            var erasedIds = funded.ApplicationIds.Concat([notAdmitted, oldWithdrawn]).ToList();
            var keptIds = new List<Guid> { inReview, recentWithdrawn };
            Assert.Equal(0, await db.ApplicationDocumentContents.CountAsync(c => db.ApplicationDocuments.Any(d => d.Id == c.DocumentId && erasedIds.Contains(d.ApplicationId)), Ct));
            Assert.Equal(2, await db.ApplicationDocumentContents.CountAsync(c => db.ApplicationDocuments.Any(d => d.Id == c.DocumentId && keptIds.Contains(d.ApplicationId)), Ct));
            Assert.Equal(0, await db.ChildClaims.CountAsync(c => erasedIds.Contains(c.ApplicationId), Ct));
            Assert.All(await db.Vouchers.AsNoTracking().Where(v => v.CallId == funded.CallId).ToListAsync(Ct), v => Assert.Null(v.PayeeIban));
            Assert.All(await db.Vouchers.AsNoTracking().Where(v => v.CallId == funded.CallId).ToListAsync(Ct), v => Assert.Null(v.PayeeHolder));

            // One audit row per erased application, with its (pseudonymous) id and nothing personal.
            var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.ApplicationErased).ToListAsync(Ct);
            Assert.Equal(erasedIds.Select(i => i.ToString()).Order(), audit.Select(e => e.EntityId!).Order());
            Assert.All(audit, e => Assert.Equal("retention", e.Details));
        });

        // Idempotent: a second run finds nothing, changes nothing, audits nothing.
        var stamps = rows.Values.ToDictionary(a => a.Id, a => a.ErasedAt);
        Assert.Equal(0, await RunJobAsync());
        var again = await Factory.WithDbAsync(db => db.Applications.AsNoTracking().Where(a => a.CallId == funded.CallId).ToDictionaryAsync(a => a.Id, a => a.ErasedAt, Ct));
        Assert.Equal(stamps, again);
        Assert.Equal(4, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.ApplicationErased, Ct)));
        Assert.Equal(before, await FiguresAsync(funded.CallId, now));
    }

    [Fact]
    public async Task Retention_NotSet_ErasesNothing()
    {
        var funded = await VoucherSeeds.FundedAsync(Factory, families: 1);
        var withdrawn = await GrantSeeds.ApplicationsAsync(Factory, funded.CallId, [new SeedApplication(Isee: 9_000m, Status: ApplicationStatus.Withdrawn)], first: 10);
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE application_status_changes SET at = {Spring2018} WHERE application_id = {withdrawn[0]}", Ct));
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE applications SET updated_at = {Spring2018} WHERE id = {withdrawn[0]}", Ct));

        Assert.Equal(0, await RunJobAsync());

        var a = await Factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(x => x.Id == withdrawn[0], Ct));
        Assert.Null(a.ErasedAt);
        Assert.Equal(9_000m, a.Isee.Value);
    }

    private async Task<int> RunJobAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(Ct);
    }

    /// <summary>The figures a reader sees: the 2018-S1 report's content, the lead dashboard and the referent summary cells, as JSON.</summary>
    private async Task<string> FiguresAsync(Guid callId, DateTimeOffset now)
    {
        using var scope = Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<Domain.Data.AppDbContext>();
        var projectId = await db.Calls.Where(c => c.Id == callId).Select(c => c.ProjectId).SingleAsync(Ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, Ct);
        Assert.True(ReportPeriod.TryParse("2018-S1", out var period));
        var report = MonitoringReport.Request(project, period, 1, now, Guid.NewGuid());
        var content = await services.GetRequiredService<ReportBuilder>().BuildAsync(report, now, Ct);
        Assert.Contains(content.Sections.Single(s => s.Id == "bandi").Tables, t => t.Id == "bandi-domande");
        var dashboard = await services.GetRequiredService<LeadDashboard>().LoadAsync(GrantSeeds.Castellanza, now, Ct);
        await services.GetRequiredService<ReferentSummary>().RefreshAsync(Ct);
        var cells = await db.ReferentApplicationCells.AsNoTracking().OrderBy(c => c.MunicipalityId).ThenBy(c => c.Status).ThenBy(c => c.Month)
            .Select(c => new { c.MunicipalityId, c.CallId, c.Status, c.Month, c.Applications }).ToListAsync(Ct);
        var grantCells = await db.ReferentGrantCells.AsNoTracking().OrderBy(c => c.MunicipalityId).ThenBy(c => c.Month)
            .Select(c => new { c.MunicipalityId, c.CallId, c.Month, c.Grants, c.Granted, c.PaidVouchers, c.Paid }).ToListAsync(Ct);
        Assert.NotEmpty(cells);
        return JsonSerializer.Serialize(new { content.Sections, dashboard.Applications, dashboard.Funds, cells, grantCells });
    }
}
