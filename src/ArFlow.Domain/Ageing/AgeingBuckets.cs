using System.Globalization;

namespace ArFlow.Domain.Ageing;

/// <summary>Whether age counts from the due date (how overdue) or the document date (how old).</summary>
public enum AgeingBasis { DueDate, DocumentDate }

/// <summary>Ageing buckets given by their inclusive upper bounds in days. The default
/// 30, 60, 90, 180, 365 gives: current (not yet due), 1-30, 31-60, 61-90, 91-180, 181-365, over 365.</summary>
public sealed record AgeingBuckets
{
    public AgeingBuckets(IReadOnlyList<int> upperDays)
    {
        ArgumentNullException.ThrowIfNull(upperDays);
        if (upperDays.Count == 0 || upperDays[0] < 1 || upperDays.Zip(upperDays.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException("Bucket bounds are positive and strictly increasing.", nameof(upperDays));
        UpperDays = upperDays.ToArray();
    }

    public static AgeingBuckets Default { get; } = new([30, 60, 90, 180, 365]);

    public IReadOnlyList<int> UpperDays { get; }

    /// <summary>Current plus one per bound plus the open-ended last one.</summary>
    public int Count => UpperDays.Count + 2;

    /// <summary>Bucket 0 holds amounts not yet due (age zero or less, including future-dated items);
    /// the last bucket everything beyond the last bound.</summary>
    public int IndexOf(int ageDays)
    {
        if (ageDays <= 0) return 0;
        for (var i = 0; i < UpperDays.Count; i++)
            if (ageDays <= UpperDays[i]) return i + 1;
        return UpperDays.Count + 1;
    }

    /// <summary>The earliest basis date that still falls in each bucket, for a set-based query:
    /// an item is in bucket i when its basis date is on or after <c>From(asOf)[i]</c> and before the
    /// previous bucket's bound. Bucket 0 starts at <paramref name="asOf"/> itself.</summary>
    public DateOnly[] LowerDates(DateOnly asOf) =>
        [asOf, .. UpperDays.Select(d => asOf.AddDays(-d))];

    /// <summary>Stable machine labels: current, 1-30, 31-60, …, over-365.</summary>
    public IReadOnlyList<string> Labels()
    {
        var labels = new List<string> { "current" };
        var from = 1;
        foreach (var upper in UpperDays)
        {
            labels.Add(string.Create(CultureInfo.InvariantCulture, $"{from}-{upper}"));
            from = upper + 1;
        }
        labels.Add(string.Create(CultureInfo.InvariantCulture, $"over-{UpperDays[^1]}"));
        return labels;
    }

    public static AgeingBuckets Parse(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray());
}
