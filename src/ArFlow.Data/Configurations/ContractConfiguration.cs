using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.HasIndex(c => new { c.CustomerId, c.Number }).IsUnique();
        b.Property(c => c.Number).HasMaxLength(64);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Terms).HasMaxLength(32);
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Total).IsAmount();
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Installments).WithOne().HasForeignKey(i => i.ContractId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ContractInstallmentConfiguration : IEntityTypeConfiguration<ContractInstallment>
{
    public void Configure(EntityTypeBuilder<ContractInstallment> b)
    {
        b.HasIndex(i => new { i.ContractId, i.Sequence }).IsUnique();
        b.Property(i => i.Amount).IsAmount();
        b.Property(i => i.Milestone).HasMaxLength(100);
        b.HasOne<Document>().WithMany().HasForeignKey(i => i.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
