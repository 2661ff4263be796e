using ArFlow.Data;
using ArFlow.Data.Entities;

namespace ArFlow.Infrastructure.Outbox;

/// <summary>A message worded at the moment it is sent rather than when it was queued. Null
/// <see cref="Subject"/>/<see cref="Body"/> with a <see cref="WithdrawnBecause"/>: nothing is left to send.</summary>
public sealed record ComposedMessage(string? Subject, string? Body, string? WithdrawnBecause = null, IReadOnlyList<MessageAttachment>? Attachments = null)
{
    public static ComposedMessage Withdrawn(string reason) => new(null, null, reason);
}

public sealed record MessageAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Words the outbox messages of one feature at send time (reminders read the balance then),
/// and hears when the receiving server refused an address for good.</summary>
public interface IOutboxComposer
{
    bool Handles(OutboxMessage message);

    Task<ComposedMessage> ComposeAsync(ArFlowDbContext db, OutboxMessage message, CancellationToken ct);

    /// <summary>The address was refused for good (a hard bounce).</summary>
    Task RefusedAsync(ArFlowDbContext db, OutboxMessage message, string answer, CancellationToken ct);
}
