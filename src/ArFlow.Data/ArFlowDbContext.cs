using ArFlow.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data;

public sealed class ArFlowDbContext(DbContextOptions<ArFlowDbContext> options)
    : IdentityDbContext<ArFlowUser, IdentityRole<long>, long>(options), IDataProtectionKeyContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractInstallment> ContractInstallments => Set<ContractInstallment>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<LedgerEntryRow> LedgerEntries => Set<LedgerEntryRow>();
    public DbSet<OpenItem> OpenItems => Set<OpenItem>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    /// <summary>The keys that protect sign-in cookies, shared by every instance on the same database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Whose customers this context sees: <see cref="CustomerScope.All"/> unless a sales
    /// person or collector is signed in. Every query over customers and what belongs to them is
    /// filtered by it, so no endpoint or screen can forget. Asked at each query, not when the
    /// context is made: in a request the context may be created (for sign-in itself) before anyone
    /// is signed in.</summary>
    public Func<CustomerScope> ScopeOf { get; set; } = () => CustomerScope.All;

    public CustomerScope Scope => ScopeOf();

    public DatabaseEngine Engine => Database.IsNpgsql() ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArFlowDbContext).Assembly);

        modelBuilder.Entity<Customer>().HasQueryFilter(c =>
            !Scope.Limited || (Scope.Owner != null && c.Owner == Scope.Owner) || (Scope.Collector != null && c.Collector == Scope.Collector));
        modelBuilder.Entity<CustomerContact>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<Contract>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<ContractInstallment>().HasQueryFilter(x => !Scope.Limited || Contracts.Any(k => k.Id == x.ContractId));
        modelBuilder.Entity<Document>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<LedgerEntryRow>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<OpenItem>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
    }
}

public enum DatabaseEngine { Sqlite, Postgres }

/// <summary>Which customers a person may see: all, or those whose owner or collector they are.</summary>
public sealed record CustomerScope(string? Owner, string? Collector)
{
    public static readonly CustomerScope All = new(null, null);

    public bool Limited => Owner is not null || Collector is not null;
}
