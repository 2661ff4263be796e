using System.Globalization;
using System.Text.Json;
using ArFlow.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ArFlow.Data.Audit;

/// <summary>Turns what a SaveChanges writes into audit records, so no use case can forget one:
/// every created, changed or deleted row of the audited kinds, with the values before and after.
/// Derived state (open items, the ledger's entries, which the ledger chain covers) and secrets
/// (password and key hashes, attachment bytes) are left out.</summary>
public static class ChangeCapture
{
    private static readonly Dictionary<Type, string> Audited = new()
    {
        [typeof(Customer)] = "customer",
        [typeof(CustomerContact)] = "contact",
        [typeof(Contract)] = "contract",
        [typeof(ContractInstallment)] = "installment",
        [typeof(Document)] = "document",
        [typeof(ExchangeRate)] = "rate",
        [typeof(ApiKey)] = "api-key",
        [typeof(ArFlowUser)] = "user",
        [typeof(IdentityUserRole<long>)] = "user-role",
        [typeof(IdentityRole<long>)] = "role",
        [typeof(ApprovalRequest)] = "approval",
        [typeof(ApprovalDecisionRow)] = "approval-decision",
        [typeof(ApprovalAttachment)] = "approval-attachment",
        [typeof(WebhookSubscription)] = "webhook",
        [typeof(CreditProfile)] = "credit-profile",
        [typeof(FinancialStatementRow)] = "financial-statement",
        [typeof(CreditReport)] = "credit-report",
        [typeof(StoredSetting)] = "setting",
        [typeof(CreditReview)] = "credit-review",
        [typeof(CreditAlert)] = "credit-alert",
        [typeof(PaymentModelRow)] = "payment-model",
        [typeof(Dispute)] = "dispute",
        [typeof(PromiseToPay)] = "promise",
        [typeof(CollectionTask)] = "collection-task",
        [typeof(CollectionActivity)] = "collection-activity",
        [typeof(RepaymentPlan)] = "repayment-plan",
        [typeof(CollectionActivityFile)] = "collection-activity-file",
        [typeof(BankStatementRecord)] = "bank-statement",
        [typeof(BankMatch)] = "bank-match",
        [typeof(BankPayerAccount)] = "bank-payer-account",
        [typeof(IssuedStatement)] = "issued-statement",
        [typeof(PortalLink)] = "portal-link",
        [typeof(StatementReply)] = "statement-reply",
    };

    private static readonly HashSet<string> Hidden =
    [
        nameof(ArFlowUser.PasswordHash), nameof(ArFlowUser.SecurityStamp), nameof(ArFlowUser.ConcurrencyStamp),
        nameof(ArFlowUser.NormalizedUserName), nameof(ArFlowUser.NormalizedEmail), nameof(ArFlowUser.AccessFailedCount),
        nameof(ApiKey.Hash), nameof(ApprovalAttachment.Content), nameof(Customer.Version), nameof(WebhookSubscription.Secret), nameof(CreditReport.Content), nameof(CollectionActivityFile.Content),
        nameof(IssuedStatement.Pdf), nameof(StatementReply.Signature), nameof(StatementReply.File),
    ];

    /// <summary>Property names as the API spells them (camelCase), also as dictionary keys.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DictionaryKeyPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>A row about to be written, with its values before the write.</summary>
    public sealed record Pending(EntityEntry Entry, EntityState State, string Entity, Dictionary<string, object?>? Before);

    public static List<Pending> Collect(ChangeTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var pending = new List<Pending>();
        foreach (var e in tracker.Entries())
        {
            if (!Audited.TryGetValue(e.Metadata.ClrType, out var entity)) continue;
            switch (e.State)
            {
                case EntityState.Added:
                    pending.Add(new(e, e.State, entity, null));
                    break;
                case EntityState.Deleted:
                    pending.Add(new(e, e.State, entity, Values(e, original: true, onlyModified: false)));
                    break;
                case EntityState.Modified:
                    var before = Values(e, original: true, onlyModified: true);
                    if (before.Count > 0) pending.Add(new(e, e.State, entity, before));
                    break;
            }
        }
        return pending;
    }

    /// <summary>The records, once the write has given new rows their keys.</summary>
    public static AuditRecord ToRecord(Pending p, AuditActor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(actor);
        var after = p.State switch
        {
            EntityState.Added => Values(p.Entry, original: false, onlyModified: false),
            EntityState.Modified => p.Before!.Keys.ToDictionary(k => k, k => p.Entry.Property(k).CurrentValue),
            _ => null,
        };
        var key = p.Entry.Metadata.FindPrimaryKey()!.Properties.Select(k => p.Entry.Property(k.Name).CurrentValue switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture),
        });
        return new AuditRecord
        {
            At = at,
            Actor = actor.Name,
            Channel = actor.Channel,
            Source = actor.Source,
            Action = $"{p.Entity}.{Verb(p)}",
            Entity = p.Entity,
            EntityId = string.Join(":", key),
            CustomerId = p.Entry.Entity switch
            {
                Customer c => c.Id,
                _ => p.Entry.Metadata.FindProperty("CustomerId") is { } prop ? p.Entry.Property(prop.Name).CurrentValue as long? : null,
            },
            Before = p.Before is null ? null : JsonSerializer.Serialize(p.Before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            PreviousHash = [],
            Hash = [],
        };
    }

    private static string Verb(Pending p) => (p.Entity, p.State) switch
    {
        ("document", EntityState.Added) => "posted",
        ("document", EntityState.Modified) when p.Before!.ContainsKey(nameof(Document.ReversedById)) => "reversed",
        (_, EntityState.Added) => "created",
        (_, EntityState.Deleted) => "deleted",
        _ => "updated",
    };

    private static Dictionary<string, object?> Values(EntityEntry e, bool original, bool onlyModified) =>
        e.Properties.Where(p => !Hidden.Contains(p.Metadata.Name) && !p.Metadata.IsShadowProperty() && (!onlyModified || p.IsModified)
                && (!onlyModified || !Equals(p.OriginalValue, p.CurrentValue)))
            .ToDictionary(p => p.Metadata.Name, p => original ? p.OriginalValue : p.CurrentValue);
}
