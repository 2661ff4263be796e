using System.Text.Json;
using ArFlow.Data.Audit;
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
    public DbSet<ApiKeyUse> ApiKeyUses => Set<ApiKeyUse>();
    public DbSet<OutboxAttempt> OutboxAttempts => Set<OutboxAttempt>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<JobMark> JobMarks => Set<JobMark>();
    public DbSet<CreditProfile> CreditProfiles => Set<CreditProfile>();
    public DbSet<FinancialStatementRow> FinancialStatements => Set<FinancialStatementRow>();
    public DbSet<CreditReport> CreditReports => Set<CreditReport>();
    public DbSet<StoredSetting> Settings => Set<StoredSetting>();
    public DbSet<CreditReview> CreditReviews => Set<CreditReview>();
    public DbSet<CreditAlert> CreditAlerts => Set<CreditAlert>();
    public DbSet<PaymentModelRow> PaymentModels => Set<PaymentModelRow>();
    public DbSet<CustomerForecast> CustomerForecasts => Set<CustomerForecast>();
    public DbSet<InvoiceForecast> InvoiceForecasts => Set<InvoiceForecast>();
    public DbSet<CashBudget> CashBudgets => Set<CashBudget>();
    public DbSet<ForecastSnapshot> ForecastSnapshots => Set<ForecastSnapshot>();
    public DbSet<ForecastScenario> ForecastScenarios => Set<ForecastScenario>();
    public DbSet<KeptMonthlyReport> MonthlyReports => Set<KeptMonthlyReport>();
    public DbSet<BankStatementRecord> BankStatements => Set<BankStatementRecord>();
    public DbSet<BankLineRecord> BankLines => Set<BankLineRecord>();
    public DbSet<BankMatch> BankMatches => Set<BankMatch>();
    public DbSet<BankPayerAccount> BankPayerAccounts => Set<BankPayerAccount>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<IssuedStatement> IssuedStatements => Set<IssuedStatement>();
    public DbSet<PortalLink> PortalLinks => Set<PortalLink>();
    public DbSet<StatementReply> StatementReplies => Set<StatementReply>();
    public DbSet<PromiseToPay> Promises => Set<PromiseToPay>();
    public DbSet<DunningAction> DunningActions => Set<DunningAction>();
    public DbSet<DunningActionItem> DunningActionItems => Set<DunningActionItem>();
    public DbSet<CollectionTask> CollectionTasks => Set<CollectionTask>();
    public DbSet<CollectionActivity> CollectionActivities => Set<CollectionActivity>();
    public DbSet<InterestCharge> InterestCharges => Set<InterestCharge>();
    public DbSet<RepaymentPlan> RepaymentPlans => Set<RepaymentPlan>();
    public DbSet<RepaymentPlanItem> RepaymentPlanItems => Set<RepaymentPlanItem>();
    public DbSet<CollectionActivityItem> CollectionActivityItems => Set<CollectionActivityItem>();
    public DbSet<CollectionActivityFile> CollectionActivityFiles => Set<CollectionActivityFile>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();
    public DbSet<ApprovalDecisionRow> ApprovalDecisions => Set<ApprovalDecisionRow>();
    public DbSet<ApprovalAttachment> ApprovalAttachments => Set<ApprovalAttachment>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    /// <summary>The keys that protect sign-in cookies, shared by every instance on the same database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Whose customers this context sees: <see cref="CustomerScope.All"/> unless a sales
    /// person or collector is signed in. Every query over customers and what belongs to them is
    /// filtered by it, so no endpoint or screen can forget. Asked at each query, not when the
    /// context is made: in a request the context may be created (for sign-in itself) before anyone
    /// is signed in.</summary>
    public Func<CustomerScope> ScopeOf { get; set; } = () => CustomerScope.All;

    public CustomerScope Scope => ScopeOf();

    /// <summary>Who the audit trail names for what this context writes: the signed-in person or key
    /// in a request, the operating-system user of a command, else the system.</summary>
    public Func<AuditActor> ActorOf { get; set; } = () => AuditActor.System;

    /// <summary>The clock of the audit trail's instants.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    private readonly List<AuditRecord> _events = [];

    /// <summary>Records something that is not a row change (a sign-in, an export, a verification)
    /// in the audit trail with the next save.</summary>
    public void Record(string action, string? entity = null, string? entityId = null, long? customerId = null, object? before = null, object? after = null) =>
        _events.Add(new AuditRecord
        {
            Actor = "", Channel = "", Action = action, Entity = entity, EntityId = entityId, CustomerId = customerId,
            Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
            After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
            PreviousHash = [], Hash = [],
        });

    /// <summary>Every save that changes audited rows or posts ledger entries also appends to the
    /// audit trail and seals the entries, in the same transaction and under the chains' lock.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        WriteOnce.Check(ChangeTracker);
        var changes = ChangeCapture.Collect(ChangeTracker);
        var entries = ChangeTracker.Entries<LedgerEntryRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (changes.Count == 0 && entries.Count == 0 && _events.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
            return await SaveChainedAsync(changes, entries, acceptAllChangesOnSuccess, cancellationToken);
        await using var tx = await Database.BeginTransactionAsync(cancellationToken);
        var saved = await SaveChainedAsync(changes, entries, acceptAllChangesOnSuccess, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    private async Task<int> SaveChainedAsync(List<ChangeCapture.Pending> changes, List<LedgerEntryRow> entries, bool accept, CancellationToken ct)
    {
        await ChainLock.EnterAsync(this, ct);
        if (entries.Count > 0)
        {
            // An entry's document is saved before it (the entry needs its id), usually by the same context.
            var documents = new Dictionary<long, Document>();
            foreach (var d in ChangeTracker.Entries<Document>().Where(d => d.State != EntityState.Added)) documents.TryAdd(d.Entity.Id, d.Entity);
            foreach (var id in entries.Select(e => e.DocumentId).Distinct().Where(id => !documents.ContainsKey(id)))
                documents[id] = await Documents.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == id, ct);
            LedgerSeal.Seal(entries.Select(e => (e, documents[e.DocumentId])), await LedgerSeal.HeadAsync(this, ct));
        }
        var saved = await base.SaveChangesAsync(accept, ct);
        var actor = ActorOf();
        var now = Time.GetUtcNow();
        var records = changes.Select(c => ChangeCapture.ToRecord(c, actor, now)).ToList();
        foreach (var e in _events)
        {
            e.At = now;
            e.Actor = actor.Name;
            e.Channel = actor.Channel;
            e.Source = actor.Source;
            records.Add(e);
        }
        _events.Clear();
        await AuditChain.AddAsync(this, records, ct);
        await base.SaveChangesAsync(accept, ct);
        return saved;
    }

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
        modelBuilder.Entity<CreditProfile>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<FinancialStatementRow>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<CreditReport>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<CreditReview>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<CreditAlert>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<Dispute>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<IssuedStatement>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<StatementReply>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<PromiseToPay>().HasQueryFilter(x => !Scope.Limited || Customers.Any(c => c.Id == x.CustomerId));
        modelBuilder.Entity<ApprovalRequest>().HasQueryFilter(x => !Scope.Limited || x.CustomerId == null || Customers.Any(c => c.Id == x.CustomerId));
    }
}

public enum DatabaseEngine { Sqlite, Postgres }

/// <summary>Which customers a person may see: all, or those whose owner or collector they are.</summary>
public sealed record CustomerScope(string? Owner, string? Collector)
{
    public static readonly CustomerScope All = new(null, null);

    public bool Limited => Owner is not null || Collector is not null;
}
