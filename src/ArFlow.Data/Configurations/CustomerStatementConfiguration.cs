using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class IssuedStatementConfiguration : IEntityTypeConfiguration<IssuedStatement>
{
    public void Configure(EntityTypeBuilder<IssuedStatement> b)
    {
        b.ToTable("issued_statements");
        b.Property(s => s.Number).HasMaxLength(80);
        b.HasIndex(s => s.Number).IsUnique();
        b.Property(s => s.Language).HasMaxLength(10);
        b.Property(s => s.Balances).HasMaxLength(2000);
        b.Property(s => s.PdfSha256).HasMaxLength(64);
        b.Property(s => s.IssuedBy).HasMaxLength(256);
        b.Property(s => s.RunMonth).HasMaxLength(7);
        b.Property(s => s.SentTo).HasMaxLength(256);
        b.Property(s => s.Status).HasMaxLength(20);
        // The monthly run issues one statement per customer and month, however many instances run it.
        b.HasIndex(s => new { s.CustomerId, s.RunMonth }).IsUnique();
        b.HasIndex(s => new { s.Status, s.To });
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PortalLinkConfiguration : IEntityTypeConfiguration<PortalLink>
{
    public void Configure(EntityTypeBuilder<PortalLink> b)
    {
        b.ToTable("portal_links");
        b.Property(l => l.CreatedBy).HasMaxLength(256);
        b.Property(l => l.RevokedBy).HasMaxLength(256);
        b.HasIndex(l => l.StatementId);
        b.HasOne<IssuedStatement>().WithMany().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class StatementReplyConfiguration : IEntityTypeConfiguration<StatementReply>
{
    public void Configure(EntityTypeBuilder<StatementReply> b)
    {
        b.ToTable("statement_replies");
        b.Property(r => r.Kind).HasMaxLength(20);
        b.Property(r => r.SignerName).HasMaxLength(100);
        b.Property(r => r.SignerPosition).HasMaxLength(100);
        b.Property(r => r.Comment).HasMaxLength(1000);
        b.Property(r => r.FileName).HasMaxLength(255);
        b.Property(r => r.FileType).HasMaxLength(100);
        b.Property(r => r.Ip).HasMaxLength(64);
        b.Property(r => r.UserAgent).HasMaxLength(512);
        b.Property(r => r.Seal).HasMaxLength(64);
        b.HasIndex(r => r.StatementId);
        b.HasOne<IssuedStatement>().WithMany().HasForeignKey(r => r.StatementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PortalLink>().WithMany().HasForeignKey(r => r.LinkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Dispute>().WithMany().HasForeignKey(r => r.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}
