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
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasOne<ArFlowUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
