using ArFlow.Domain.Ageing;

namespace ArFlow.Domain.Analytics;

/// <summary>One debt at both ends of a period: what was open and its age in days at the start (the day
/// before the period) and at the end. An amount of zero means it was not open then (not yet invoiced,
/// or settled).</summary>
public sealed record DebtAtEnds(decimal OpenAtStart, int AgeAtStart, decimal OpenAtEnd, int AgeAtEnd);

/// <summary>How each ageing bucket changed over a period: the flows between buckets, with "new" (invoiced
/// or charged in the period) as an extra source and "settled" (paid, credited or written off) as an extra
/// destination. Per debt, what stayed open moves from its bucket at the start to its bucket at the end;
/// what went is settled out of the start bucket; what was added comes new into the end bucket. So every
/// bucket's opening plus what came in less what went out is its closing, to the cent.</summary>
public sealed class AgeingMovement
{
    private readonly decimal[,] _flow;

    private AgeingMovement(AgeingBuckets buckets)
    {
        Buckets = buckets;
        _flow = new decimal[buckets.Count + 1, buckets.Count + 1];
    }

    public AgeingBuckets Buckets { get; }

    /// <summary>The row of new debt in <see cref="Flow"/>.</summary>
    public int New => Buckets.Count;

    /// <summary>The column of settled debt in <see cref="Flow"/>.</summary>
    public int Settled => Buckets.Count;

    /// <summary>What moved from bucket <paramref name="from"/> (or <see cref="New"/>) to bucket <paramref name="to"/> (or <see cref="Settled"/>).</summary>
    public decimal Flow(int from, int to) => _flow[from, to];

    public static AgeingMovement Of(IEnumerable<DebtAtEnds> debts, AgeingBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(debts);
        ArgumentNullException.ThrowIfNull(buckets);
        var m = new AgeingMovement(buckets);
        foreach (var d in debts)
        {
            // A credit balance is unapplied money, not a debt in a bucket.
            var (start, end) = (Math.Max(0m, d.OpenAtStart), Math.Max(0m, d.OpenAtEnd));
            var from = start > 0 ? buckets.IndexOf(d.AgeAtStart) : m.New;
            var to = end > 0 ? buckets.IndexOf(d.AgeAtEnd) : m.Settled;
            var stayed = Math.Min(start, end);
            if (stayed > 0) m._flow[from, to] += stayed;
            if (start > end) m._flow[from, m.Settled] += start - end;
            if (end > start) m._flow[m.New, to] += end - start;
        }
        return m;
    }

    public decimal Opening(int bucket) => Row(bucket, includeSettled: true);

    public decimal Closing(int bucket) => Column(bucket, includeNew: true);

    /// <summary>Invoiced or charged in the period and still open at its end in this bucket.</summary>
    public decimal NewIn(int bucket) => _flow[New, bucket];

    /// <summary>Came from other buckets (younger ones, as it aged).</summary>
    public decimal AgedIn(int bucket) => Column(bucket, includeNew: false) - _flow[bucket, bucket];

    /// <summary>Paid, credited or written off.</summary>
    public decimal SettledOut(int bucket) => _flow[bucket, Settled];

    /// <summary>Moved on to older buckets.</summary>
    public decimal AgedOut(int bucket) => Row(bucket, includeSettled: false) - _flow[bucket, bucket];

    /// <summary>The share of a bucket's opening that rolled into older buckets (null for an empty bucket).</summary>
    public decimal? RollRate(int bucket) => Opening(bucket) is var o and > 0 ? AgedOut(bucket) / o : null;

    private decimal Row(int bucket, bool includeSettled)
    {
        var sum = 0m;
        for (var to = 0; to < Buckets.Count; to++) sum += _flow[bucket, to];
        return includeSettled ? sum + _flow[bucket, Settled] : sum;
    }

    private decimal Column(int bucket, bool includeNew)
    {
        var sum = 0m;
        for (var from = 0; from < Buckets.Count; from++) sum += _flow[from, bucket];
        return includeNew ? sum + _flow[New, bucket] : sum;
    }
}
