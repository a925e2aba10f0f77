using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class ProviderConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(p => p.LegalName).HasMaxLength(300);
        b.Property(p => p.VatNumber).HasMaxLength(11);
        b.Property(p => p.TaxCode).HasMaxLength(16);
        b.Property(p => p.Address).HasMaxLength(300);
        b.Property(p => p.PostalCode).HasMaxLength(5);
        b.Property(p => p.Municipality).HasMaxLength(100);
        b.Property(p => p.Email).HasMaxLength(256);
        b.Property(p => p.Phone).HasMaxLength(40);
        b.Property(p => p.Website).HasMaxLength(300);
        b.PrimitiveCollection(p => p.ServiceTypes).ElementType(e => e.HasConversion<string>());
        b.Property(p => p.Version).IsRowVersion();
        b.Property(p => p.Iban).HasMaxLength(34);
        b.Property(p => p.IbanHolder).HasMaxLength(70);
        b.HasIndex(p => new { p.AllianceId, p.TaxCode }).IsUnique();
        b.HasOne<Alliance>().WithMany().HasForeignKey(p => p.AllianceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(p => p.Agreements).WithOne().HasForeignKey(a => a.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_agreements_validity", "valid_until IS NULL OR valid_until >= valid_from"));
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Number).HasMaxLength(50);
        b.HasIndex(a => new { a.ProviderId, a.Number }).IsUnique();
    }
}

internal sealed class AgreementDocumentConfiguration : IEntityTypeConfiguration<AgreementDocument>
{
    public void Configure(EntityTypeBuilder<AgreementDocument> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.ToTable(t => t.HasCheckConstraint("ck_agreement_documents_size", "octet_length(content) <= 10485760"));
        b.Property(d => d.FileName).HasMaxLength(200);
        b.HasOne<Agreement>().WithMany().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
