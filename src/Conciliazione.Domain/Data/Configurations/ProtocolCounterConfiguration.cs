using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class ProtocolCounterConfiguration : IEntityTypeConfiguration<ProtocolCounter>
{
    public void Configure(EntityTypeBuilder<ProtocolCounter> b)
    {
        b.HasKey(c => new { c.AllianceId, c.Year });
        b.HasOne<Alliance>().WithMany().HasForeignKey(c => c.AllianceId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_protocol_counters_positive", "last_number > 0"));
    }
}
