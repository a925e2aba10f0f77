using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_calls_budget_non_negative", "budget >= 0");
            // Not one euro more than the call has is ever granted, whatever code path writes (ADR 0054).
            t.HasCheckConstraint("ck_calls_committed_within_budget", "committed >= 0 AND committed <= budget");
            t.HasCheckConstraint("ck_calls_window", "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at");
            t.HasCheckConstraint("ck_calls_service_period", "service_start IS NULL OR service_end IS NULL OR service_end >= service_start");
        });
        b.Property(c => c.ActionCode).HasMaxLength(4);
        b.Property(c => c.ReferenceNumber).HasMaxLength(50);
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.Description).HasMaxLength(8000);
        b.Property(c => c.Budget).HasPrecision(12, 2);
        b.Property(c => c.Committed).HasPrecision(12, 2).HasDefaultValue(0m).ValueGeneratedNever();
        b.Ignore(c => c.Free);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.DocumentFileName).HasMaxLength(200);
        b.Property(c => c.Version).IsRowVersion();
        b.HasIndex(c => new { c.AllianceId, c.ReferenceNumber }).IsUnique();
        b.HasIndex(c => c.ProjectId);
        b.HasOne<Alliance>().WithMany().HasForeignKey(c => c.AllianceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProjectAction>().WithMany().HasForeignKey(c => c.ActionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Versions).WithOne().HasForeignKey(v => v.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Providers).WithOne().HasForeignKey(p => p.CallId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(c => c.IsFrozen);
        b.Ignore(c => c.HasDocument);
        b.Ignore(c => c.CurrentVersion);
        b.Ignore(c => c.Rules);
    }
}

/// <summary>
/// The rules are one JSON document (jsonb) per version: read and written whole, never queried by
/// field, and a version is immutable once an application points at it.
/// </summary>
internal sealed class CallVersionConfiguration : IEntityTypeConfiguration<CallVersion>
{
    public void Configure(EntityTypeBuilder<CallVersion> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(v => v.Rules)
            .HasColumnType("jsonb")
            .HasConversion(r => r.ToJson(), s => CallRules.FromJson(s), new ValueComparer<CallRules>(
                (x, y) => x != null && y != null && x.SameAs(y),
                r => r.ToJson().GetHashCode(StringComparison.Ordinal),
                r => CallRules.FromJson(r.ToJson())));
        b.Property(v => v.AmendmentReason).HasMaxLength(2000);
        b.HasIndex(v => new { v.CallId, v.Number }).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("ck_call_versions_amendment_reason", "number = 1 OR amendment_reason IS NOT NULL"));
    }
}

internal sealed class CallDocumentConfiguration : IEntityTypeConfiguration<CallDocument>
{
    public void Configure(EntityTypeBuilder<CallDocument> b)
    {
        b.HasKey(d => d.CallId);
        b.HasOne<Call>().WithOne().HasForeignKey<CallDocument>(d => d.CallId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_call_documents_size", "octet_length(content) <= 10485760"));
    }
}

internal sealed class CallProviderConfiguration : IEntityTypeConfiguration<CallProvider>
{
    public void Configure(EntityTypeBuilder<CallProvider> b)
    {
        b.HasKey(p => new { p.CallId, p.ProviderId });
        b.HasOne<Provider>().WithMany().HasForeignKey(p => p.ProviderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VoucherReallocationConfiguration : IEntityTypeConfiguration<VoucherReallocation>
{
    public void Configure(EntityTypeBuilder<VoucherReallocation> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_voucher_reallocations_amount_positive", "amount > 0"));
        b.Property(r => r.Amount).HasPrecision(12, 2);
        b.Property(r => r.FromCategory).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// One row per draft application told about a rule change; unique per (application, version) so a
/// retried save cannot tell a family twice.
/// </summary>
internal sealed class CallRuleNoticeConfiguration : IEntityTypeConfiguration<CallRuleNotice>
{
    public void Configure(EntityTypeBuilder<CallRuleNotice> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<Call>().WithMany().HasForeignKey(n => n.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Applications.Application>().WithMany().HasForeignKey(n => n.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.ApplicationId, n.VersionNumber }).IsUnique();
        b.HasIndex(n => n.FamilyUserId);
    }
}
