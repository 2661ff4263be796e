using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.TaxId).HasMaxLength(32);
        b.Property(c => c.Owner).HasMaxLength(100);
        b.Property(c => c.Collector).HasMaxLength(100);
        b.Property(c => c.DefaultTerms).HasMaxLength(32);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Grade).HasConversion<string>().HasMaxLength(1);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.CreditLimit).IsAmount();
        b.Property(c => c.DunningPolicy).HasMaxLength(40);
        b.Property(c => c.PauseReason).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.Owner);
        b.HasIndex(c => c.Collector);
        b.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CustomerContactConfiguration : IEntityTypeConfiguration<CustomerContact>
{
    public void Configure(EntityTypeBuilder<CustomerContact> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Email).HasMaxLength(200);
        b.Property(c => c.Phone).HasMaxLength(40);
        b.Property(c => c.Language).HasMaxLength(8);
        b.Property(c => c.EmailRefusal).HasMaxLength(500);
    }
}
