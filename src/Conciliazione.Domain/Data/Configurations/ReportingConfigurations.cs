using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class MonitoringReportConfiguration : IEntityTypeConfiguration<MonitoringReport>
{
    public void Configure(EntityTypeBuilder<MonitoringReport> b)
    {
        b.ToTable("monitoring_reports", t =>
        {
            t.HasCheckConstraint("ck_monitoring_reports_version", "version >= 1");
            t.HasCheckConstraint("ck_monitoring_reports_period", "period_start <= period_end");
            t.HasCheckConstraint("ck_monitoring_reports_ready", "(status = 'Ready') = (sha256 IS NOT NULL AND generated_at IS NOT NULL AND snapshot IS NOT NULL)");
            t.HasCheckConstraint("ck_monitoring_reports_submitted", "submitted_at IS NULL OR status = 'Ready'");
        });
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.PeriodKind).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.PeriodKey).HasMaxLength(10);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.ProgressStep).HasMaxLength(100);
        b.Property(r => r.Sha256).HasMaxLength(64);
        b.Property(r => r.Snapshot).HasColumnType("jsonb");
        b.Property(r => r.FailureReason).HasMaxLength(500);
        b.Property(r => r.RowVersion).IsRowVersion();
        b.Ignore(r => r.Period);

        b.HasIndex(r => new { r.ProjectId, r.PeriodKey, r.Version }).IsUnique();

        // One generation at a time per project and period (issue 16: "one job").
        b.HasIndex(r => new { r.ProjectId, r.PeriodKey }).IsUnique()
            .HasFilter("status IN ('Queued', 'Generating')").HasDatabaseName("ux_monitoring_reports_in_progress");
        b.HasIndex(r => r.Sha256).HasFilter("sha256 IS NOT NULL");
        b.HasIndex(r => new { r.AllianceId, r.SubmittedAt });
        b.HasOne<Alliance>().WithMany().HasForeignKey(r => r.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.RequestedBy).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.SubmittedBy).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MonitoringReportFileConfiguration : IEntityTypeConfiguration<MonitoringReportFile>
{
    public void Configure(EntityTypeBuilder<MonitoringReportFile> b)
    {
        b.ToTable("monitoring_report_files");
        b.HasKey(f => f.ReportId);
        b.HasOne<MonitoringReport>().WithOne().HasForeignKey<MonitoringReportFile>(f => f.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}
