using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Terms;

namespace ArFlow.Domain.Credit;

/// <summary>How a recommended limit follows from a customer's size: the lower of a share of its
/// annual sales and a share of its net assets (whichever are given and known), at most the cap.
/// Negative net assets recommend nothing.</summary>
public sealed record LimitRule(decimal? ShareOfAnnualSales, decimal? ShareOfNetAssets, decimal? Cap)
{
    public decimal? Recommend(decimal? annualSales, decimal? netAssets)
    {
        var candidates = new List<decimal>();
        if (ShareOfAnnualSales is { } s && annualSales is { } sales) candidates.Add(Math.Max(0m, sales) * s);
        if (ShareOfNetAssets is { } n && netAssets is { } assets) candidates.Add(Math.Max(0m, assets) * n);
        if (candidates.Count == 0) return Cap is 0m ? 0m : null;
        var limit = candidates.Min();
        if (Cap is { } cap) limit = Math.Min(limit, cap);
        return Math.Round(limit, 0, MidpointRounding.ToZero);
    }
}

/// <summary>What a grade means: recommended terms and limit, whether prepayment or a guarantee is
/// asked for, how often the customer is reviewed, and how many days overdue a credit check lets pass.</summary>
public sealed record PolicyRow(string Grade, string Terms, LimitRule Limit, bool Prepayment, bool Guarantee, int ReviewMonths, int OverdueToleranceDays);

public sealed record CreditPolicy(IReadOnlyList<PolicyRow> Rows)
{
    /// <summary>The row of a grade; an unknown grade gets the strictest row.</summary>
    public PolicyRow For(string? grade) =>
        Rows.FirstOrDefault(r => string.Equals(r.Grade, grade, StringComparison.OrdinalIgnoreCase)) ?? Rows[^1];

    /// <summary>What an edited policy must be: one row for each grade, terms that parse, shares of
    /// 0–1, no negative cap, a review every 1–60 months, a tolerance of 0–365 days.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        var grades = Enum.GetNames<CustomerGrade>();
        foreach (var missing in grades.Where(g => !Rows.Any(r => r.Grade == g)))
            problems.Add(new DomainError(ErrorCodes.Required, $"rows[{missing}]"));
        foreach (var (r, i) in Rows.Select((r, i) => (r, i)))
        {
            var at = $"rows[{i}]";
            if (!grades.Contains(r.Grade, StringComparer.Ordinal)) problems.Add(new DomainError(ErrorCodes.InvalidEnum, $"{at}.grade", r.Grade ?? "", string.Join(", ", grades)));
            if (!PaymentTerms.Parse(r.Terms).IsSuccess) problems.Add(new DomainError(ErrorCodes.InvalidTerms, $"{at}.terms", r.Terms ?? ""));
            if (r.Limit is null) { problems.Add(new DomainError(ErrorCodes.Required, $"{at}.limit")); continue; }
            if (r.Limit.ShareOfAnnualSales is < 0 or > 1) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.limit.shareOfAnnualSales", r.Limit.ShareOfAnnualSales));
            if (r.Limit.ShareOfNetAssets is < 0 or > 1) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.limit.shareOfNetAssets", r.Limit.ShareOfNetAssets));
            if (r.Limit.Cap is < 0) problems.Add(new DomainError(ErrorCodes.NegativeNotAllowed, $"{at}.limit.cap"));
            if (r.ReviewMonths is < 1 or > 60) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.reviewMonths", r.ReviewMonths));
            if (r.OverdueToleranceDays is < 0 or > 365) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.overdueToleranceDays", r.OverdueToleranceDays));
        }
        if (Rows.GroupBy(r => r.Grade).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add(new DomainError(ErrorCodes.Duplicate, "rows", twice.Key));
        return problems;
    }

    public static readonly CreditPolicy Default = new(
    [
        new("A", "net 60", new LimitRule(0.15m, 0.5m, 5_000_000m), false, false, 12, 15),
        new("B", "net 45", new LimitRule(0.10m, 0.3m, 2_000_000m), false, false, 6, 10),
        new("C", "net 30", new LimitRule(0.05m, 0.15m, 500_000m), false, true, 3, 5),
        new("D", "prepaid", new LimitRule(null, null, 0m), true, false, 3, 0),
    ]);
}

public enum CheckOutcome { Pass, Warn, Block }

/// <summary>One reason of a credit check: a code the app words in both languages, its weight, and
/// the figures it names.</summary>
public sealed record CheckReason(string Code, CheckOutcome Outcome, IReadOnlyList<object> Args);

public sealed record CreditCheckResult(CheckOutcome Outcome, IReadOnlyList<CheckReason> Reasons);

/// <summary>What a credit check knows: the customer's status, its exposure with the new amount, its
/// oldest overdue item, the policy's tolerance, and when it was to be reviewed.</summary>
public sealed record CreditCheckInput(
    CustomerStatus Status, CreditExposure Exposure, int OldestOverdueDays, decimal OverdueAmount, int ToleranceDays,
    DateOnly? NextReview, DateOnly Today, decimal WarnAtUtilisation = 0.9m);

/// <summary>Pass, warn or block, with every reason: a blocked or held customer, exposure over the
/// limit (warn from 90% of it, and when there is no limit at all), anything overdue beyond the
/// tolerance (warn within it), a review that is past due. The outcome is the worst reason's.</summary>
public static class CreditCheck
{
    public const string Blocked = "credit.check.blocked";
    public const string OnHold = "credit.check.on_hold";
    public const string OverLimit = "credit.check.over_limit";
    public const string NearLimit = "credit.check.near_limit";
    public const string NoLimit = "credit.check.no_limit";
    public const string Overdue = "credit.check.overdue";
    public const string OverdueWithinTolerance = "credit.check.overdue_within_tolerance";
    public const string ReviewExpired = "credit.check.review_expired";

    public static CreditCheckResult Run(CreditCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reasons = new List<CheckReason>();
        if (input.Status == CustomerStatus.Blocked) reasons.Add(new(Blocked, CheckOutcome.Block, []));
        if (input.Status == CustomerStatus.OnHold) reasons.Add(new(OnHold, CheckOutcome.Block, []));
        var e = input.Exposure;
        if (e.Limit is null) reasons.Add(new(NoLimit, CheckOutcome.Warn, [e.Total]));
        else if (e.Total > e.Limit) reasons.Add(new(OverLimit, CheckOutcome.Block, [e.Total, e.Limit.Value]));
        else if (e.Limit > 0 && e.Total >= e.Limit * input.WarnAtUtilisation) reasons.Add(new(NearLimit, CheckOutcome.Warn, [e.Total, e.Limit.Value]));
        if (input.OverdueAmount > 0)
            reasons.Add(input.OldestOverdueDays > input.ToleranceDays
                ? new(Overdue, CheckOutcome.Block, [input.OverdueAmount, input.OldestOverdueDays, input.ToleranceDays])
                : new(OverdueWithinTolerance, CheckOutcome.Warn, [input.OverdueAmount, input.OldestOverdueDays, input.ToleranceDays]));
        if (input.NextReview is { } review && review < input.Today) reasons.Add(new(ReviewExpired, CheckOutcome.Warn, [review]));
        var outcome = reasons.Count == 0 ? CheckOutcome.Pass : reasons.Max(r => r.Outcome);
        return new CreditCheckResult(outcome, reasons.OrderByDescending(r => r.Outcome).ToList());
    }
}
