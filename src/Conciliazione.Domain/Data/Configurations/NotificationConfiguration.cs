using Conciliazione.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Kind).HasMaxLength(60);
        b.Property(n => n.Language).HasMaxLength(5);
        b.Property(n => n.ModelJson).HasColumnType("jsonb");
        b.Property(n => n.ToAddress).HasMaxLength(254);
        b.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.Subject).HasMaxLength(300);
        b.Property(n => n.SmtpResponse).HasMaxLength(1000);
        b.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(n => n.FamilyUserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.FamilyUserId, n.CreatedAt });
        b.HasIndex(n => new { n.Status, n.NextAttemptAt });
        // A reminder at most once per day per subject and family, even with two job servers.
        b.HasIndex(n => new { n.Kind, n.SubjectId, n.FamilyUserId, n.DayKey })
            .IsUnique()
            .HasFilter("day_key IS NOT NULL");
    }
}
