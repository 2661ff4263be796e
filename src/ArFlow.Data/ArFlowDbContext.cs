using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data;

public sealed class ArFlowDbContext(DbContextOptions<ArFlowDbContext> options) : DbContext(options)
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

    public DatabaseEngine Engine => Database.IsNpgsql() ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArFlowDbContext).Assembly);
}

public enum DatabaseEngine { Sqlite, Postgres }
