using Conciliazione.Domain.Alliances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class AllianceConfiguration : IEntityTypeConfiguration<Alliance>
{
    public void Configure(EntityTypeBuilder<Alliance> b)
    {
        b.Property(a => a.Name).HasMaxLength(300);
        b.Property(a => a.Slug).HasMaxLength(100);
        b.HasIndex(a => a.Slug).IsUnique();
        b.Property(a => a.LeadPartnerName).HasMaxLength(300);
        b.HasMany(a => a.Districts).WithOne().HasForeignKey(d => d.AllianceId);
        b.OwnsOne(a => a.Payments, o => o.ToJson("payments"));
    }
}

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> b)
    {
        b.Property(d => d.Name).HasMaxLength(200);
        b.HasIndex(d => new { d.AllianceId, d.Name }).IsUnique();
        b.HasMany(d => d.Municipalities).WithOne(m => m.District).HasForeignKey(m => m.DistrictId);
    }
}

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> b)
    {
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.IstatCode).HasMaxLength(6).IsFixedLength();
        b.HasIndex(m => new { m.AllianceId, m.IstatCode }).IsUnique();
        b.HasIndex(m => new { m.AllianceId, m.Name }).IsUnique();
        b.HasOne<Alliance>().WithMany().HasForeignKey(m => m.AllianceId).OnDelete(DeleteBehavior.Cascade);
    }
}
