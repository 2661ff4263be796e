using ArFlow.Domain.Ageing;
using ArFlow.Domain.Analytics;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>The ageing movement of the monthly report: the worked example of docs/analytics.md and the
/// invariant that every bucket's opening, in and out add up to its closing.</summary>
public class AgeingMovementTests
{
    private static readonly AgeingBuckets Buckets = AgeingBuckets.Default;

    [Fact]
    public void TheWorkedExample()
    {
        var m = AgeingMovement.Of(
        [
            new(1_000m, 20, 1_000m, 50),  // aged from 1-30 into 31-60, unpaid
            new(600m, 25, 200m, 55),      // 400 paid, the rest aged into 31-60
            new(800m, 45, 0m, 75),        // paid in full out of 31-60
            new(0m, 0, 500m, -10),        // invoiced in the month, not yet due
            new(300m, -5, 300m, 25),      // was current, now 1-30
            new(-50m, 10, -50m, 40),      // unapplied credit: not a debt in a bucket
        ], Buckets);

        Assert.Equal(1_600m, m.Opening(1));
        Assert.Equal(400m, m.SettledOut(1));
        Assert.Equal(1_200m, m.AgedOut(1));
        Assert.Equal(300m, m.AgedIn(1));
        Assert.Equal(300m, m.Closing(1));
        Assert.Equal(800m, m.SettledOut(2));
        Assert.Equal(1_200m, m.AgedIn(2));
        Assert.Equal(1_200m, m.Closing(2));
        Assert.Equal(500m, m.NewIn(0));
        Assert.Equal(500m, m.Closing(0));
        Assert.Equal(0.75m, m.RollRate(1));
        Assert.Null(m.RollRate(5));
    }

    [Fact]
    public void EveryBucket_OpeningPlusInLessOut_IsItsClosing() =>
        Prop.ForAll(
            (from start in Gen.Choose(-10_000, 1_000_000)
             from end in Gen.Choose(-10_000, 1_000_000)
             from age in Gen.Choose(-60, 800)
             from days in Gen.Choose(0, 31)
             from paidOff in Gen.Elements(true, false)
             select new DebtAtEnds(start / 100m, age, paidOff ? 0m : end / 100m, age + days)).ListOf().ToArbitrary(),
            debts =>
            {
                var m = AgeingMovement.Of(debts, Buckets);
                var buckets = Enumerable.Range(0, Buckets.Count).ToList();
                decimal OpenIn(int b, Func<DebtAtEnds, decimal> open, Func<DebtAtEnds, int> age) =>
                    debts.Where(d => open(d) > 0 && Buckets.IndexOf(age(d)) == b).Sum(open);
                return buckets.All(b =>
                        m.Opening(b) + m.NewIn(b) + m.AgedIn(b) - m.SettledOut(b) - m.AgedOut(b) == m.Closing(b)
                        && m.Opening(b) == OpenIn(b, d => d.OpenAtStart, d => d.AgeAtStart)
                        && m.Closing(b) == OpenIn(b, d => d.OpenAtEnd, d => d.AgeAtEnd))
                    && buckets.Sum(m.SettledOut) - buckets.Sum(m.NewIn) == debts.Sum(d => Math.Max(0m, d.OpenAtStart) - Math.Max(0m, d.OpenAtEnd));
            }).QuickCheckThrowOnFailure();
}
