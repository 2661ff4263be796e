using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class CreditProfileConfiguration : IEntityTypeConfiguration<CreditProfile>
{
    public void Configure(EntityTypeBuilder<CreditProfile> b)
    {
        b.HasKey(p => p.CustomerId);
        b.Property(p => p.RegisteredCapital).IsAmount();
        b.Property(p => p.Industry).HasMaxLength(100);
        b.Property(p => p.Region).HasMaxLength(100);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne<Customer>().WithOne().HasForeignKey<CreditProfile>(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class FinancialStatementConfiguration : IEntityTypeConfiguration<FinancialStatementRow>
{
    public void Configure(EntityTypeBuilder<FinancialStatementRow> b)
    {
        b.ToTable("financial_statements");
        b.Property(s => s.TotalAssets).IsAmount();
        b.Property(s => s.TotalLiabilities).IsAmount();
        b.Property(s => s.CurrentAssets).IsAmount();
        b.Property(s => s.CurrentLiabilities).IsAmount();
        b.Property(s => s.Revenue).IsAmount();
        b.Property(s => s.NetProfit).IsAmount();
        b.Property(s => s.OperatingCashFlow).IsAmount();
        b.Property(s => s.Inventory).IsAmount();
        b.HasIndex(s => new { s.CustomerId, s.Year }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CreditReportConfiguration : IEntityTypeConfiguration<CreditReport>
{
    public void Configure(EntityTypeBuilder<CreditReport> b)
    {
        b.Property(r => r.Provider).HasMaxLength(100);
        b.Property(r => r.Rating).HasMaxLength(20);
        b.Property(r => r.Score).HasPrecision(9, 2);
        b.Property(r => r.Notes).HasMaxLength(2000);
        b.Property(r => r.FileName).HasMaxLength(255);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.Property(r => r.Sha256).HasMaxLength(32);
        b.HasIndex(r => new { r.CustomerId, r.ReportDate });
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CreditReviewConfiguration : IEntityTypeConfiguration<CreditReview>
{
    public void Configure(EntityTypeBuilder<CreditReview> b)
    {
        b.Property(r => r.Score).HasPrecision(5, 1);
        b.Property(r => r.ScoreGrade).HasMaxLength(2);
        b.Property(r => r.Grade).HasConversion<string>().HasMaxLength(2);
        b.Property(r => r.CreditLimit).IsAmount();
        b.Property(r => r.Terms).HasMaxLength(40);
        b.Property(r => r.Note).HasMaxLength(1000);
        b.Property(r => r.RequestedBy).HasMaxLength(256);
        b.Property(r => r.ApprovedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.CustomerId, r.ReviewedOn });
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CreditAlertConfiguration : IEntityTypeConfiguration<CreditAlert>
{
    public void Configure(EntityTypeBuilder<CreditAlert> b)
    {
        b.Property(a => a.Rule).HasMaxLength(40);
        b.Property(a => a.Args).HasMaxLength(1000);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.AssignedTo).HasMaxLength(256);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        b.Property(a => a.ClosedBy).HasMaxLength(256);
        b.Property(a => a.CloseNote).HasMaxLength(1000);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => new { a.Status, a.RaisedOn });
        b.HasIndex(a => new { a.CustomerId, a.Rule });
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PaymentModelConfiguration : IEntityTypeConfiguration<PaymentModelRow>
{
    public void Configure(EntityTypeBuilder<PaymentModelRow> b)
    {
        b.ToTable("payment_models");
        b.Property(m => m.BookLateShare).HasPrecision(9, 6);
        b.Property(m => m.BookAverageDaysLate).HasPrecision(9, 2);
    }
}

public sealed class CustomerForecastConfiguration : IEntityTypeConfiguration<CustomerForecast>
{
    public void Configure(EntityTypeBuilder<CustomerForecast> b)
    {
        b.ToTable("customer_forecasts");
        b.HasKey(f => f.CustomerId);
        b.Property(f => f.CustomerId).ValueGeneratedNever();
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerForecast>(f => f.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
