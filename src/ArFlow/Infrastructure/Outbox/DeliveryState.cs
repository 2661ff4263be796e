using ArFlow.Data.Entities;

namespace ArFlow.Infrastructure.Outbox;

/// <summary>Where an outbox message got to, in one word: queued (not tried yet), retrying (tried and
/// failed, to be tried again), sent, failed (given up), bounced (the server refused the address for
/// good) or withdrawn (nothing left to send). The same words filter the outbox list.</summary>
public static class DeliveryState
{
    public const string Queued = "queued";
    public const string Retrying = "retrying";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Bounced = "bounced";
    public const string Withdrawn = "withdrawn";

    public static readonly string[] All = [Queued, Retrying, Sent, Failed, Bounced, Withdrawn];

    public static string Of(OutboxMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.DeliveredAt is not null ? Sent : m.WithdrawnAt is not null ? Withdrawn : m.Bounced ? Bounced
            : m.GaveUpAt is not null ? Failed : m.LastError is not null ? Retrying : Queued;
    }

    /// <summary>The messages in that state, by the same rules as <see cref="Of"/>.</summary>
    public static IQueryable<OutboxMessage> In(IQueryable<OutboxMessage> q, string state) => state switch
    {
        Sent => q.Where(m => m.DeliveredAt != null),
        Withdrawn => q.Where(m => m.DeliveredAt == null && m.WithdrawnAt != null),
        Bounced => q.Where(m => m.DeliveredAt == null && m.WithdrawnAt == null && m.Bounced),
        Failed => q.Where(m => m.DeliveredAt == null && m.WithdrawnAt == null && !m.Bounced && m.GaveUpAt != null),
        Retrying => q.Where(m => m.DeliveredAt == null && m.GaveUpAt == null && m.LastError != null),
        Queued => q.Where(m => m.DeliveredAt == null && m.GaveUpAt == null && m.LastError == null),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
