using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Collections;

/// <summary>Late-payment interest (逾期利息): simple interest at <see cref="DailyRatePercent"/> of the
/// open amount per day late, counting only the days after the grace period, capped at
/// <see cref="CapPercent"/> of the original amount (0: no cap).</summary>
public sealed record InterestPolicy(bool On, decimal DailyRatePercent, int GraceDays, decimal CapPercent)
{
    public static readonly InterestPolicy Default = new(false, 0.05m, 5, 10m);

    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        if (DailyRatePercent is < 0m or > 1m) problems.Add(new DomainError(ErrorCodes.OutOfRange, "dailyRatePercent", DailyRatePercent));
        if (GraceDays is < 0 or > 365) problems.Add(new DomainError(ErrorCodes.OutOfRange, "graceDays", GraceDays));
        if (CapPercent is < 0m or > 100m) problems.Add(new DomainError(ErrorCodes.OutOfRange, "capPercent", CapPercent));
        return problems;
    }
}

/// <summary>The amount open on an item from <see cref="From"/> on (after that day's postings).</summary>
public sealed record OpenFrom(DateOnly From, decimal Open);

public static class LateInterest
{
    /// <summary>An item's open amount over time from its postings (date, signed change), one point per day.</summary>
    public static IReadOnlyList<OpenFrom> History(IEnumerable<(DateOnly Date, decimal Change)> postings)
    {
        ArgumentNullException.ThrowIfNull(postings);
        var open = 0m;
        return postings.GroupBy(p => p.Date).OrderBy(g => g.Key).Select(g => new OpenFrom(g.Key, open += g.Sum(p => p.Change))).ToList();
    }

    /// <summary>Interest on one item up to <paramref name="asOf"/> (inclusive). A day late counts the
    /// amount open at the end of the day before it, so paying on the due date costs nothing and paying
    /// one day after it costs one day; <paramref name="history"/> is the item's open amount over time,
    /// in date order. Rounded once, at the end, to <paramref name="decimals"/> places (half away from zero).</summary>
    public static decimal Accrued(InterestPolicy policy, DateOnly dueDate, decimal original, IReadOnlyList<OpenFrom> history, DateOnly asOf, int decimals)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(history);
        var first = dueDate.AddDays(policy.GraceDays + 1);
        if (asOf < first || policy.DailyRatePercent == 0m) return 0m;
        var total = 0m;
        // Day d is charged on the amount open at the end of day d-1: the segment [From, next From) of the history charges days From+1 … next From.
        for (var i = 0; i < history.Count; i++)
        {
            var start = history[i].From.AddDays(1);
            var end = i + 1 < history.Count ? history[i + 1].From : asOf;
            if (start < first) start = first;
            if (end > asOf) end = asOf;
            var days = end.DayNumber - start.DayNumber + 1;
            if (days > 0 && history[i].Open > 0m) total += history[i].Open * policy.DailyRatePercent / 100m * days;
        }
        if (policy.CapPercent > 0m) total = Math.Min(total, original * policy.CapPercent / 100m);
        return Math.Round(total, decimals, MidpointRounding.AwayFromZero);
    }
}
