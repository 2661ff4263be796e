using System.Security.Cryptography;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Webhooks;

/// <summary>The events other systems can subscribe to, and raising one: a call per matching
/// subscription goes into the outbox in the transaction that made the change, so an event is sent
/// exactly when its change committed (and retried until it is received).</summary>
public static class WebhookEvents
{
    public const string InvoiceOverdue = "invoice.overdue";
    public const string ReceiptPosted = "receipt.posted";
    public const string StatementConfirmed = "statement.confirmed";
    public const string DisputeOpened = "dispute.opened";
    public const string CreditBlocked = "credit.blocked";

    public static readonly string[] Events = [InvoiceOverdue, ReceiptPosted, StatementConfirmed, DisputeOpened, CreditBlocked];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The envelope every call carries: a unique id (receivers drop repeats by it), the event, when, and its data.</summary>
    public sealed record Envelope(string Id, string Type, DateTimeOffset OccurredAt, object Data);

    public static Task RaiseAsync(ArFlowDbContext db, string type, object data, Clock clock, CancellationToken ct) =>
        RaiseAsync(db, type, [data], clock, ct);

    /// <summary>Many events of one type (the day's overdue invoices): one look at the subscriptions, one save.</summary>
    public static async Task RaiseAsync(ArFlowDbContext db, string type, IReadOnlyCollection<object> events, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(clock);
        if (events.Count == 0) return;
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(w => w.Active).ToListAsync(ct))
            .Where(w => Subscribed(w, type)).ToList();
        if (subscriptions.Count == 0) return;
        var now = clock.Now;
        foreach (var data in events)
            foreach (var w in subscriptions)
            {
                var envelope = new Envelope("evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), type, now, data);
                db.Outbox.Add(new OutboxMessage
                {
                    Channel = OutboxChannels.Webhook, Topic = type, Target = w.Url, Body = JsonSerializer.Serialize(envelope, Json),
                    CreatedAt = now, NextAttemptAt = now, SubscriptionId = w.Id,
                });
            }
        await db.SaveChangesAsync(ct);
    }

    public static bool Subscribed(WebhookSubscription w, string type)
    {
        ArgumentNullException.ThrowIfNull(w);
        return w.Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(e => e == "*" || e == type);
    }
}
