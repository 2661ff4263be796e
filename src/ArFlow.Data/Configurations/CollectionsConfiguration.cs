using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.Property(d => d.Amount).IsAmount();
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Resolution).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Owner).HasMaxLength(256);
        b.Property(d => d.Note).HasMaxLength(1000);
        b.Property(d => d.OpenedBy).HasMaxLength(256);
        b.Property(d => d.ResolvedBy).HasMaxLength(256);
        b.Property(d => d.ResolutionNote).HasMaxLength(1000);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.HasIndex(d => new { d.CustomerId, d.Status });
        b.HasIndex(d => d.DocumentId);
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(d => d.DocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PromiseToPayConfiguration : IEntityTypeConfiguration<PromiseToPay>
{
    public void Configure(EntityTypeBuilder<PromiseToPay> b)
    {
        b.ToTable("promises_to_pay");
        b.Property(p => p.Amount).IsAmount();
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.RecordedBy).HasMaxLength(256);
        b.Property(p => p.PromisedBy).HasMaxLength(200);
        b.Property(p => p.Note).HasMaxLength(1000);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.CustomerId, p.Status });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
