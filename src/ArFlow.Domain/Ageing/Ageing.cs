using ArFlow.Domain.Ledger;

namespace ArFlow.Domain.Ageing;

/// <summary>One line of an ageing: the open amount per bucket and the unapplied credit, in one currency.</summary>
public sealed record AgeingLine(string Currency, decimal[] Buckets, decimal UnappliedCredit)
{
    /// <summary>The outstanding balance: every bucket minus the credit not yet applied.</summary>
    public decimal Balance => Buckets.Sum() - UnappliedCredit;
}

/// <summary>The reference definition of ageing. The database computes the same thing set-based; the
/// tests hold the two against each other.</summary>
public static class AgeingCalculator
{
    /// <summary>Ages every item as of <paramref name="asOf"/>: only entries posted on or before that
    /// date count. Debit items go to the bucket of their age; credit items to unapplied credit.</summary>
    public static IReadOnlyList<AgeingLine> Compute(
        IEnumerable<ItemHistory> items, DateOnly asOf, AgeingBuckets buckets, AgeingBasis basis = AgeingBasis.DueDate)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var lines = new Dictionary<string, AgeingLine>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var open = item.OpenAsOf(asOf);
            if (open == 0m) continue;
            var line = lines.TryGetValue(item.Item.Currency, out var l)
                ? l
                : lines[item.Item.Currency] = new AgeingLine(item.Item.Currency, new decimal[buckets.Count], 0m);
            if (item.Side == ItemSide.Credit)
            {
                lines[item.Item.Currency] = line with { UnappliedCredit = line.UnappliedCredit + open };
                continue;
            }
            var basisDate = basis == AgeingBasis.DueDate ? item.Item.DueDate : item.Item.DocumentDate;
            line.Buckets[buckets.IndexOf(asOf.DayNumber - basisDate.DayNumber)] += open;
        }
        return lines.Values.OrderBy(l => l.Currency, StringComparer.Ordinal).ToList();
    }
}
