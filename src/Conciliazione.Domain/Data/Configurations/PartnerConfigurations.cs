using Conciliazione.Domain.Alliances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        // Ids are chosen by the domain (Guid.NewGuid), so a child added to a tracked aggregate is an INSERT.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(40);
        b.HasIndex(p => new { p.AllianceId, p.Name }).IsUnique();
        b.Property(p => p.Version).IsRowVersion();
        b.HasOne<Alliance>().WithMany().HasForeignKey(p => p.AllianceId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Contacts).WithOne().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerContactConfiguration : IEntityTypeConfiguration<PartnerContact>
{
    public void Configure(EntityTypeBuilder<PartnerContact> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(c => c.FullName).HasMaxLength(200);
        b.Property(c => c.Role).HasMaxLength(200);
        b.Property(c => c.Email).HasMaxLength(256);
        b.Property(c => c.Phone).HasMaxLength(40);
    }
}
