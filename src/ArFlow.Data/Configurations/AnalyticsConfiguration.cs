using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class InvoiceForecastConfiguration : IEntityTypeConfiguration<InvoiceForecast>
{
    public void Configure(EntityTypeBuilder<InvoiceForecast> b)
    {
        b.ToTable("invoice_forecasts");
        b.HasKey(f => f.ItemId);
        b.Property(f => f.ItemId).ValueGeneratedNever();
    }
}

public sealed class CashBudgetConfiguration : IEntityTypeConfiguration<CashBudget>
{
    public void Configure(EntityTypeBuilder<CashBudget> b)
    {
        b.ToTable("cash_budgets");
        b.HasKey(x => x.Month);
        b.Property(x => x.Amount).IsAmount();
        b.Property(x => x.UpdatedBy).HasMaxLength(100);
    }
}

public sealed class ForecastSnapshotConfiguration : IEntityTypeConfiguration<ForecastSnapshot>
{
    public void Configure(EntityTypeBuilder<ForecastSnapshot> b)
    {
        b.ToTable("forecast_snapshots");
        b.HasKey(x => new { x.MadeOn, x.WeekStart });
        b.Property(x => x.Amount).IsAmount();
    }
}

public sealed class ForecastScenarioConfiguration : IEntityTypeConfiguration<ForecastScenario>
{
    public void Configure(EntityTypeBuilder<ForecastScenario> b)
    {
        b.ToTable("forecast_scenarios");
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Customers).HasMaxLength(4000);
        b.Property(x => x.Grade).HasConversion<string>().HasMaxLength(2);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.Region).HasMaxLength(100);
        b.Property(x => x.UpdatedBy).HasMaxLength(100);
    }
}

public sealed class KeptMonthlyReportConfiguration : IEntityTypeConfiguration<KeptMonthlyReport>
{
    public void Configure(EntityTypeBuilder<KeptMonthlyReport> b)
    {
        b.ToTable("monthly_reports");
        b.HasIndex(x => new { x.Month, x.Language }).IsUnique();
        b.Property(x => x.Month).HasMaxLength(7);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.MadeBy).HasMaxLength(100);
    }
}
