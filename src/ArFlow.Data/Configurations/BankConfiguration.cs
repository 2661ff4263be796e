using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class BankStatementConfiguration : IEntityTypeConfiguration<BankStatementRecord>
{
    public void Configure(EntityTypeBuilder<BankStatementRecord> b)
    {
        b.ToTable("bank_statements");
        b.Property(s => s.Format).HasMaxLength(20);
        b.Property(s => s.StatementId).HasMaxLength(100);
        b.Property(s => s.Sequence).HasMaxLength(40);
        b.Property(s => s.Account).HasMaxLength(100);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.Opening).IsAmount();
        b.Property(s => s.Closing).IsAmount();
        b.Property(s => s.Discrepancy).IsAmount();
        b.Property(s => s.FileName).HasMaxLength(260);
        b.Property(s => s.FileSha256).HasMaxLength(64);
        b.Property(s => s.ImportedBy).HasMaxLength(100);
        b.HasIndex(s => s.Account);
    }
}

public sealed class BankLineConfiguration : IEntityTypeConfiguration<BankLineRecord>
{
    public void Configure(EntityTypeBuilder<BankLineRecord> b)
    {
        b.ToTable("bank_lines");
        b.Property(l => l.Account).HasMaxLength(100);
        b.Property(l => l.Amount).IsAmount();
        b.Property(l => l.Currency).HasMaxLength(3);
        b.Property(l => l.Details).HasMaxLength(2000);
        b.Property(l => l.CounterpartyName).HasMaxLength(200);
        b.Property(l => l.CounterpartyAccount).HasMaxLength(100);
        b.Property(l => l.EndToEndId).HasMaxLength(100);
        b.Property(l => l.BankReference).HasMaxLength(100);
        b.Property(l => l.TypeCode).HasMaxLength(20);
        b.Property(l => l.Fingerprint).HasMaxLength(64);
        b.HasIndex(l => l.Fingerprint).IsUnique();
        b.HasIndex(l => new { l.Account, l.BookingDate });
        b.HasOne<BankStatementRecord>().WithMany().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class BankMatchConfiguration : IEntityTypeConfiguration<BankMatch>
{
    public void Configure(EntityTypeBuilder<BankMatch> b)
    {
        b.ToTable("bank_matches");
        b.HasIndex(m => m.LineId).IsUnique();
        b.Property(m => m.Unapplied).IsAmount();
        b.Property(m => m.Reasons).HasMaxLength(200);
        b.Property(m => m.Status).HasMaxLength(20);
        b.Property(m => m.By).HasMaxLength(100);
        b.HasIndex(m => m.Status);
        b.HasOne<BankLineRecord>().WithMany().HasForeignKey(m => m.LineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class BankPayerAccountConfiguration : IEntityTypeConfiguration<BankPayerAccount>
{
    public void Configure(EntityTypeBuilder<BankPayerAccount> b)
    {
        b.ToTable("bank_payer_accounts");
        b.Property(a => a.Account).HasMaxLength(100);
        b.Property(a => a.LinkedBy).HasMaxLength(100);
        b.HasIndex(a => a.Account).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
