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
        // Status is a concurrency token beside xmin: every UPDATE says "WHERE status = @expected",
        // so a transition made on a stale read changes 0 rows and is refused.
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(30).IsConcurrencyToken();
        b.Property(a => a.Flags).HasColumnType("text[]");
        b.HasIndex(a => new { a.CallId, a.ProtocolNumber });
        b.HasIndex(a => a.ReviewerId);
        b.Property(a => a.ProtocolNumber).HasMaxLength(20);
        b.HasIndex(a => new { a.AllianceId, a.ProtocolNumber }).IsUnique();
        b.HasIndex(a => a.SubmissionKey).IsUnique();
        b.HasIndex(a => a.StartKey).IsUnique();
        b.HasIndex(a => new { a.FamilyUserId, a.CallId });
        b.HasIndex(a => new { a.CallId, a.Status });

        // The dashboards group a municipality's applications by call and status, and by month.
        b.HasIndex(a => new { a.ResidenceMunicipalityId, a.CallId, a.Status }).IncludeProperties(a => a.SubmittedAt);
        b.HasOne<Municipality>().WithMany().HasForeignKey(a => a.ResidenceMunicipalityId).OnDelete(DeleteBehavior.Restrict);
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
        b.HasMany(a => a.DocumentRequests).WithOne().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Decisions).WithOne().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Notes).WithOne().HasForeignKey(n => n.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Checklist).WithOne().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.ReviewerId).OnDelete(DeleteBehavior.Restrict);
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

internal sealed class DocumentRequestConfiguration : IEntityTypeConfiguration<DocumentRequest>
{
    public void Configure(EntityTypeBuilder<DocumentRequest> b)
    {
        b.ToTable("application_document_requests");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Message).HasMaxLength(DocumentRequest.MaxMessageLength);
        b.Property(r => r.AnswerNote).HasMaxLength(DocumentRequest.MaxNoteLength);
        b.OwnsMany(r => r.Items, o => o.ToJson("items"));

        // At most one open request per application; the queue finds open (and overdue) ones by due date.
        b.HasIndex(r => r.ApplicationId).IsUnique().HasFilter("status = 'Open'").HasDatabaseName("ux_application_document_requests_open");
        b.HasIndex(r => new { r.Status, r.DueAt });
    }
}

internal sealed class ApplicationDecisionConfiguration : IEntityTypeConfiguration<ApplicationDecision>
{
    public void Configure(EntityTypeBuilder<ApplicationDecision> b)
    {
        b.ToTable("application_decisions");
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Reasons).HasColumnType("text[]");
        b.Property(d => d.Note).HasMaxLength(ApplicationDecision.MaxNoteLength);
        b.Property(d => d.ReopenReason).HasMaxLength(1000);

        // One current decision per application: a correction reopens the old one first.
        b.HasIndex(d => d.ApplicationId).IsUnique().HasFilter("reopened_at IS NULL").HasDatabaseName("ux_application_decisions_current");
    }
}

internal sealed class ReviewNoteConfiguration : IEntityTypeConfiguration<ReviewNote>
{
    public void Configure(EntityTypeBuilder<ReviewNote> b)
    {
        b.ToTable("application_review_notes");
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Text).HasMaxLength(ReviewNote.MaxLength);
        b.HasIndex(n => n.ApplicationId);
    }
}

internal sealed class ChecklistTickConfiguration : IEntityTypeConfiguration<ChecklistTick>
{
    public void Configure(EntityTypeBuilder<ChecklistTick> b)
    {
        b.ToTable("application_checklist_ticks");
        b.HasKey(t => new { t.ApplicationId, t.ItemKey });
        b.Property(t => t.ItemKey).HasMaxLength(20);
        b.Property(t => t.Note).HasMaxLength(ChecklistTick.MaxNoteLength);
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
