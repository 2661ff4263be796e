namespace ArFlow.Domain.Prediction;

/// <summary>An invoice as payment prediction sees it: whose, when issued and due, how much (in the
/// base currency), and when it was settled (null: still open). Disputed and electronic billing are
/// known at issue in some data (the public dataset has them); the ledger leaves them false.</summary>
public sealed record InvoiceRecord(string Customer, DateOnly IssueDate, DateOnly DueDate, decimal Amount, DateOnly? SettledDate, bool Disputed = false, bool Electronic = false)
{
    public int TermsDays => DueDate.DayNumber - IssueDate.DayNumber;
    public int? DaysToSettle => SettledDate is { } s ? s.DayNumber - IssueDate.DayNumber : null;
    public int? DaysLate => SettledDate is { } s ? Math.Max(0, s.DayNumber - DueDate.DayNumber) : null;
}

/// <summary>What a customer's settled invoices said before a day: how many, how many were more
/// than the lateness threshold late, the averages. Only invoices settled strictly before the day
/// count — what was known then, never an outcome from the future.</summary>
public sealed record HistoryBefore(int Count, int Late, decimal AverageDaysLate, decimal AverageDaysToSettle, decimal AverageAmount)
{
    public decimal? LateShare => Count == 0 ? null : (decimal)Late / Count;
}

/// <summary>Every customer's settled invoices ordered by settlement, with running sums, so the
/// history before any day is a binary search away.</summary>
public sealed class PaymentHistory
{
    private sealed record Settled(int[] Days, int[] Late, decimal[] DaysLate, decimal[] DaysToSettle, decimal[] Amount);

    private readonly Dictionary<string, Settled> _byCustomer;

    public int LateDays { get; }

    public PaymentHistory(IEnumerable<InvoiceRecord> invoices, int lateDays)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        LateDays = lateDays;
        _byCustomer = invoices.Where(i => i.SettledDate is not null).GroupBy(i => i.Customer, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var sorted = g.OrderBy(i => i.SettledDate).ToArray();
            return new Settled(
                sorted.Select(i => i.SettledDate!.Value.DayNumber).ToArray(),
                Running(sorted.Select(i => i.DaysLate > lateDays ? 1 : 0)),
                Running(sorted.Select(i => (decimal)i.DaysLate!.Value)),
                Running(sorted.Select(i => (decimal)i.DaysToSettle!.Value)),
                Running(sorted.Select(i => i.Amount)));
        }, StringComparer.Ordinal);
    }

    private static int[] Running(IEnumerable<int> values) { var sum = 0; return values.Select(v => sum += v).ToArray(); }

    private static decimal[] Running(IEnumerable<decimal> values) { var sum = 0m; return values.Select(v => sum += v).ToArray(); }

    public HistoryBefore Before(string customer, DateOnly day)
    {
        if (!_byCustomer.TryGetValue(customer, out var s)) return new HistoryBefore(0, 0, 0, 0, 0);
        // How many were settled before the day: the first index at or after it.
        int lo = 0, hi = s.Days.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (s.Days[mid] < day.DayNumber) lo = mid + 1; else hi = mid;
        }
        if (lo == 0) return new HistoryBefore(0, 0, 0, 0, 0);
        var n = lo;
        return new HistoryBefore(n, s.Late[n - 1], s.DaysLate[n - 1] / n, s.DaysToSettle[n - 1] / n, s.Amount[n - 1] / n);
    }
}

/// <summary>What a credit file adds to an invoice's features (null: unknown).</summary>
public sealed record CreditInputs(decimal? CurrentRatio, decimal? AssetLiabilityRatio, decimal? YearsInBusiness, int? Lawsuits, decimal? Score);

/// <summary>The features of an invoice at its issue: the invoice itself, the customer's history
/// before it, and the credit file, in decimal like every figure of the domain; null is unknown (the
/// trainer treats it as missing). How the model encodes them (floats, a log scale) is the model's business.</summary>
public static class PaymentFeatures
{
    public static readonly string[] Names =
    [
        "amount", "terms-days", "issue-month", "issue-weekday", "disputed", "electronic",
        "history-count", "history-late-share", "history-days-late", "history-days-to-settle", "amount-vs-history",
        "current-ratio", "asset-liability-ratio", "years-in-business", "lawsuits", "score",
    ];

    public static decimal?[] Of(InvoiceRecord invoice, HistoryBefore history, CreditInputs? credit)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(history);
        var known = history.Count > 0;
        return
        [
            Math.Max(0m, invoice.Amount),
            invoice.TermsDays,
            invoice.IssueDate.Month,
            (int)invoice.IssueDate.DayOfWeek,
            invoice.Disputed ? 1m : 0m,
            invoice.Electronic ? 1m : 0m,
            history.Count,
            known ? history.LateShare : null,
            known ? history.AverageDaysLate : null,
            known ? history.AverageDaysToSettle : null,
            known && history.AverageAmount > 0 ? invoice.Amount / history.AverageAmount : null,
            credit?.CurrentRatio, credit?.AssetLiabilityRatio, credit?.YearsInBusiness, credit?.Lawsuits, credit?.Score,
        ];
    }
}
