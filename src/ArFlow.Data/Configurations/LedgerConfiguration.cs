using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> b)
    {
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Method).HasConversion<string>().HasMaxLength(32);
        b.Property(d => d.Number).HasMaxLength(64);
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.Terms).HasMaxLength(32);
        b.Property(d => d.Reference).HasMaxLength(200);
        b.Property(d => d.Memo).HasMaxLength(500);
        b.Property(d => d.Amount).IsAmount();
        b.Property(d => d.RateToBase).IsRate();
        // A document's number is its identity per customer: importing a file twice creates nothing new.
        b.HasIndex(d => new { d.CustomerId, d.Kind, d.Number }).IsUnique();
        b.HasIndex(d => new { d.Kind, d.DocumentDate });
        // Links are set on few rows (allocations, reversals, billed installments): index only those,
        // so an invoice import does not pay for four indexes of NULLs.
        b.HasIndex(d => d.DebitItemId).HasFilter("debit_item_id IS NOT NULL");
        b.HasIndex(d => d.CreditItemId).HasFilter("credit_item_id IS NOT NULL");
        b.HasIndex(d => d.ReversesId).HasFilter("reverses_id IS NOT NULL");
        b.HasIndex(d => d.ContractInstallmentId).HasFilter("contract_installment_id IS NOT NULL");
        // Acceptance bills not yet matured, for the cash-flow forecast (a scan of every receipt took seconds).
        b.HasIndex(d => d.MaturityDate).HasFilter("maturity_date IS NOT NULL");
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(d => d.ReversesId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(d => d.DebitItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(d => d.CreditItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ContractInstallment>().WithMany().HasForeignKey(d => d.ContractInstallmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntryRow>
{
    public void Configure(EntityTypeBuilder<LedgerEntryRow> b)
    {
        b.ToTable("ledger_entries");
        // Ids are always given (numbered with the chain under its lock, see Audit.LedgerSeal); the
        // column keeps its generation so existing tables need no rebuild.
        b.Property(e => e.Hash).HasMaxLength(32);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Amount).IsAmount();
        b.Property(e => e.BaseAmount).IsAmount();
        b.HasOne<Document>().WithMany().HasForeignKey(e => e.DocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        // The past-date ageing sums entries up to a date per item: this index covers it without
        // touching the table. The statement reads a customer's entries in date order.
        b.HasIndex(e => new { e.ItemId, e.PostedDate, e.Amount, e.BaseAmount });
        b.HasIndex(e => new { e.CustomerId, e.PostedDate });
        b.HasIndex(e => e.DocumentId);
        // Tells in one index seek whether anything is posted after an as-of date (then the ageing
        // must come from the ledger rather than from the open items).
        b.HasIndex(e => e.PostedDate);
    }
}

public sealed class OpenItemConfiguration : IEntityTypeConfiguration<OpenItem>
{
    public void Configure(EntityTypeBuilder<OpenItem> b)
    {
        b.HasKey(o => o.ItemId);
        b.Property(o => o.ItemId).ValueGeneratedNever();
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Side).HasConversion<string>().HasMaxLength(8);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Original).IsAmount();
        b.Property(o => o.Open).IsAmount();
        b.Property(o => o.OpenBase).IsAmount();
        b.Property(o => o.OriginalBase).IsAmount();
        b.Property(o => o.RateToBase).IsRate();
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasOne<Document>().WithOne().HasForeignKey<OpenItem>(o => o.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        // Today's ageing and a customer's open items read this index alone (it covers every column
        // they need), and only rows with something open are in it, however long the history.
        b.HasIndex(o => new { o.CustomerId, o.Currency, o.Side, o.DueDate, o.DocumentDate, o.Open, o.OpenBase })
            .HasDatabaseName("ix_open_items_open").HasFilter("open <> 0");
        // A customer's items by due date, settled ones too: payment behaviour reads the year's
        // outcomes (without it PostgreSQL scanned the table: 64 ms a customer on 570,000 items).
        b.HasIndex(o => new { o.CustomerId, o.DueDate }).HasDatabaseName("ix_open_items_customer_due");
        // What was invoiced by day reads this index alone (the KPIs' sales: a year of the 1,000,000-invoice book
        // took 2.3 s through the ledger).
        b.HasIndex(o => new { o.Kind, o.DocumentDate, o.CustomerId, o.OriginalBase }).HasDatabaseName("ix_open_items_invoiced");
    }
}

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(400);
    }
}

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> b)
    {
        b.HasKey(r => new { r.Currency, r.Date });
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.Rate).IsRate();
    }
}
