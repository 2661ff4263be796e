using ArFlow.Domain.Analytics;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>The forecast's placement against the worked example of docs/analytics.md ("The cash-flow
/// forecast"), and the invariant that no unit is made or lost however receipts are spread.</summary>
public class CashForecastTests
{
    private static readonly DateOnly Monday = new(2026, 11, 2);

    [Fact]
    public void ASpread_GivesEachDayTheSameShare_TheFirstDaysTheRemainder()
    {
        var calendar = new CashCalendar(Monday, 7);
        calendar.Spread(Monday, Monday.AddDays(2), 1000);
        Assert.Equal([334L, 333, 333, 0, 0, 0, 0], calendar.Daily());
        calendar.Spread(Monday.AddDays(-2), Monday.AddDays(8), 1100); // 100 a day over 11 days: 2 before, 2 after
        Assert.Equal(200, calendar.Before);
        Assert.Equal(200, calendar.After);
        Assert.Equal([434L, 433, 433, 100, 100, 100, 100], calendar.Daily());
        Assert.Equal(2100, calendar.Total);
    }

    [Fact]
    public void TheWorkedExample()
    {
        var calendar = new CashCalendar(Monday, 91);
        // 10,000.00 due on Friday 6 November with a 30 % chance of lateness, expected on 16 November:
        // 7,000.00 on the due date; 3,000.00 from 7 to 25 November (19 days, centred on the 16th).
        Assert.True(CashForecast.Place(calendar, new ExpectedReceipt(CashSource.Invoices, 1_000_000, new(2026, 11, 6), 0.3m, new(2026, 11, 16)), Monday, 365));
        var days = calendar.Daily();
        Assert.Equal(700_000, days[4]);
        Assert.Equal(300_000, days[5..24].Sum());
        Assert.Equal(0, days[24..].Sum());
        Assert.Equal(15_790, days[5]);  // 300,000 ÷ 19 = 15,789 rest 9: the first nine days carry one more
        Assert.Equal(15_789, days[23]);
        Assert.Equal([731_580L, 110_530, 110_523, 47_367], calendar.Weeks().Take(4).Select(w => w.Units));

        // 2,000.00 overdue by 30 days: spread over twice as many days (60) from the forecast's day; 5.00 overdue
        // by 3 days over four weeks at least.
        var overdue = new CashCalendar(Monday, 91);
        CashForecast.Place(overdue, new ExpectedReceipt(CashSource.Invoices, 200_000, Monday.AddDays(-30)), Monday, 365);
        Assert.Equal(200_000, overdue.Daily()[..60].Sum());
        Assert.Equal(3_334, overdue.Daily()[0]);   // 200,000 ÷ 60 = 3,333 rest 20
        Assert.Equal(3_333, overdue.Daily()[59]);
        CashForecast.Place(overdue, new ExpectedReceipt(CashSource.Invoices, 500, Monday.AddDays(-3)), Monday, 365);
        Assert.Equal(200_500, overdue.Daily()[..60].Sum());
        Assert.Equal(3_334 + 18, overdue.Daily()[0]);   // 500 ÷ 28 = 17 rest 24
        // Overdue beyond the doubtful limit: not expected.
        Assert.False(CashForecast.Place(overdue, new ExpectedReceipt(CashSource.Invoices, 5_000, Monday.AddDays(-400)), Monday, 365));
        Assert.Equal(200_500, overdue.Total);

        // A promise that has passed unbroken still counts from the forecast's day; the plain view keeps due dates.
        var promises = new CashCalendar(Monday, 7);
        CashForecast.Place(promises, new ExpectedReceipt(CashSource.Promises, 300, Monday.AddDays(-1)), Monday, 365);
        CashForecast.PlaceOnDueDate(promises, new ExpectedReceipt(CashSource.Invoices, 50, Monday.AddDays(-1)));
        Assert.Equal(300, promises.Daily()[0]);
        Assert.Equal(50, promises.Before);
    }

    [Fact]
    public void MeanAbsolutePercentageError_SkipsWeeksWithoutReceipts()
    {
        Assert.Equal(0.15m, CashForecast.MeanAbsolutePercentageError([(90, 100), (120, 100), (5, 0)]));
        Assert.Null(CashForecast.MeanAbsolutePercentageError([(5, 0)]));
    }

    [Fact]
    public void NothingIsMadeOrLost_HoweverReceiptsAreSpread() =>
        Prop.ForAll(
            (from units in Gen.Choose(-1_000_000, 50_000_000)
             from due in Gen.Choose(-500, 200)
             from late in Gen.Choose(0, 100)
             from expected in Gen.Choose(-30, 120)
             from source in Gen.Elements(Enum.GetValues<CashSource>())
             select new ExpectedReceipt(source, units, Monday.AddDays(due), late / 100m, Monday.AddDays(due + expected))).ListOf().ToArbitrary(),
            Gen.Choose(1, 120).ToArbitrary(),
            (receipts, days) =>
            {
                var forecast = new CashCalendar(Monday, days);
                var plain = new CashCalendar(Monday, days);
                var placed = receipts.Where(r => CashForecast.Place(forecast, r, Monday, 365)).Sum(r => r.Units);
                receipts.ForEach(r => CashForecast.PlaceOnDueDate(plain, r));
                bool AddsUp(CashCalendar c, long total) =>
                    c.Total == total && c.Before + c.Daily().Sum() + c.After == total
                    && c.Weeks().Sum(w => w.Units) == c.Daily().Sum() && c.Months().Sum(m => m.Units) == c.Daily().Sum();
                // Nothing is expected before the day the forecast is made.
                return AddsUp(forecast, placed) && forecast.Before == 0 && AddsUp(plain, receipts.Sum(r => r.Units));
            }).QuickCheckThrowOnFailure();
}
