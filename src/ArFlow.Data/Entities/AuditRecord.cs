namespace ArFlow.Data.Entities;

/// <summary>One change of state, who made it and from where. Rows are only ever appended (the
/// database refuses updates and deletes) and each holds the hash of its content chained to the
/// record before it (see <see cref="Audit.AuditChain"/>).</summary>
public sealed class AuditRecord
{
    /// <summary>Assigned in order under the chain's lock, never by the database, so the chain's
    /// order and the ids' order are the same.</summary>
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The person (user name), the API key's user and key name, or the operating-system
    /// user of a command.</summary>
    public required string Actor { get; set; }
    /// <summary>web, api, cli or system.</summary>
    public required string Channel { get; set; }
    /// <summary>The client's address, or for a command the host and the command line.</summary>
    public string? Source { get; set; }
    /// <summary>What happened, e.g. document.posted, customer.updated, sign-in.failed, export.</summary>
    public required string Action { get; set; }
    public string? Entity { get; set; }
    public string? EntityId { get; set; }
    /// <summary>The customer the change belongs to, for the customer's history.</summary>
    public long? CustomerId { get; set; }
    /// <summary>JSON of the values before the change (changed fields only for an update).</summary>
    public string? Before { get; set; }
    /// <summary>JSON of the values after the change.</summary>
    public string? After { get; set; }
    public required byte[] PreviousHash { get; set; }
    public required byte[] Hash { get; set; }
}

/// <summary>Who is acting: every audit record names one.</summary>
public sealed record AuditActor(string Name, string Channel, string? Source)
{
    public static readonly AuditActor System = new("system", "system", null);
}
