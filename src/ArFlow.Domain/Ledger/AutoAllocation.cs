namespace ArFlow.Domain.Ledger;

/// <summary>The order in which a payment that names no invoice is applied to the open items.</summary>
public enum AllocationOrder
{
    OldestDueFirst,
    OldestDocumentFirst,
    SmallestFirst,
    LargestFirst,
    /// <summary>Interest and fees before principal, then oldest due first, as some laws require.</summary>
    ChargesFirst,
}

/// <summary>An invoice or charge that a payment could be applied to, with what is still open on it
/// from the payment's date on.</summary>
public sealed record AllocationCandidate(long ItemId, DocumentKind Kind, DateOnly DocumentDate, DateOnly DueDate, decimal Available);

public static class AutoAllocation
{
    /// <summary>Spreads <paramref name="amount"/> over the candidates in the given order, each taking
    /// at most what is open on it. What cannot be placed stays unapplied credit.</summary>
    public static IReadOnlyList<(long ItemId, decimal Amount)> Plan(
        decimal amount, IEnumerable<AllocationCandidate> candidates, AllocationOrder order)
    {
        var plan = new List<(long, decimal)>();
        var left = amount;
        foreach (var c in Sort(candidates.Where(c => c.Available > 0m), order))
        {
            if (left <= 0m) break;
            var take = Math.Min(left, c.Available);
            plan.Add((c.ItemId, take));
            left -= take;
        }
        return plan;
    }

    /// <summary>Orders candidates; ties fall back to due date, then document date, then id, so the
    /// result never depends on the order the database returned them in.</summary>
    public static IEnumerable<AllocationCandidate> Sort(IEnumerable<AllocationCandidate> candidates, AllocationOrder order)
    {
        var sorted = order switch
        {
            AllocationOrder.OldestDocumentFirst => candidates.OrderBy(c => c.DocumentDate),
            AllocationOrder.SmallestFirst => candidates.OrderBy(c => c.Available),
            AllocationOrder.LargestFirst => candidates.OrderByDescending(c => c.Available),
            AllocationOrder.ChargesFirst => candidates.OrderBy(c => c.Kind == DocumentKind.Charge ? 0 : 1),
            _ => candidates.OrderBy(c => c.DueDate),
        };
        return sorted.ThenBy(c => c.DueDate).ThenBy(c => c.DocumentDate).ThenBy(c => c.ItemId);
    }
}
