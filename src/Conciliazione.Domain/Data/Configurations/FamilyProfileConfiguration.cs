using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class FamilyProfileConfiguration : IEntityTypeConfiguration<FamilyProfile>
{
    public void Configure(EntityTypeBuilder<FamilyProfile> b)
    {
        b.HasKey(p => p.UserId);
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<FamilyProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.GivenName).HasMaxLength(100);
        b.Property(p => p.FamilyName).HasMaxLength(100);
        b.Property(p => p.IdentityEmail).HasMaxLength(254);
        b.Property(p => p.ContactEmail).HasMaxLength(254);
        b.Property(p => p.Phone).HasMaxLength(30);
        b.Property(p => p.EmailLanguage).HasMaxLength(5).HasDefaultValue("it");
        b.Ignore(p => p.VerifiedEmail);
        b.Ignore(p => p.IsContactEmailVerified);
        b.Ignore(p => p.DisplayName);
    }
}
