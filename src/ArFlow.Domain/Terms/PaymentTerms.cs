using System.Globalization;
using System.Text.RegularExpressions;
using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Terms;

public enum TermsKind { Net, EndOfMonth, Prepaid }

/// <summary>How long a customer may take to pay. Text forms (used by imports, the API and the console):
/// <c>net 30</c> / <c>30天</c>; <c>eom 30</c> / <c>月结30天</c> (30 days after the end of the invoice's
/// month); <c>eom+2 15</c> (15 days after the end of the month after next); <c>2/10 net 30</c>
/// (2% off when paid within 10 days, otherwise due in 30); <c>prepaid</c> / <c>预付</c>.</summary>
public sealed partial record PaymentTerms
{
    private PaymentTerms(TermsKind kind, int days, int monthsAfter = 0, decimal discountPercent = 0m, int discountDays = 0)
    {
        Kind = kind;
        Days = days;
        MonthsAfter = monthsAfter;
        DiscountPercent = discountPercent;
        DiscountDays = discountDays;
    }

    public TermsKind Kind { get; }

    /// <summary>Days added to the invoice date (net) or to the month end (end of month).</summary>
    public int Days { get; }

    /// <summary>For end-of-month terms: 0 = the invoice's own month, 1 = the next, 2 = the month after next.</summary>
    public int MonthsAfter { get; }

    /// <summary>Early-payment discount in percent of the invoice amount; 0 when there is none.</summary>
    public decimal DiscountPercent { get; }

    /// <summary>The discount applies to payments received within this many days of the invoice date (inclusive).</summary>
    public int DiscountDays { get; }

    public const int MaxDays = 3650;

    public static readonly PaymentTerms Prepaid = new(TermsKind.Prepaid, 0);

    public static PaymentTerms Net(int days) =>
        days is >= 0 and <= MaxDays ? new(TermsKind.Net, days) : throw new ArgumentOutOfRangeException(nameof(days));

    public static PaymentTerms EndOfMonth(int days, int monthsAfter = 0) =>
        days is >= 0 and <= MaxDays && monthsAfter is >= 0 and <= 12
            ? new(TermsKind.EndOfMonth, days, monthsAfter)
            : throw new ArgumentOutOfRangeException(nameof(days));

    public static PaymentTerms NetWithDiscount(decimal percent, int discountDays, int netDays) =>
        percent is > 0m and < 100m && discountDays >= 0 && discountDays <= netDays && netDays <= MaxDays
            ? new(TermsKind.Net, netDays, 0, percent, discountDays)
            : throw new ArgumentOutOfRangeException(nameof(percent));

    /// <summary>The due date of an invoice issued on <paramref name="issueDate"/> under these terms.</summary>
    public DateOnly DueDate(DateOnly issueDate) => Kind switch
    {
        TermsKind.Prepaid => issueDate,
        TermsKind.Net => issueDate.AddDays(Days),
        TermsKind.EndOfMonth => EndOfMonthOf(issueDate.AddMonths(MonthsAfter)).AddDays(Days),
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    /// <summary>The last day on which the early-payment discount may be taken, or null when there is none.</summary>
    public DateOnly? DiscountDeadline(DateOnly issueDate) =>
        DiscountPercent > 0m ? issueDate.AddDays(DiscountDays) : null;

    /// <summary>The early-payment discount earned on an invoice: <see cref="DiscountPercent"/> of
    /// <paramref name="invoiceAmount"/>, rounded to <paramref name="decimals"/> places half away from zero.</summary>
    public decimal DiscountAmount(decimal invoiceAmount, int decimals) =>
        Math.Round(invoiceAmount * DiscountPercent / 100m, decimals, MidpointRounding.AwayFromZero);

    /// <summary>What to grant as discount when a payment received on <paramref name="paidOn"/> leaves
    /// <paramref name="openAfter"/> on the invoice: all of it, when the payment came within the discount
    /// period and what is left is no more than the discount (the customer paid the invoice less it);
    /// otherwise nothing — a partial payment earns no discount.</summary>
    public decimal DiscountFor(DateOnly issueDate, DateOnly paidOn, decimal invoiceAmount, decimal openAfter, int decimals) =>
        DiscountDeadline(issueDate) is { } deadline && paidOn <= deadline && openAfter > 0m && openAfter <= DiscountAmount(invoiceAmount, decimals)
            ? openAfter : 0m;

    private static DateOnly EndOfMonthOf(DateOnly d) => new(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month));

    public override string ToString() => Kind switch
    {
        TermsKind.Prepaid => "prepaid",
        TermsKind.EndOfMonth when MonthsAfter == 0 => Invariant($"eom {Days}"),
        TermsKind.EndOfMonth => Invariant($"eom+{MonthsAfter} {Days}"),
        _ when DiscountPercent > 0m => Invariant($"{DiscountPercent:0.##}/{DiscountDays} net {Days}"),
        _ => Invariant($"net {Days}"),
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static Result<PaymentTerms> Parse(string? text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant().Replace('　', ' ');
        if (t.Length == 0) return new DomainError(ErrorCodes.Required);
        if (t is "prepaid" or "prepayment" or "预付" or "预付款" or "款到发货") return Prepaid;

        var m = NetPattern().Match(t);
        if (m.Success && DaysIn(m.Groups["days"]) is { } netDays) return Net(netDays);

        m = EomPattern().Match(t);
        if (m.Success && DaysIn(m.Groups["days"]) is { } eomDays)
        {
            var after = m.Groups["after"].Success ? int.Parse(m.Groups["after"].Value, CultureInfo.InvariantCulture) : 0;
            if (after <= 12) return EndOfMonth(eomDays, after);
        }

        m = DiscountPattern().Match(t);
        if (m.Success && DaysIn(m.Groups["days"]) is { } net && DaysIn(m.Groups["ddays"]) is { } ddays
            && decimal.TryParse(m.Groups["pct"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct)
            && pct is > 0m and < 100m && ddays <= net)
            return NetWithDiscount(pct, ddays, net);

        return new DomainError(ErrorCodes.InvalidTerms, null, text ?? "");
    }

    private static int? DaysIn(Group g) =>
        int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= MaxDays ? d : null;

    [GeneratedRegex(@"^(?:net\s*(?<days>\d{1,4})|n(?<days>\d{1,4})|(?<days>\d{1,4})\s*(?:天|days?))$")]
    private static partial Regex NetPattern();

    [GeneratedRegex(@"^(?:eom(?:\s*\+\s*(?<after>\d{1,2}))?\s*(?<days>\d{1,4})|月结\s*(?<days>\d{1,4})\s*天?)$")]
    private static partial Regex EomPattern();

    [GeneratedRegex(@"^(?<pct>\d{1,2}(?:\.\d{1,2})?)\s*/\s*(?<ddays>\d{1,4})\s*,?\s*net\s*(?<days>\d{1,4})$")]
    private static partial Regex DiscountPattern();
}
