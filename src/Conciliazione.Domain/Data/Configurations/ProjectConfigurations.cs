using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t =>
        {
            // The database refuses what the domain refuses, whoever writes (STYLE habit 6).
            t.HasCheckConstraint("ck_projects_period", "end_date >= start_date");
            t.HasCheckConstraint("ck_projects_amounts_non_negative",
                "regional_contribution >= 0 AND declared_total_cost >= 0 AND declared_cofinancing >= 0 AND declared_cash_cofinancing >= 0 AND declared_in_kind_cofinancing >= 0");
        });
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.Programme).HasMaxLength(300);
        b.Property(p => p.Aims).HasMaxLength(8000);
        b.Property(p => p.Outcome).HasMaxLength(4000);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.RegionalContribution).HasPrecision(12, 2);
        b.Property(p => p.DeclaredTotalCost).HasPrecision(12, 2);
        b.Property(p => p.DeclaredCofinancing).HasPrecision(12, 2);
        b.Property(p => p.DeclaredCashCofinancing).HasPrecision(12, 2);
        b.Property(p => p.DeclaredInKindCofinancing).HasPrecision(12, 2);
        b.Property(p => p.Version).IsRowVersion();
        b.HasIndex(p => new { p.AllianceId, p.Title }).IsUnique();
        b.HasOne<Alliance>().WithMany().HasForeignKey(p => p.AllianceId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Actions).WithOne().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.BudgetLines).WithOne().HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Cofinancings).WithOne().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Extensions).WithOne().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(p => p.IsClosed);
        b.Ignore(p => p.IsBudgetApproved);
        b.Ignore(p => p.OriginalEndDate);
        b.Ignore(p => p.BudgetLinesTotal);
        b.Ignore(p => p.PartnersCash);
        b.Ignore(p => p.PartnersInKind);
    }
}

internal sealed class ProjectActionConfiguration : IEntityTypeConfiguration<ProjectAction>
{
    public void Configure(EntityTypeBuilder<ProjectAction> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable("project_actions");
        b.Property(a => a.Code).HasMaxLength(4);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.Modality).HasMaxLength(4000);
        b.Property(a => a.Integration).HasMaxLength(4000);
        b.Property(a => a.Objectives).HasMaxLength(4000);
        b.Property(a => a.TargetGroups).HasMaxLength(4000);
        b.Property(a => a.ExpectedResults).HasMaxLength(4000);
        b.Property(a => a.Version).IsRowVersion();
        b.HasIndex(a => new { a.ProjectId, a.Code }).IsUnique();
        b.HasMany(a => a.Indicators).WithOne().HasForeignKey(i => i.ActionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_indicators_target_non_negative", "target_value IS NULL OR target_value >= 0");
            t.HasCheckConstraint("ck_indicators_manual_value_non_negative", "manual_value IS NULL OR manual_value >= 0");
        });
        b.Property(i => i.Name).HasMaxLength(300);
        b.Property(i => i.Unit).HasMaxLength(100);
        b.Property(i => i.Comparison).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.ComputationKey).HasMaxLength(100);
        b.Property(i => i.Evidence).HasMaxLength(1000);
        b.Property(i => i.Version).IsRowVersion();
        b.Ignore(i => i.TargetText);
        b.Ignore(i => i.TargetInWords);
    }
}

internal sealed class BudgetLineConfiguration : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_budget_lines_amount_non_negative", "amount >= 0"));
        b.Property(l => l.Category).HasConversion<string>().HasMaxLength(30);
        b.Property(l => l.Amount).HasPrecision(12, 2);
        b.HasIndex(l => new { l.ProjectId, l.Category }).IsUnique();
    }
}

internal sealed class PartnerCofinancingConfiguration : IEntityTypeConfiguration<PartnerCofinancing>
{
    public void Configure(EntityTypeBuilder<PartnerCofinancing> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_partner_cofinancings_non_negative", "cash >= 0 AND in_kind >= 0"));
        b.Property(c => c.Cash).HasPrecision(12, 2);
        b.Property(c => c.InKind).HasPrecision(12, 2);
        b.Ignore(c => c.Total);
        b.HasIndex(c => new { c.ProjectId, c.PartnerId }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectExtensionConfiguration : IEntityTypeConfiguration<ProjectExtension>
{
    public void Configure(EntityTypeBuilder<ProjectExtension> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_project_extensions_later", "new_end_date > previous_end_date"));
        b.Property(e => e.Reason).HasMaxLength(1000);
    }
}
