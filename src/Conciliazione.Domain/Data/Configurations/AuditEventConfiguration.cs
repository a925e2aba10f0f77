using Conciliazione.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("audit_events");
        b.Property(a => a.Action).HasMaxLength(AuditEvent.MaxShort);
        b.Property(a => a.EntityType).HasMaxLength(AuditEvent.MaxShort);
        b.Property(a => a.EntityId).HasMaxLength(AuditEvent.MaxShort);
        b.Property(a => a.IpAddress).HasMaxLength(AuditEvent.MaxAddress);
        b.Property(a => a.Details).HasMaxLength(AuditEvent.MaxDetails);
        b.HasIndex(a => a.OccurredAt);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
