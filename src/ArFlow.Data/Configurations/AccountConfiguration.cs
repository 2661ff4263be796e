using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArFlow.Data.Configurations;

public sealed class ArFlowUserConfiguration : IEntityTypeConfiguration<ArFlowUser>
{
    public void Configure(EntityTypeBuilder<ArFlowUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.Language).HasMaxLength(8);
    }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.Hash).HasMaxLength(32);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Property(k => k.Scopes).HasMaxLength(200);
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasOne<ArFlowUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApiKeyUseConfiguration : IEntityTypeConfiguration<ApiKeyUse>
{
    public void Configure(EntityTypeBuilder<ApiKeyUse> b)
    {
        b.ToTable("api_key_uses");
        b.Property(u => u.Method).HasMaxLength(8);
        b.Property(u => u.Path).HasMaxLength(400);
        b.Property(u => u.Address).HasMaxLength(64);
        // A key's uses, newest first.
        b.HasIndex(u => new { u.KeyId, u.Id });
        b.HasOne<ApiKey>().WithMany().HasForeignKey(u => u.KeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
