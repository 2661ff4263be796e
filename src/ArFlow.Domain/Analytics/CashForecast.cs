namespace ArFlow.Domain.Analytics;

/// <summary>Where an expected receipt comes from.</summary>
public enum CashSource { Invoices, Installments, RepaymentPlans, Promises, Bills }

/// <summary>Something a customer is expected to pay: an amount in minor units of the base currency, the
/// day it is due, and for open invoices the forecast chance that it is paid late with the day payment is
/// expected (the payment prediction's). Installments, promises and bills are expected on their day.</summary>
public sealed record ExpectedReceipt(CashSource Source, long Units, DateOnly Due, decimal LateProbability = 0m, DateOnly? ExpectedOn = null);

/// <summary>Receipts laid out over the days of a window, in whole minor units so that every figure adds
/// up exactly: what falls before the window and after it is kept beside the days, never lost. A spread
/// over several days gives each day the same share, the first days one unit more while a remainder lasts.</summary>
public sealed class CashCalendar
{
    private readonly long[] _change;

    public CashCalendar(DateOnly first, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        First = first;
        Days = days;
        _change = new long[days + 1];
    }

    public DateOnly First { get; }
    public int Days { get; }
    public DateOnly Last => First.AddDays(Days - 1);
    public long Before { get; private set; }
    public long After { get; private set; }
    public long Total { get; private set; }

    /// <summary>Spreads <paramref name="units"/> evenly over the days from <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public void Spread(DateOnly from, DateOnly to, long units)
    {
        if (to < from) (from, to) = (to, from);
        var count = to.DayNumber - from.DayNumber + 1;
        var share = units / count;
        var extra = units - share * count; // the first |extra| days carry one unit more (less, for a negative amount)
        var step = Math.Sign(extra);
        Total += units;
        // Days before and after the window, in closed form: no loop over a long spread.
        var start = from.DayNumber - First.DayNumber;
        var end = to.DayNumber - First.DayNumber;
        long Sum(int a, int b) => b < a ? 0 : share * (b - a + 1) + step * Math.Max(0, Math.Min(b, Math.Abs(extra) - 1 + start) - a + 1);
        Before += Sum(start, Math.Min(end, -1));
        After += Sum(Math.Max(start, Days), end);
        var a = Math.Max(start, 0);
        var b = Math.Min(end, Days - 1);
        if (b < a) return;
        _change[a] += share;
        _change[b + 1] -= share;
        var extraEnd = Math.Min(b, start + Math.Abs(extra) - 1);
        if (extraEnd >= a)
        {
            _change[a] += step;
            _change[extraEnd + 1] -= step;
        }
    }

    public void On(DateOnly day, long units) => Spread(day, day, units);

    /// <summary>The amount of every day of the window.</summary>
    public long[] Daily()
    {
        var days = new long[Days];
        var running = 0L;
        for (var i = 0; i < Days; i++) days[i] = running += _change[i];
        return days;
    }

    /// <summary>The window cut into weeks of seven days from its first day (the last may be shorter).</summary>
    public IReadOnlyList<(DateOnly From, DateOnly To, long Units)> Weeks() => Periods(d => (d.DayNumber - First.DayNumber) / 7);

    /// <summary>The window cut at calendar months (the first and last may be parts of months).</summary>
    public IReadOnlyList<(DateOnly From, DateOnly To, long Units)> Months() => Periods(d => d.Year * 12 + d.Month);

    private List<(DateOnly From, DateOnly To, long Units)> Periods(Func<DateOnly, int> key)
    {
        var days = Daily();
        var periods = new List<(DateOnly From, DateOnly To, long Units)>();
        for (var i = 0; i < Days; i++)
        {
            var day = First.AddDays(i);
            if (i > 0 && key(day) == key(day.AddDays(-1))) periods[^1] = (periods[^1].From, day, periods[^1].Units + days[i]);
            else periods.Add((day, day, days[i]));
        }
        return periods;
    }
}

/// <summary>How an expected receipt is laid over the days (docs/analytics.md, "The cash-flow forecast").</summary>
public static class CashForecast
{
    /// <summary>Lays one receipt over <paramref name="calendar"/> as the forecast expects it, made on
    /// <paramref name="asOf"/> (nothing is expected before it):
    /// <list type="bullet">
    /// <item>not yet due: the share likely paid on time on its due date; the share likely paid late spread evenly
    /// from the day after the due date over a window whose middle is the expected payment day;</item>
    /// <item>already overdue: all of it spread from <paramref name="asOf"/> over twice as many days as it is overdue
    /// (at least four weeks) — the longer a debt has waited, the slower it comes — or, overdue more than
    /// <paramref name="doubtfulAfterDays"/>, not expected at all (the caller reports it as doubtful);</item>
    /// <item>installments, plans, promises and bills: on their day, or on <paramref name="asOf"/> when it has passed.</item>
    /// </list>
    /// Returns false for a doubtful receipt, which is not placed.</summary>
    public static bool Place(CashCalendar calendar, ExpectedReceipt receipt, DateOnly asOf, int doubtfulAfterDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Source != CashSource.Invoices)
        {
            calendar.On(Later(receipt.Due, asOf), receipt.Units);
            return true;
        }
        if (receipt.Due < asOf)
        {
            var overdue = asOf.DayNumber - receipt.Due.DayNumber;
            if (overdue > doubtfulAfterDays) return false;
            calendar.Spread(asOf, asOf.AddDays(Math.Max(28, 2 * overdue) - 1), receipt.Units);
            return true;
        }
        var probability = Math.Clamp(receipt.LateProbability, 0m, 1m);
        var late = (long)Math.Round(receipt.Units * probability, MidpointRounding.AwayFromZero);
        calendar.On(receipt.Due, receipt.Units - late);
        if (late == 0) return true;
        var first = receipt.Due.AddDays(1);
        var expected = Later(receipt.ExpectedOn ?? first, first);
        // Symmetric around the expected day, so the late share's mean is that day.
        calendar.Spread(first, expected.AddDays(expected.DayNumber - first.DayNumber), late);
        return true;
    }

    /// <summary>The plain view beside the forecast: everything on its due date, as if every customer paid on time;
    /// what is already overdue is counted before the window.</summary>
    public static void PlaceOnDueDate(CashCalendar calendar, ExpectedReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(receipt);
        calendar.On(receipt.Due, receipt.Units);
    }

    /// <summary>Mean absolute percentage error of forecast against actual per period, over the periods with
    /// receipts (a period with none has no percentage); null when there is none.</summary>
    public static decimal? MeanAbsolutePercentageError(IReadOnlyList<(long Forecast, long Actual)> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var scored = periods.Where(p => p.Actual != 0).Select(p => Math.Abs((decimal)(p.Forecast - p.Actual)) / Math.Abs(p.Actual)).ToList();
        return scored.Count == 0 ? null : scored.Average();
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
