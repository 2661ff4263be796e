namespace ArFlow.Data.Entities;

/// <summary>A row of the append-only ledger (see <see cref="Domain.Ledger.LedgerEntry"/>).</summary>
public sealed class LedgerEntryRow
{
    /// <summary>Assigned in order under the chain's lock, like the audit trail's ids.</summary>
    public long Id { get; set; }
    /// <summary>The document that posted the entry.</summary>
    public long DocumentId { get; set; }
    /// <summary>The open item the entry changes.</summary>
    public long ItemId { get; set; }
    public long CustomerId { get; set; }
    public DateOnly PostedDate { get; set; }
    public required string Currency { get; set; }
    public decimal Amount { get; set; }
    /// <summary>The amount in the base currency at the item's own rate, so base totals add up exactly.</summary>
    public decimal BaseAmount { get; set; }
    /// <summary>The ledger's hash chain: SHA-256 of the previous entry's hash, this entry and the
    /// document it came from (see <see cref="Audit.LedgerSeal"/>). Null only for entries written
    /// before the ledger was sealed, until start-up seals them.</summary>
    public byte[]? Hash { get; set; }
}
