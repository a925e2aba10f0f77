using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class RankingConfiguration : IEntityTypeConfiguration<Ranking>
{
    public void Configure(EntityTypeBuilder<Ranking> b)
    {
        b.ToTable("rankings");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Mode).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.WhenShort).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.AvailableAtFreeze).HasPrecision(12, 2);
        b.Property(r => r.DiscardReason).HasMaxLength(1000);
        b.Property(r => r.PdfSha256).HasMaxLength(64);
        b.Property<uint>("xmin").IsRowVersion();
        b.Ignore(r => r.IsPublished);
        b.Ignore(r => r.IsDiscarded);

        // One ranking in force per call: a new one is frozen only after the last was discarded.
        b.HasIndex(r => r.CallId).IsUnique().HasFilter("discarded_at IS NULL").HasDatabaseName("ux_rankings_call_in_force");
        b.HasOne<Alliance>().WithMany().HasForeignKey(r => r.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Entries).WithOne().HasForeignKey(e => e.RankingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RankingEntryConfiguration : IEntityTypeConfiguration<RankingEntry>
{
    public void Configure(EntityTypeBuilder<RankingEntry> b)
    {
        b.ToTable("ranking_entries", t => t.HasCheckConstraint("ck_ranking_entries_position", "position IS NULL OR position > 0"));
        b.HasKey(e => new { e.RankingId, e.ApplicationId });
        b.Property(e => e.ProtocolNumber).HasMaxLength(20);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Amount).HasPrecision(12, 2);
        b.Property(e => e.ProjectedGrant).HasPrecision(12, 2);
        b.Property(e => e.Breakdown).HasColumnType("text[]");
        b.HasIndex(e => new { e.RankingId, e.Position }).IsUnique();
        b.HasIndex(e => e.ApplicationId);
        b.HasOne<Application>().WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> b)
    {
        b.ToTable("grants", t =>
        {
            t.HasCheckConstraint("ck_grants_amount", "amount > 0 AND amount <= requested");
            t.HasCheckConstraint("ck_grants_paid", "paid >= 0 AND paid <= amount");
            t.HasCheckConstraint("ck_grants_released", "(status = 'Active') = (released_at IS NULL)");
        });
        b.Property(g => g.Id).ValueGeneratedNever();
        b.Property(g => g.Amount).HasPrecision(12, 2);
        b.Property(g => g.Requested).HasPrecision(12, 2);
        b.Property(g => g.Paid).HasPrecision(12, 2);
        b.Property(g => g.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
        b.Property<uint>("xmin").IsRowVersion();
        b.Ignore(g => g.IsActive);
        b.Ignore(g => g.IsPartial);

        // One grant per application, ever: a double grant is impossible even across code paths.
        b.HasIndex(g => g.ApplicationId).IsUnique();
        b.HasIndex(g => new { g.CallId, g.Status });
        b.HasOne<Alliance>().WithMany().HasForeignKey(g => g.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(g => g.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(g => g.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallReallocationConfiguration : IEntityTypeConfiguration<CallReallocation>
{
    public void Configure(EntityTypeBuilder<CallReallocation> b)
    {
        b.ToTable("call_reallocations", t =>
        {
            t.HasCheckConstraint("ck_call_reallocations_amount", "amount > 0");
            t.HasCheckConstraint("ck_call_reallocations_two_calls", "from_call_id <> to_call_id");
        });
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Amount).HasPrecision(12, 2);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.HasIndex(r => r.ProjectId);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(r => r.FromCallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(r => r.ToCallId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RecoveryConfiguration : IEntityTypeConfiguration<Recovery>
{
    public void Configure(EntityTypeBuilder<Recovery> b)
    {
        b.ToTable("recoveries", t =>
        {
            t.HasCheckConstraint("ck_recoveries_amount", "amount > 0");
            t.HasCheckConstraint("ck_recoveries_recovered", "recovered >= 0 AND recovered <= amount");
        });
        b.Property(r => r.Recovered).HasPrecision(12, 2);
        b.Ignore(r => r.Owed);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Amount).HasPrecision(12, 2);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.HasIndex(r => r.GrantId).IsUnique();
        b.HasIndex(r => r.ApplicationId);
        b.HasOne<Grant>().WithMany().HasForeignKey(r => r.GrantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ControlSampleConfiguration : IEntityTypeConfiguration<ControlSample>
{
    public void Configure(EntityTypeBuilder<ControlSample> b)
    {
        b.ToTable("control_samples");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Seed).HasMaxLength(64);
        b.Property(s => s.Rule).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.RuleValue).HasPrecision(9, 2);

        // One sample per call: drawing it twice (a double click, or a redraw hoping for another sample) is refused.
        b.HasIndex(s => s.CallId).IsUnique();
        b.HasOne<Alliance>().WithMany().HasForeignKey(s => s.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(s => s.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Controls).WithOne().HasForeignKey(c => c.SampleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SelfDeclarationControlConfiguration : IEntityTypeConfiguration<SelfDeclarationControl>
{
    public void Configure(EntityTypeBuilder<SelfDeclarationControl> b)
    {
        b.ToTable("self_declaration_controls");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.ProtocolNumber).HasMaxLength(20);
        b.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Notes).HasMaxLength(SelfDeclarationControl.MaxNotes);
        b.Property<uint>("xmin").IsRowVersion();
        b.Ignore(c => c.DocumentKey);
        b.HasIndex(c => new { c.SampleId, c.ApplicationId }).IsUnique();
        b.HasIndex(c => c.ApplicationId);
        b.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RankingDocumentConfiguration : IEntityTypeConfiguration<RankingDocument>
{
    public void Configure(EntityTypeBuilder<RankingDocument> b)
    {
        b.ToTable("ranking_documents", t => t.HasCheckConstraint("ck_ranking_documents_size", "octet_length(content) <= 10485760"));
        b.HasKey(d => d.RankingId);
        b.HasOne<Ranking>().WithOne().HasForeignKey<RankingDocument>(d => d.RankingId).OnDelete(DeleteBehavior.Cascade);
    }
}
