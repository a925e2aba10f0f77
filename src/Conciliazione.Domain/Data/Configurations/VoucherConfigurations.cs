using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Conciliazione.Domain.Data.Configurations;

internal sealed class VoucherConfiguration : IEntityTypeConfiguration<Voucher>
{
    public void Configure(EntityTypeBuilder<Voucher> b)
    {
        b.ToTable("vouchers", t =>
        {
            t.HasCheckConstraint("ck_vouchers_amounts", "cap > 0 AND claimed >= 0 AND claimed <= cap AND paid >= 0 AND paid <= claimed");
            t.HasCheckConstraint("ck_vouchers_revoked", "(status = 'Revoked') = (revoked_at IS NOT NULL)");
        });
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.Code).HasMaxLength(24);
        b.Property(v => v.Cap).HasPrecision(12, 2);
        b.Property(v => v.Claimed).HasPrecision(12, 2);
        b.Property(v => v.Paid).HasPrecision(12, 2);
        b.Property(v => v.ServiceType).HasMaxLength(50);
        b.Property(v => v.ProviderName).HasMaxLength(300);
        b.Property(v => v.Payee).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.PayeeIban).HasMaxLength(34);
        b.Property(v => v.PayeeHolder).HasMaxLength(140);
        b.Property(v => v.Version).IsRowVersion();
        b.Ignore(v => v.Left);

        // One voucher per grant; codes are unique (looked up by staff and, later, providers).
        b.HasIndex(v => v.GrantId).IsUnique();
        b.HasIndex(v => v.Code).IsUnique();
        b.HasIndex(v => v.ApplicationId);
        b.HasIndex(v => new { v.CallId, v.Status });
        b.HasOne<Alliance>().WithMany().HasForeignKey(v => v.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(v => v.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Application>().WithMany().HasForeignKey(v => v.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Grant>().WithMany().HasForeignKey(v => v.GrantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceiptConfiguration : IEntityTypeConfiguration<Receipt>
{
    public void Configure(EntityTypeBuilder<Receipt> b)
    {
        b.ToTable("receipts", t =>
        {
            t.HasCheckConstraint("ck_receipts_amount", "amount > 0 AND (eligible_amount IS NULL OR (eligible_amount > 0 AND eligible_amount <= amount))");
            t.HasCheckConstraint("ck_receipts_period", "period_from <= period_to");
            t.HasCheckConstraint("ck_receipts_validated", "(status = 'Validated') = (eligible_amount IS NOT NULL)");
            t.HasCheckConstraint("ck_receipts_counted", "payout_line_id IS NULL OR status = 'Validated'");
        });
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Number).HasMaxLength(50);
        b.Property(r => r.ParentName).HasMaxLength(200);
        b.Property(r => r.ChildFiscalCode).HasMaxLength(16);
        b.Property(r => r.ProviderName).HasMaxLength(300);
        b.Property(r => r.ProviderKey).HasMaxLength(200);
        b.Property(r => r.Amount).HasPrecision(12, 2);
        b.Property(r => r.EligibleAmount).HasPrecision(12, 2);
        b.Property(r => r.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.RejectionReason).HasMaxLength(1000);
        b.Property(r => r.DocumentSha256).HasMaxLength(64);
        b.Property(r => r.Version).IsRowVersion();

        // A duplicate (the same file, or the same number from the same provider) is refused while
        // the first is standing; a rejected receipt no longer blocks its correction.
        b.HasIndex(r => new { r.AllianceId, r.DocumentSha256 }).IsUnique().HasFilter("status <> 'Rejected'").HasDatabaseName("ux_receipts_same_file");
        b.HasIndex(r => new { r.AllianceId, r.ProviderKey, r.Number }).IsUnique().HasFilter("status <> 'Rejected'").HasDatabaseName("ux_receipts_same_number");
        b.HasIndex(r => new { r.VoucherId, r.Status });
        b.HasIndex(r => new { r.AllianceId, r.Status, r.SubmittedAt });
        b.HasIndex(r => r.PayoutLineId);
        b.HasOne<Voucher>().WithMany().HasForeignKey(r => r.VoucherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Receipt>().WithMany().HasForeignKey(r => r.CorrectsId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PayoutLine>().WithMany().HasForeignKey(r => r.PayoutLineId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.ReceiptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReceiptFileConfiguration : IEntityTypeConfiguration<ReceiptFile>
{
    public void Configure(EntityTypeBuilder<ReceiptFile> b)
    {
        b.ToTable("receipt_files");
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.ContentKind).HasConversion<string>().HasMaxLength(10);
        b.Property(f => f.FileName).HasMaxLength(200);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => new { f.ReceiptId, f.Kind }).IsUnique();
    }
}

internal sealed class PayoutBatchConfiguration : IEntityTypeConfiguration<PayoutBatch>
{
    public void Configure(EntityTypeBuilder<PayoutBatch> b)
    {
        b.ToTable("payout_batches", t =>
        {
            t.HasCheckConstraint("ck_payout_batches_amounts", "total >= 0 AND gross > 0 AND netted >= 0 AND total = gross - netted AND transfer_count >= 0");
            t.HasCheckConstraint("ck_payout_batches_paid", "(status = 'Paid') = (value_date IS NOT NULL)");
        });
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Number).HasMaxLength(20);
        b.Property(p => p.MessageId).HasMaxLength(35);
        b.Property(p => p.Format).HasMaxLength(40);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Total).HasPrecision(12, 2);
        b.Property(p => p.Gross).HasPrecision(12, 2);
        b.Property(p => p.Netted).HasPrecision(12, 2);
        b.Property(p => p.FileSha256).HasMaxLength(64);
        b.Property(p => p.CsvSha256).HasMaxLength(64);
        b.Property(p => p.Version).IsRowVersion();
        b.HasIndex(p => new { p.AllianceId, p.Number }).IsUnique();
        b.HasIndex(p => p.MessageId).IsUnique();
        b.HasOne<Alliance>().WithMany().HasForeignKey(p => p.AllianceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutLineConfiguration : IEntityTypeConfiguration<PayoutLine>
{
    public void Configure(EntityTypeBuilder<PayoutLine> b)
    {
        b.ToTable("payout_lines", t => t.HasCheckConstraint("ck_payout_lines_amounts", "gross > 0 AND netted >= 0 AND netted <= gross AND amount = gross - netted"));
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.ProtocolNumber).HasMaxLength(20);
        b.Property(l => l.PayeeKind).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.PayeeName).HasMaxLength(70);
        b.Property(l => l.PayeeIban).HasMaxLength(34);
        b.Property(l => l.Gross).HasPrecision(12, 2);
        b.Property(l => l.Netted).HasPrecision(12, 2);
        b.Property(l => l.Amount).HasPrecision(12, 2);
        b.Property(l => l.Eligible).HasPrecision(12, 2);
        b.Property(l => l.EndToEndId).HasMaxLength(35);
        b.Property(l => l.Remittance).HasMaxLength(140);
        b.HasIndex(l => l.VoucherId);
        b.HasIndex(l => l.CallId);
        b.HasIndex(l => l.EndToEndId).IsUnique();
        b.HasOne<Voucher>().WithMany().HasForeignKey(l => l.VoucherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Call>().WithMany().HasForeignKey(l => l.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Recovery>().WithMany().HasForeignKey(l => l.RecoveryId).OnDelete(DeleteBehavior.Restrict);
    }
}
