using ArFlow.Domain.Analytics;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>Each KPI against the worked example of docs/analytics.md, computed by hand: October 2026
/// (31 days), opening receivables 120,000, invoiced 90,000, collected 80,000, written off 1,000, so
/// closing 129,000 of which 60,000 not yet due; September invoiced 60,000 (30 days), August 50,000.</summary>
public class KpiTests
{
    private static decimal R(decimal? value, int decimals = 4) => Math.Round(value!.Value, decimals);

    [Fact]
    public void TheWorkedExample()
    {
        Assert.Equal(44.4333m, R(Kpis.SimpleDso(129_000m, 90_000m, 31)));              // 129,000 ÷ 90,000 × 31
        Assert.Equal(20.6667m, R(Kpis.BestPossibleDso(60_000m, 90_000m, 31)));          // 60,000 ÷ 90,000 × 31
        Assert.Equal(23.7667m, R(Kpis.AverageDaysDelinquent(Kpis.SimpleDso(129_000m, 90_000m, 31), Kpis.BestPossibleDso(60_000m, 90_000m, 31))));
        Assert.Equal(54m, Kpis.CollectionEffectiveness(120_000m, 90_000m, 129_000m, 60_000m)); // 81,000 ÷ 150,000 × 100
        Assert.Equal(50.5m, Kpis.CountBackDso(129_000m, [(90_000m, 31), (60_000m, 30), (50_000m, 31)])); // 31 + 39,000 ÷ 60,000 × 30
        Assert.Equal(0.0111m, R(Kpis.BadDebtRatio(1_000m, 90_000m)));
        var (turnover, days) = Kpis.Turnover(90_000m, 120_000m, 129_000m, 31);          // 90,000 ÷ 124,500; 31 ÷ that
        Assert.Equal((0.7229m, 42.8833m), (R(turnover), R(days)));
        Assert.Equal(0.5349m, R(Kpis.OverdueRatio(129_000m - 60_000m, 129_000m)));     // 69,000 ÷ 129,000
        Assert.Equal(0.7m, Kpis.PromiseKeptRate(7, 3));
    }

    [Fact]
    public void Concentration_TopTenShareAndHerfindahl()
    {
        Assert.Equal((1m, 0.38m), Kpis.Concentration([50m, 30m, 20m, -5m]));             // .25 + .09 + .04; a credit balance owes nothing
        Assert.Equal((0.9m, 0.23m), Kpis.Concentration([45m, .. Enumerable.Repeat(5m, 11)])); // 45 + 9 × 5; .2025 + 11 × .0025
        Assert.Equal((null, null), Kpis.Concentration([]));
    }

    [Fact]
    public void AnEmptyPeriod_AndOneWithOnlyCreditNotes_HaveNoSalesBasedFigures()
    {
        Assert.Null(Kpis.SimpleDso(0m, 0m, 30));
        Assert.Null(Kpis.BestPossibleDso(0m, 0m, 30));
        Assert.Null(Kpis.CollectionEffectiveness(0m, 0m, 0m, 0m));
        Assert.Null(Kpis.BadDebtRatio(0m, 0m));
        Assert.Equal((null, null), Kpis.Turnover(0m, 0m, 0m, 30));
        Assert.Null(Kpis.PromiseKeptRate(0, 0));
        Assert.Null(Kpis.CountBackDso(100m, []));
        // Only a credit note of 200 against an opening 1,000 (all overdue): no sales, but 20 % of what could be collected was settled.
        Assert.Null(Kpis.SimpleDso(800m, 0m, 31));
        Assert.Equal(20m, Kpis.CollectionEffectiveness(1_000m, 0m, 800m, 0m));
        Assert.Equal(1m, Kpis.OverdueRatio(800m, 800m));
    }

    [Fact]
    public void CountBack_LiesBetweenNothingAndEveryDay_AndIsWholeMonthsWhenTheyAddUp() =>
        Prop.ForAll(
            Gen.Choose(0, 500_000).ListOf().Where(l => l.Count is > 0 and <= 12).ToArbitrary(), Gen.Choose(0, 3_000_000).ToArbitrary(),
            (sales, receivable) =>
            {
                var months = sales.Select((s, i) => ((decimal)s, 28 + i % 4)).ToList();
                var dso = Kpis.CountBackDso(receivable, months)!.Value;
                var k = Enumerable.Range(1, months.Count).FirstOrDefault(n => months.Take(n).Sum(m => m.Item1) == receivable && months[n - 1].Item1 > 0m);
                var whole = k > 0 ? months.Take(k).Sum(m => m.Item2) : (int?)null;
                return dso >= 0m && dso <= months.Sum(m => m.Item2) && (whole is null || dso == whole);
            }).QuickCheckThrowOnFailure();
}
