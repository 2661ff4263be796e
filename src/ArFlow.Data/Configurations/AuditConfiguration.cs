using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Actor).HasMaxLength(200);
        b.Property(r => r.Channel).HasMaxLength(16);
        b.Property(r => r.Source).HasMaxLength(1000);
        b.Property(r => r.Action).HasMaxLength(64);
        b.Property(r => r.Entity).HasMaxLength(32);
        b.Property(r => r.EntityId).HasMaxLength(64);
        b.Property(r => r.PreviousHash).HasMaxLength(32);
        b.Property(r => r.Hash).HasMaxLength(32);
        // The auditor's search: by time, by person, by what, by customer.
        b.HasIndex(r => r.At);
        b.HasIndex(r => new { r.Actor, r.At });
        b.HasIndex(r => new { r.Action, r.At });
        b.HasIndex(r => new { r.Entity, r.EntityId });
        b.HasIndex(r => r.CustomerId).HasFilter("customer_id IS NOT NULL");
    }
}

public sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> b)
    {
        b.Property(r => r.Action).HasMaxLength(32);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RequestedBy).HasMaxLength(256);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.Property(r => r.Subject).HasMaxLength(200);
        b.Property(r => r.Amount).IsAmount();
        b.Property(r => r.RequiredRoles).HasMaxLength(200);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.Requirement);
        b.HasIndex(r => new { r.Status, r.RequestedAt });
        b.HasIndex(r => r.CustomerId).HasFilter("customer_id IS NOT NULL");
        b.HasIndex(r => r.DocumentId).HasFilter("document_id IS NOT NULL");
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Document>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Decisions).WithOne().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Attachments).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ApprovalDecisionConfiguration : IEntityTypeConfiguration<ApprovalDecisionRow>
{
    public void Configure(EntityTypeBuilder<ApprovalDecisionRow> b)
    {
        b.ToTable("approval_decisions");
        b.Property(d => d.By).HasMaxLength(256);
        b.Property(d => d.Comment).HasMaxLength(1000);
        // One say per person per request, whatever races the console and the API run.
        b.HasIndex(d => new { d.RequestId, d.By }).IsUnique();
    }
}

public sealed class ApprovalAttachmentConfiguration : IEntityTypeConfiguration<ApprovalAttachment>
{
    public void Configure(EntityTypeBuilder<ApprovalAttachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(32);
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox");
        b.Property(m => m.Channel).HasMaxLength(16);
        b.Property(m => m.Topic).HasMaxLength(64);
        b.Property(m => m.Target).HasMaxLength(1000);
        b.Property(m => m.Subject).HasMaxLength(500);
        b.Property(m => m.LastError).HasMaxLength(2000);
        // The sender's queue: only what is still to be sent.
        b.HasIndex(m => m.NextAttemptAt).HasFilter("delivered_at IS NULL AND gave_up_at IS NULL");
        b.HasIndex(m => new { m.Topic, m.CreatedAt });
        b.HasIndex(m => m.SubscriptionId).HasFilter("subscription_id IS NOT NULL");
        b.HasIndex(m => m.DunningActionId).HasFilter("dunning_action_id IS NOT NULL");
        b.HasIndex(m => m.StatementId).HasFilter("statement_id IS NOT NULL");
        b.HasOne<KeptMonthlyReport>().WithMany().HasForeignKey(m => m.MonthlyReportId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class OutboxAttemptConfiguration : IEntityTypeConfiguration<OutboxAttempt>
{
    public void Configure(EntityTypeBuilder<OutboxAttempt> b)
    {
        b.ToTable("outbox_attempts");
        b.Property(a => a.Result).HasMaxLength(500);
        b.HasIndex(a => a.MessageId);
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(w => w.Url).HasMaxLength(1000);
        b.Property(w => w.Secret).HasMaxLength(100);
        b.Property(w => w.Events).HasMaxLength(500);
        b.Property(w => w.CreatedBy).HasMaxLength(256);
        b.Property(w => w.Version).IsConcurrencyToken();
    }
}

public sealed class JobMarkConfiguration : IEntityTypeConfiguration<JobMark>
{
    public void Configure(EntityTypeBuilder<JobMark> b)
    {
        b.HasKey(m => m.Name);
        b.Property(m => m.Name).HasMaxLength(64);
        b.Property(m => m.Value).HasMaxLength(200);
    }
}
