using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class MonitoringDocumentConfiguration : IEntityTypeConfiguration<MonitoringDocument>
{
    public void Configure(EntityTypeBuilder<MonitoringDocument> b)
    {
        b.ToTable("monitoring_documents", t => t.HasCheckConstraint("ck_monitoring_documents_minutes_pdf", "purpose <> 'Minutes' OR content_kind = 'Pdf'"));
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Purpose).HasConversion<string>().HasMaxLength(30);
        b.Property(d => d.ContentKind).HasConversion<string>().HasMaxLength(10);
        b.Property(d => d.FileName).HasMaxLength(200);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.HasIndex(d => d.ProjectId);
        b.HasOne<Alliance>().WithMany().HasForeignKey(d => d.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndicatorValueConfiguration : IEntityTypeConfiguration<IndicatorValue>
{
    public void Configure(EntityTypeBuilder<IndicatorValue> b)
    {
        b.ToTable("indicator_values", t =>
        {
            t.HasCheckConstraint("ck_indicator_values_value", "value >= 0");
            t.HasCheckConstraint("ck_indicator_values_period", "period_start <= period_end");
            t.HasCheckConstraint("ck_indicator_values_evidence", "length(btrim(evidence)) > 0");
        });
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.Evidence).HasMaxLength(1000);
        b.Ignore(v => v.Period);

        // One current value per indicator and period; corrections supersede the previous row.
        b.HasIndex(v => new { v.IndicatorId, v.PeriodStart }).IsUnique().HasFilter("superseded_at IS NULL").HasDatabaseName("ux_indicator_values_current");
        b.HasIndex(v => v.ProjectId);
        b.HasOne<Alliance>().WithMany().HasForeignKey(v => v.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Indicator>().WithMany().HasForeignKey(v => v.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MonitoringDocument>().WithMany().HasForeignKey(v => v.EvidenceDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("meetings", t =>
        {
            t.HasCheckConstraint("ck_meetings_held", "(status = 'Held') = (held_on IS NOT NULL)");
            t.HasCheckConstraint("ck_meetings_shared", "minutes_shared_at IS NULL OR minutes_text IS NOT NULL OR minutes_document_id IS NOT NULL");
        });
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Place).HasMaxLength(200);
        b.Property(m => m.Agenda).HasMaxLength(4000);
        b.Property(m => m.MinutesText).HasMaxLength(20000);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Version).IsRowVersion();
        b.Ignore(m => m.HasMinutes);
        b.HasIndex(m => new { m.ProjectId, m.PlannedOn });
        b.HasIndex(m => new { m.AllianceId, m.PlannedOn });
        b.HasOne<Alliance>().WithMany().HasForeignKey(m => m.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MonitoringDocument>().WithMany().HasForeignKey(m => m.MinutesDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.ToTable("meeting_attendees");
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.ReferentName).HasMaxLength(200);
        b.HasIndex(a => new { a.MeetingId, a.PartnerId }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CostEntryConfiguration : IEntityTypeConfiguration<CostEntry>
{
    public void Configure(EntityTypeBuilder<CostEntry> b)
    {
        b.ToTable("cost_entries", t =>
        {
            t.HasCheckConstraint("ck_cost_entries_amount", "amount > 0");
            t.HasCheckConstraint("ck_cost_entries_withdrawn", "(withdrawn_at IS NULL) = (withdrawn_reason IS NULL)");
        });
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Category).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Amount).HasPrecision(12, 2);
        b.Property(c => c.Description).HasMaxLength(500);
        b.Property(c => c.WithdrawnReason).HasMaxLength(500);
        b.Ignore(c => c.IsWithdrawn);
        b.HasIndex(c => new { c.ProjectId, c.Category });
        b.HasOne<Alliance>().WithMany().HasForeignKey(c => c.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MonitoringDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CofinancingEntryConfiguration : IEntityTypeConfiguration<CofinancingEntry>
{
    public void Configure(EntityTypeBuilder<CofinancingEntry> b)
    {
        b.ToTable("cofinancing_entries", t =>
        {
            t.HasCheckConstraint("ck_cofinancing_entries_amount", "amount > 0");
            t.HasCheckConstraint("ck_cofinancing_entries_withdrawn", "(withdrawn_at IS NULL) = (withdrawn_reason IS NULL)");
        });
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.Amount).HasPrecision(12, 2);
        b.Property(c => c.Description).HasMaxLength(500);
        b.Property(c => c.WithdrawnReason).HasMaxLength(500);
        b.Ignore(c => c.IsWithdrawn);
        b.HasIndex(c => new { c.ProjectId, c.PartnerId });
        b.HasOne<Alliance>().WithMany().HasForeignKey(c => c.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MonitoringDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The referent dashboard's summary (ADR 0110): derived rows, rebuilt as a whole; no foreign keys (nothing refers to them, they refer to nothing that must stay).</summary>
internal sealed class ReferentApplicationCellConfiguration : IEntityTypeConfiguration<ReferentApplicationCell>
{
    public void Configure(EntityTypeBuilder<ReferentApplicationCell> b)
    {
        b.ToTable("referent_application_cells");
        b.HasKey(c => new { c.AllianceId, c.MunicipalityId, c.CallId, c.Status, c.Month });
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class ReferentGrantCellConfiguration : IEntityTypeConfiguration<ReferentGrantCell>
{
    public void Configure(EntityTypeBuilder<ReferentGrantCell> b)
    {
        b.ToTable("referent_grant_cells");
        b.HasKey(c => new { c.AllianceId, c.MunicipalityId, c.CallId, c.Month });
        b.Property(c => c.Granted).HasPrecision(14, 2);
        b.Property(c => c.Paid).HasPrecision(14, 2);
    }
}

internal sealed class ReferentSummaryRefreshConfiguration : IEntityTypeConfiguration<ReferentSummaryRefresh>
{
    public void Configure(EntityTypeBuilder<ReferentSummaryRefresh> b)
    {
        b.ToTable("referent_summary_refreshes");
        b.HasKey(r => r.AllianceId);
        b.Property(r => r.AllianceId).ValueGeneratedNever();
    }
}
