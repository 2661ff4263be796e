namespace ArFlow.Domain.Credit;

/// <summary>One invoice (or charge) as payment behaviour sees it: when it fell due, how much, and
/// when nothing was left open on it (null while something is). A written-off item was settled by
/// the company, not paid: it never counts as on time.</summary>
public sealed record InvoiceOutcome(DateOnly DueDate, decimal Amount, DateOnly? SettledOn, bool WrittenOff = false);

/// <summary>How a customer pays, as of a date, over the invoices that fell due in the twelve months
/// before it: the share paid on time (by count and by amount), the amount-weighted and the worst
/// days late, and the trend (the last three months' weighted days late less the nine months'
/// before: positive means paying more slowly). Undefined figures (no invoices) are null. Disputes
/// opened and promises to pay broken in the same twelve months come from collections.</summary>
public sealed record PaymentBehaviour(
    int Invoices, decimal? OnTimeShare, decimal? OnTimeAmountShare, decimal? AverageDaysLate, int MaxDaysLate, decimal? TrendDaysLate,
    int Disputes = 0, int BrokenPromises = 0)
{
    public static PaymentBehaviour Of(IEnumerable<InvoiceOutcome> invoices, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var since = asOf.AddMonths(-12);
        // An invoice counts once its outcome is known: settled by the date, or past due without being settled.
        var known = invoices
            .Where(i => i.DueDate > since && i.DueDate <= asOf && i.Amount > 0 && (i.SettledOn <= asOf || i.DueDate < asOf))
            .Select(i => (Invoice: i, Late: DaysLate(i, asOf), OnTime: !i.WrittenOff && i.SettledOn <= i.DueDate && i.SettledOn <= asOf))
            .ToList();
        if (known.Count == 0) return new PaymentBehaviour(0, null, null, null, 0, null);
        var total = known.Sum(k => k.Invoice.Amount);
        var recentFrom = asOf.AddMonths(-3);
        var recent = known.Where(k => k.Invoice.DueDate > recentFrom).ToList();
        var earlier = known.Where(k => k.Invoice.DueDate <= recentFrom).ToList();
        return new PaymentBehaviour(
            known.Count,
            Share(known.Count(k => k.OnTime), known.Count),
            Math.Round(known.Where(k => k.OnTime).Sum(k => k.Invoice.Amount) / total, 4, MidpointRounding.AwayFromZero),
            Weighted(known),
            known.Max(k => k.Late),
            recent.Count > 0 && earlier.Count > 0 ? Weighted(recent) - Weighted(earlier) : null);
    }

    /// <summary>Days from the due date to settlement, or to the date for what is still open; never negative.</summary>
    public static int DaysLate(InvoiceOutcome i, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(i);
        var end = i.SettledOn is { } settled && settled <= asOf ? settled : asOf;
        return Math.Max(0, end.DayNumber - i.DueDate.DayNumber);
    }

    private static decimal Share(int part, int whole) => Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);

    private static decimal Weighted(List<(InvoiceOutcome Invoice, int Late, bool OnTime)> rows) =>
        Math.Round(rows.Sum(r => r.Invoice.Amount * r.Late) / rows.Sum(r => r.Invoice.Amount), 1, MidpointRounding.AwayFromZero);
}

/// <summary>What the company stands to lose on a customer: open receivables, contract amounts not
/// yet invoiced, and (in a credit check) the amount asked for, against the credit limit.</summary>
public sealed record CreditExposure(decimal OpenReceivables, decimal UnbilledContracts, decimal Proposed, decimal? Limit)
{
    public decimal Total => OpenReceivables + UnbilledContracts + Proposed;

    /// <summary>Total over limit (1.25 = 25% over); null without a positive limit.</summary>
    public decimal? Utilisation => Limit is > 0 ? Math.Round(Total / Limit.Value, 4, MidpointRounding.AwayFromZero) : null;
}
