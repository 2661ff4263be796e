namespace ArFlow.Domain.Analytics;

/// <summary>The standard receivables figures by their textbook definitions (docs/analytics.md has
/// each formula with a worked example). Every input is an amount in one currency; a figure whose
/// denominator is zero (no sales in an empty period) is null, never a division by zero or a made-up 0.
/// Ratios are decimals (0.25 = 25 %) except the CEI, which textbooks quote as a percentage.</summary>
public static class Kpis
{
    /// <summary>Debts overdue more than this many days at the start of a period are in the oldest buckets; what the
    /// period collected of them (write-offs not counted) is a collector's "oldest debts paid down".</summary>
    public const int OldestAfterDays = 90;

    /// <summary>Simple DSO = receivables at the end of the period ÷ invoiced sales in the period × days in the period.</summary>
    public static decimal? SimpleDso(decimal closingReceivables, decimal sales, int days) =>
        sales <= 0m || days <= 0 ? null : closingReceivables / sales * days;

    /// <summary>Count-back DSO: the receivables at the end are "counted back" through the sales of the
    /// months before, latest first — each month whose sales they cover adds its days, the month where they
    /// run out adds its share. <paramref name="months"/>: (sales, days) of each month, latest first.
    /// Receivables beyond all the months given count every day of them (the figure is then a lower bound).</summary>
    public static decimal? CountBackDso(decimal closingReceivables, IReadOnlyList<(decimal Sales, int Days)> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (months.Count == 0) return null;
        if (closingReceivables <= 0m) return 0m;
        var left = closingReceivables;
        var dso = 0m;
        foreach (var (sales, days) in months)
        {
            if (left <= 0m) break;
            if (sales <= 0m)
            {
                dso += days;
                continue;
            }
            if (left >= sales)
            {
                dso += days;
                left -= sales;
            }
            else
            {
                dso += left / sales * days;
                left = 0m;
            }
        }
        return dso;
    }

    /// <summary>Best possible DSO = receivables not yet due at the end ÷ sales in the period × days: what DSO
    /// would be if every customer paid on its due date.</summary>
    public static decimal? BestPossibleDso(decimal closingCurrent, decimal sales, int days) =>
        sales <= 0m || days <= 0 ? null : closingCurrent / sales * days;

    /// <summary>Average days delinquent = DSO − best possible DSO (both by the simple method).</summary>
    public static decimal? AverageDaysDelinquent(decimal? dso, decimal? bestPossible) => dso - bestPossible;

    /// <summary>Collection effectiveness index = (opening receivables + sales − closing receivables) ÷
    /// (opening receivables + sales − closing current receivables) × 100.</summary>
    public static decimal? CollectionEffectiveness(decimal opening, decimal sales, decimal closing, decimal closingCurrent)
    {
        var collectible = opening + sales - closingCurrent;
        return collectible <= 0m ? null : (opening + sales - closing) / collectible * 100m;
    }

    /// <summary>The share of what is owed that is past due (by amount, or by count of items).</summary>
    public static decimal? OverdueRatio(decimal overdue, decimal receivables) => receivables <= 0m ? null : overdue / receivables;

    /// <summary>Bad-debt ratio = written off in the period ÷ sales in the period.</summary>
    public static decimal? BadDebtRatio(decimal writtenOff, decimal sales) => sales <= 0m ? null : writtenOff / sales;

    /// <summary>Receivables turnover = sales ÷ average receivables ((opening + closing) ÷ 2), and the days it
    /// takes = days in the period ÷ turnover.</summary>
    public static (decimal? Turnover, decimal? Days) Turnover(decimal sales, decimal opening, decimal closing, int days)
    {
        var average = (opening + closing) / 2m;
        if (average <= 0m || sales <= 0m) return (null, null);
        var turnover = sales / average;
        return (turnover, days / turnover);
    }

    /// <summary>Concentration of the balances: the ten largest customers' share of the total, and the
    /// Herfindahl–Hirschman index Σ share² (0–1; 1 = one customer owes everything; ×10,000 for "points").
    /// Only positive balances count (a customer in credit owes nothing).</summary>
    public static (decimal? TopTenShare, decimal? Herfindahl) Concentration(IEnumerable<decimal> balances)
    {
        ArgumentNullException.ThrowIfNull(balances);
        var owed = balances.Where(b => b > 0m).OrderByDescending(b => b).ToList();
        var total = owed.Sum();
        if (total <= 0m) return (null, null);
        return (owed.Take(10).Sum() / total, owed.Sum(b => b / total * (b / total)));
    }

    /// <summary>Promise-kept rate = promises kept ÷ promises that fell due (kept or broken); open promises do not count.</summary>
    public static decimal? PromiseKeptRate(int kept, int broken) => kept + broken == 0 ? null : (decimal)kept / (kept + broken);
}
