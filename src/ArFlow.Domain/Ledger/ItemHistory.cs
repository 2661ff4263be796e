namespace ArFlow.Domain.Ledger;

/// <summary>The entries of one open item, read as a running balance over time. Open amounts are
/// magnitudes: what is still owed on a debit item, what is still unapplied on a credit item.</summary>
public sealed class ItemHistory
{
    private readonly List<LedgerEntry> _entries;

    public ItemHistory(OpenItemFacts item, IEnumerable<LedgerEntry> entries)
    {
        Item = item;
        _entries = entries.OrderBy(e => e.PostedDate).ToList();
    }

    /// <summary>The document that opened the item.</summary>
    public OpenItemFacts Item { get; }

    public ItemSide Side => Item.Kind.OpensItem() ?? throw new InvalidOperationException($"{Item.Kind} opens no item.");

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    private decimal Sign => Side == ItemSide.Debit ? 1m : -1m;

    /// <summary>Open amount counting only entries posted on or before <paramref name="asOf"/>.</summary>
    public decimal OpenAsOf(DateOnly asOf) => Sign * _entries.Where(e => e.PostedDate <= asOf).Sum(e => e.Amount);

    /// <summary>Open amount counting every entry, whatever its date.</summary>
    public decimal Open => Sign * _entries.Sum(e => e.Amount);

    /// <summary>The most that can be taken off this item by a posting dated <paramref name="date"/>
    /// without its open amount going below zero on that date or any later one. A back-dated
    /// allocation therefore cannot make an earlier ageing negative, and nothing can be applied to an
    /// item before the date its own document was posted (its open amount is zero then).</summary>
    public decimal AvailableFrom(DateOnly date)
    {
        var running = OpenAsOf(date);
        var min = running;
        foreach (var e in _entries.Where(e => e.PostedDate > date))
        {
            running += Sign * e.Amount;
            min = Math.Min(min, running);
        }
        return Math.Max(min, 0m);
    }

    public void Add(LedgerEntry entry)
    {
        var at = _entries.FindLastIndex(e => e.PostedDate <= entry.PostedDate) + 1;
        _entries.Insert(at, entry);
    }
}

/// <summary>What the rules need to know of the document behind an open item.</summary>
public sealed record OpenItemFacts(long Id, DocumentKind Kind, long CustomerId, string Currency, DateOnly DocumentDate, DateOnly DueDate);
