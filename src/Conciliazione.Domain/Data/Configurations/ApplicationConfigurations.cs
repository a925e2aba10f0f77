using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("applications");
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.ProtocolNumber).HasMaxLength(20);
        b.Property(a => a.ReceiptSha256).HasMaxLength(64);
        b.HasIndex(a => new { a.AllianceId, a.ProtocolNumber }).IsUnique();
        b.HasIndex(a => a.SubmissionKey).IsUnique();
        b.HasIndex(a => a.StartKey).IsUnique();
        b.HasIndex(a => new { a.FamilyUserId, a.CallId });
        b.HasIndex(a => new { a.CallId, a.Status });
        b.HasOne<Alliance>().WithMany().HasForeignKey(a => a.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.FamilyUserId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsOne(a => a.Applicant, o => o.ToJson("applicant"));
        b.OwnsOne(a => a.Household, o =>
        {
            o.ToJson("household");
            o.OwnsMany(h => h.Children);
        });
        b.OwnsOne(a => a.Employment, o => o.ToJson("employment"));
        b.OwnsOne(a => a.Isee, o => o.ToJson("isee"));
        b.OwnsOne(a => a.Service, o => o.ToJson("service"));
        b.OwnsOne(a => a.Declarations, o => o.ToJson("declarations"));
        b.HasMany(a => a.History).WithOne().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Documents).WithOne().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class ApplicationStatusChangeConfiguration : IEntityTypeConfiguration<ApplicationStatusChange>
{
    public void Configure(EntityTypeBuilder<ApplicationStatusChange> b)
    {
        b.ToTable("application_status_changes");
        b.Property(h => h.From).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.To).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.Reason).HasMaxLength(1000);
    }
}

internal sealed class ApplicationDocumentConfiguration : IEntityTypeConfiguration<ApplicationDocument>
{
    public void Configure(EntityTypeBuilder<ApplicationDocument> b)
    {
        b.ToTable("application_documents", t => t.HasCheckConstraint("ck_application_documents_size", "size_bytes > 0 AND size_bytes <= 10485760"));

        // Ids are made by the domain, so a document added to a tracked application is an insert.
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.RequirementKey).HasMaxLength(100);
        b.Property(d => d.FileName).HasMaxLength(120);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.HasOne(d => d.Content).WithOne().HasForeignKey<ApplicationDocumentContent>(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationDocumentContentConfiguration : IEntityTypeConfiguration<ApplicationDocumentContent>
{
    public void Configure(EntityTypeBuilder<ApplicationDocumentContent> b)
    {
        b.ToTable("application_document_contents");
        b.HasKey(c => c.DocumentId);
    }
}

internal sealed class ChildClaimConfiguration : IEntityTypeConfiguration<ChildClaim>
{
    public void Configure(EntityTypeBuilder<ChildClaim> b)
    {
        b.ToTable("application_child_claims");
        b.HasKey(c => new { c.CallId, c.ChildFiscalCode });
        b.Property(c => c.ChildFiscalCode).HasMaxLength(16);
        b.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
