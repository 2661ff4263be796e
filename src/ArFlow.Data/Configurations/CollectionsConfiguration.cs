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

public sealed class DunningActionConfiguration : IEntityTypeConfiguration<DunningAction>
{
    public void Configure(EntityTypeBuilder<DunningAction> b)
    {
        b.Property(a => a.Policy).HasMaxLength(40);
        b.Property(a => a.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Actor).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Target).HasMaxLength(256);
        b.Property(a => a.Language).HasMaxLength(10);
        b.HasIndex(a => new { a.CustomerId, a.RunDate });
        b.HasIndex(a => a.RunDate);
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Items).WithOne().HasForeignKey(i => i.ActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DunningActionItemConfiguration : IEntityTypeConfiguration<DunningActionItem>
{
    public void Configure(EntityTypeBuilder<DunningActionItem> b)
    {
        b.Property(i => i.Amount).IsAmount();
        b.Property(i => i.Currency).HasMaxLength(3);
        // The claim: one step once per item.
        b.HasIndex(i => new { i.ItemId, i.StepOffset }).IsUnique();
        b.HasOne<Document>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CollectionTaskConfiguration : IEntityTypeConfiguration<CollectionTask>
{
    public void Configure(EntityTypeBuilder<CollectionTask> b)
    {
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Actor).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.AssignedTo).HasMaxLength(256);
        b.Property(t => t.Reason).HasMaxLength(40);
        b.Property(t => t.ClosedBy).HasMaxLength(256);
        b.Property(t => t.Outcome).HasMaxLength(1000);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.Status, t.AssignedTo, t.DueOn });
        b.HasIndex(t => t.CustomerId);
        b.HasIndex(t => t.DunningActionId).HasFilter("dunning_action_id IS NOT NULL");
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DunningAction>().WithMany().HasForeignKey(t => t.DunningActionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CollectionActivityConfiguration : IEntityTypeConfiguration<CollectionActivity>
{
    public void Configure(EntityTypeBuilder<CollectionActivity> b)
    {
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.Property(a => a.By).HasMaxLength(256);
        b.HasIndex(a => new { a.CustomerId, a.At });
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CollectionTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Items).WithOne().HasForeignKey(i => i.ActivityId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CollectionActivityItemConfiguration : IEntityTypeConfiguration<CollectionActivityItem>
{
    public void Configure(EntityTypeBuilder<CollectionActivityItem> b)
    {
        b.HasIndex(i => i.ItemId);
        b.HasOne<Document>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CollectionActivityFileConfiguration : IEntityTypeConfiguration<CollectionActivityFile>
{
    public void Configure(EntityTypeBuilder<CollectionActivityFile> b)
    {
        b.Property(f => f.FileName).HasMaxLength(255);
        b.Property(f => f.ContentType).HasMaxLength(100);
        b.Property(f => f.Sha256).HasMaxLength(32);
        b.Property(f => f.AddedBy).HasMaxLength(256);
        b.HasIndex(f => f.ActivityId);
        b.HasOne<CollectionActivity>().WithMany().HasForeignKey(f => f.ActivityId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class InterestChargeConfiguration : IEntityTypeConfiguration<InterestCharge>
{
    public void Configure(EntityTypeBuilder<InterestCharge> b)
    {
        b.Property(c => c.Amount).IsAmount();
        b.Property(c => c.Currency).HasMaxLength(3);
        b.HasIndex(c => c.ItemId);
        // A dunning step charges an invoice's interest once.
        b.HasIndex(c => new { c.ItemId, c.StepOffset }).IsUnique().HasFilter("step_offset IS NOT NULL");
        b.HasOne<Document>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(c => c.ChargeDocumentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class RepaymentPlanConfiguration : IEntityTypeConfiguration<RepaymentPlan>
{
    public void Configure(EntityTypeBuilder<RepaymentPlan> b)
    {
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Total).IsAmount();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Note).HasMaxLength(1000);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.CustomerId, p.Status });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Installments).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RepaymentInstallmentConfiguration : IEntityTypeConfiguration<RepaymentInstallment>
{
    public void Configure(EntityTypeBuilder<RepaymentInstallment> b)
    {
        b.Property(i => i.Amount).IsAmount();
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class RepaymentPlanItemConfiguration : IEntityTypeConfiguration<RepaymentPlanItem>
{
    public void Configure(EntityTypeBuilder<RepaymentPlanItem> b)
    {
        b.HasIndex(i => i.ItemId);
        b.HasOne<Document>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
