using ArFlow.Domain.Ledger;

namespace ArFlow.Data.Entities;

/// <summary>What is open on each item now, kept in the same transaction as the ledger so that
/// today's ageing reads the open items only, however long the history grows. Past dates are
/// computed from the ledger itself.</summary>
public sealed class OpenItem
{
    public long ItemId { get; set; }
    public long CustomerId { get; set; }
    public DocumentKind Kind { get; set; }
    public ItemSide Side { get; set; }
    public required string Currency { get; set; }
    public DateOnly DocumentDate { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Original { get; set; }
    /// <summary>Magnitude still open: owed on a debit item, unapplied on a credit item.</summary>
    public decimal Open { get; set; }
    public decimal RateToBase { get; set; } = 1m;
    /// <summary><see cref="Open"/> in the base currency: the sum of the entries' own base amounts.</summary>
    public decimal OpenBase { get; set; }
    /// <summary>What the item was posted for in the base currency (its own posting's base amount, never changed):
    /// what was invoiced, for sales figures that need no look-up in the ledger.</summary>
    public decimal OriginalBase { get; set; }
    /// <summary>Bumped by every posting that touches the item; two clerks posting on the same item
    /// at once cannot both win.</summary>
    public int Version { get; set; }
}
