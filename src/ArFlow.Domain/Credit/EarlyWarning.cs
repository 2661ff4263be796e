using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Credit;

/// <summary>One early-warning rule: whether it is on and its threshold (points, percent or days;
/// unused by the rules that fire on an event).</summary>
public sealed record WarningRule(string Key, bool On, decimal Threshold);

/// <summary>The early-warning rules (风险预警) as an admin sets them.</summary>
public sealed record WarningRules(IReadOnlyList<WarningRule> Rules)
{
    public const string GradeDropped = "grade-dropped";
    /// <summary>Overdue share of the open amount up by more than the threshold (percentage points) in 30 days.</summary>
    public const string OverdueRatioUp = "overdue-ratio-up";
    /// <summary>Exposure above the threshold (percent) of the limit.</summary>
    public const string UtilisationHigh = "utilisation-high";
    public const string PromiseBroken = "promise-broken";
    public const string NewLawsuit = "new-lawsuit";
    /// <summary>Amount-weighted average days late up by more than the threshold (days) in 30 days.</summary>
    public const string PayingSlower = "paying-slower";
    /// <summary>One customer holding more than the threshold (percent) of all open receivables.</summary>
    public const string Concentration = "concentration";
    /// <summary>The review date passed more than the threshold (days) ago.</summary>
    public const string ReviewOverdue = "review-overdue";

    public static readonly string[] Keys = [GradeDropped, OverdueRatioUp, UtilisationHigh, PromiseBroken, NewLawsuit, PayingSlower, Concentration, ReviewOverdue];

    public static readonly WarningRules Default = new(
    [
        new(GradeDropped, true, 0m), new(OverdueRatioUp, true, 10m), new(UtilisationHigh, true, 90m), new(PromiseBroken, true, 0m),
        new(NewLawsuit, true, 0m), new(PayingSlower, true, 10m), new(Concentration, true, 20m), new(ReviewOverdue, true, 0m),
    ]);

    public WarningRule? Active(string key) => Rules.FirstOrDefault(r => r.Key == key && r.On);

    /// <summary>Every rule known, once, with a threshold of 0–1000.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        foreach (var (r, i) in Rules.Select((r, i) => (r, i)))
        {
            if (!Keys.Contains(r.Key, StringComparer.Ordinal)) problems.Add(new DomainError(ErrorCodes.InvalidEnum, $"rules[{i}].key", r.Key ?? "", string.Join(", ", Keys)));
            if (r.Threshold is < 0 or > 1000) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"rules[{i}].threshold", r.Threshold));
        }
        if (Rules.GroupBy(r => r.Key).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add(new DomainError(ErrorCodes.Duplicate, "rules", twice.Key));
        return problems;
    }
}

/// <summary>What the rules look at for one customer today and 30 days before. Ratios are 0–1; a
/// null is unknown (no history, no limit, no report) and fires nothing.</summary>
public sealed record WarningSignals(
    string? Grade, string? GradeBefore,
    decimal? OverdueRatio, decimal? OverdueRatioBefore,
    decimal? Utilisation,
    int PromisesBroken,
    int? Lawsuits, int? LawsuitsBefore,
    decimal? AverageDaysLate, decimal? AverageDaysLateBefore,
    decimal? ShareOfReceivables,
    int? DaysPastReview);

/// <summary>A rule that fired, with the figures its message names.</summary>
public sealed record Warning(string Rule, IReadOnlyList<string> Args);

public static class EarlyWarning
{
    /// <summary>The rules that fire on the signals. Grades compare A (best) to D (worst).</summary>
    public static IReadOnlyList<Warning> Evaluate(WarningSignals s, WarningRules rules)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(rules);
        var fired = new List<Warning>();
        void When(string key, Func<decimal, bool> holds, Func<string[]> args)
        {
            if (rules.Active(key) is { } rule && holds(rule.Threshold)) fired.Add(new Warning(key, args()));
        }
        When(WarningRules.GradeDropped, _ => s.Grade is { } g && s.GradeBefore is { } b && string.CompareOrdinal(g, b) > 0, () => [s.GradeBefore!, s.Grade!]);
        When(WarningRules.OverdueRatioUp, t => s.OverdueRatio is { } now && s.OverdueRatioBefore is { } then && (now - then) * 100m > t,
            () => [Percent(s.OverdueRatioBefore), Percent(s.OverdueRatio)]);
        When(WarningRules.UtilisationHigh, t => s.Utilisation is { } u && u * 100m > t, () => [Percent(s.Utilisation)]);
        When(WarningRules.PromiseBroken, _ => s.PromisesBroken > 0, () => [Number(s.PromisesBroken)]);
        When(WarningRules.NewLawsuit, _ => s.Lawsuits is { } now && now > (s.LawsuitsBefore ?? 0), () => [Number(s.LawsuitsBefore ?? 0), Number(s.Lawsuits!.Value)]);
        When(WarningRules.PayingSlower, t => s.AverageDaysLate is { } now && s.AverageDaysLateBefore is { } then && now - then > t,
            () => [Number(s.AverageDaysLateBefore!.Value), Number(s.AverageDaysLate!.Value)]);
        When(WarningRules.Concentration, t => s.ShareOfReceivables is { } share && share * 100m > t, () => [Percent(s.ShareOfReceivables)]);
        When(WarningRules.ReviewOverdue, t => s.DaysPastReview is { } d && d > t, () => [Number(s.DaysPastReview!.Value)]);
        return fired;
    }

    /// <summary>The share of what is open on a day that is past due then; null when nothing is open.</summary>
    public static decimal? OverdueRatio(IEnumerable<(DateOnly Due, decimal Open)> items, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (open, overdue) = items.Where(i => i.Open > 0m).Aggregate((Open: 0m, Overdue: 0m), (t, i) => (t.Open + i.Open, t.Overdue + (i.Due < asOf ? i.Open : 0m)));
        return open == 0m ? null : Math.Round(overdue / open, 4, MidpointRounding.AwayFromZero);
    }

    private static string Percent(decimal? ratio) => Number(ratio!.Value * 100m) + "%";

    private static string Number(decimal n) => n.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
