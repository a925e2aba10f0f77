using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Data;

/// <summary>
/// The one DbContext: Identity, Data Protection keys and the domain. Pages use its DbSets
/// directly (ADR 0004: no repositories).
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Alliance> Alliances => Set<Alliance>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<FamilyProfile> FamilyProfiles => Set<FamilyProfile>();
    public DbSet<Applications.ProtocolCounter> ProtocolCounters => Set<Applications.ProtocolCounter>();
    public DbSet<Applications.Application> Applications => Set<Applications.Application>();
    public DbSet<Applications.ApplicationDocument> ApplicationDocuments => Set<Applications.ApplicationDocument>();
    public DbSet<Applications.ApplicationDocumentContent> ApplicationDocumentContents => Set<Applications.ApplicationDocumentContent>();
    public DbSet<Applications.ChildClaim> ChildClaims => Set<Applications.ChildClaim>();
    public DbSet<Applications.DocumentRequest> DocumentRequests => Set<Applications.DocumentRequest>();
    public DbSet<Applications.ApplicationDecision> ApplicationDecisions => Set<Applications.ApplicationDecision>();
    public DbSet<Applications.ReviewNote> ReviewNotes => Set<Applications.ReviewNote>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerContact> PartnerContacts => Set<PartnerContact>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectAction> ProjectActions => Set<ProjectAction>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<BudgetLine> BudgetLines => Set<BudgetLine>();
    public DbSet<PartnerCofinancing> PartnerCofinancings => Set<PartnerCofinancing>();
    public DbSet<ProjectExtension> ProjectExtensions => Set<ProjectExtension>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<CallVersion> CallVersions => Set<CallVersion>();
    public DbSet<CallDocument> CallDocuments => Set<CallDocument>();
    public DbSet<CallProvider> CallProviders => Set<CallProvider>();
    public DbSet<VoucherReallocation> VoucherReallocations => Set<VoucherReallocation>();
    public DbSet<CallRuleNotice> CallRuleNotices => Set<CallRuleNotice>();
    public DbSet<Provider> Providers => Set<Provider>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<AgreementDocument> AgreementDocuments => Set<AgreementDocument>();
    public DbSet<Grants.Ranking> Rankings => Set<Grants.Ranking>();
    public DbSet<Grants.RankingEntry> RankingEntries => Set<Grants.RankingEntry>();
    public DbSet<Grants.RankingDocument> RankingDocuments => Set<Grants.RankingDocument>();
    public DbSet<Grants.Grant> Grants => Set<Grants.Grant>();
    public DbSet<Grants.CallReallocation> CallReallocations => Set<Grants.CallReallocation>();
    public DbSet<Grants.Recovery> Recoveries => Set<Grants.Recovery>();
    public DbSet<Grants.ControlSample> ControlSamples => Set<Grants.ControlSample>();
    public DbSet<Grants.SelfDeclarationControl> SelfDeclarationControls => Set<Grants.SelfDeclarationControl>();
    public DbSet<Vouchers.Voucher> Vouchers => Set<Vouchers.Voucher>();
    public DbSet<Vouchers.Receipt> Receipts => Set<Vouchers.Receipt>();
    public DbSet<Vouchers.ReceiptFile> ReceiptFiles => Set<Vouchers.ReceiptFile>();
    public DbSet<Vouchers.PayoutBatch> PayoutBatches => Set<Vouchers.PayoutBatch>();
    public DbSet<Vouchers.PayoutLine> PayoutLines => Set<Vouchers.PayoutLine>();
    public DbSet<Monitoring.MonitoringDocument> MonitoringDocuments => Set<Monitoring.MonitoringDocument>();
    public DbSet<Monitoring.IndicatorValue> IndicatorValues => Set<Monitoring.IndicatorValue>();
    public DbSet<Monitoring.Meeting> Meetings => Set<Monitoring.Meeting>();
    public DbSet<Monitoring.CostEntry> CostEntries => Set<Monitoring.CostEntry>();
    public DbSet<Monitoring.CofinancingEntry> CofinancingEntries => Set<Monitoring.CofinancingEntry>();
    public DbSet<Reporting.MonitoringReport> MonitoringReports => Set<Reporting.MonitoringReport>();
    public DbSet<Reporting.MonitoringReportFile> MonitoringReportFiles => Set<Reporting.MonitoringReportFile>();
    public DbSet<Monitoring.ReferentApplicationCell> ReferentApplicationCells => Set<Monitoring.ReferentApplicationCell>();
    public DbSet<Monitoring.ReferentGrantCell> ReferentGrantCells => Set<Monitoring.ReferentGrantCell>();
    public DbSet<Monitoring.ReferentSummaryRefresh> ReferentSummaryRefreshes => Set<Monitoring.ReferentSummaryRefresh>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
