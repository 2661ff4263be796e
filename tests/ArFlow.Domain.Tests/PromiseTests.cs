using ArFlow.Domain.Collections;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class PromiseTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    [Fact]
    public void APromise_IsKeptOnTheDayTheMoneyCoversIt_BrokenTheDayAfterItsDate_OrOpen()
    {
        var promise = new Promise(1, 1000m, Day, Day.AddDays(10));
        Assert.Equal(new PromiseOutcome(1, PromiseStatus.Kept, Day.AddDays(8), 1000m),
            PromiseKeeping.Settle([promise], [new Payment(Day.AddDays(3), 400m), new Payment(Day.AddDays(8), 700m)], Day.AddDays(20)).Single());
        Assert.Equal(new PromiseOutcome(1, PromiseStatus.Broken, Day.AddDays(11), 400m),
            PromiseKeeping.Settle([promise], [new Payment(Day.AddDays(3), 400m)], Day.AddDays(11)).Single());
        Assert.Equal(PromiseStatus.Open, PromiseKeeping.Settle([promise], [new Payment(Day.AddDays(3), 400m)], Day.AddDays(10)).Single().Status);
        // Money before the promise was made, or after its date, does not keep it; grace days extend the date.
        Assert.Equal(PromiseStatus.Broken, PromiseKeeping.Settle([promise], [new Payment(Day.AddDays(-1), 1000m), new Payment(Day.AddDays(12), 1000m)], Day.AddDays(30)).Single().Status);
        Assert.Equal(PromiseStatus.Kept, PromiseKeeping.Settle([promise], [new Payment(Day.AddDays(12), 1000m)], Day.AddDays(30), graceDays: 2).Single().Status);
    }

    [Fact]
    public void OnePayment_NeverKeepsTwoPromises()
    {
        var outcomes = PromiseKeeping.Settle([new Promise(1, 500m, Day, Day.AddDays(5)), new Promise(2, 500m, Day, Day.AddDays(10))],
            [new Payment(Day.AddDays(2), 500m)], Day.AddDays(30));
        Assert.Equal([PromiseStatus.Kept, PromiseStatus.Broken], outcomes.Select(o => o.Status));
    }

    [Fact]
    public void PromisesNeverTakeMoreThanWasPaid_AndAKeptOneIsFullyCovered() =>
        Prop.ForAll(
            Gen.Choose(1, 20).Zip(Gen.Choose(0, 30)).Zip(Gen.Choose(0, 30)).ListOf().ToArbitrary(),
            Gen.Choose(0, 40).Zip(Gen.Choose(1, 20)).ListOf().ToArbitrary(),
            Gen.Choose(0, 60).ToArbitrary(),
            (ps, pays, todayOffset) =>
            {
                var promises = ps.Select((p, i) => new Promise(i, p.Item1.Item1 * 100m, Day.AddDays(p.Item1.Item2), Day.AddDays(p.Item1.Item2 + p.Item2))).ToList();
                var payments = pays.Select(p => new Payment(Day.AddDays(p.Item1), p.Item2 * 50m)).ToList();
                var today = Day.AddDays(todayOffset);
                var outcomes = PromiseKeeping.Settle(promises, payments, today);
                var paidByToday = payments.Where(p => p.Date <= today).Sum(p => p.Amount);
                return outcomes.Sum(o => o.Covered) <= paidByToday
                    && outcomes.All(o => o.Status != PromiseStatus.Kept || o.Covered == promises.Single(p => p.Id == o.Id).Amount)
                    && outcomes.All(o => o.Status != PromiseStatus.Broken || today > promises.Single(p => p.Id == o.Id).PromisedFor);
            }).QuickCheckThrowOnFailure();
}

public class RepaymentPlanTests
{
    private static readonly DateOnly Start = new(2026, 7, 1);
    private static readonly PlanInstallment[] Three = [new(1, new(2026, 7, 31), 1000m), new(2, new(2026, 8, 31), 1000m), new(3, new(2026, 9, 30), 1000m)];

    [Fact]
    public void APlan_IsActiveWhileKept_BrokenByAMissedInstallment_CompletedWhenAllArePaid()
    {
        Assert.Equal(RepaymentPlanStatus.Active, RepaymentPlanKeeping.Standing(Start, Three, [new Payment(new(2026, 7, 30), 1000m)], new(2026, 8, 31)).Status);
        Assert.Equal(RepaymentPlanStatus.Broken, RepaymentPlanKeeping.Standing(Start, Three, [new Payment(new(2026, 7, 30), 1000m)], new(2026, 9, 1)).Status);
        // Paid late but within the grace days: still kept.
        Assert.Equal(RepaymentPlanStatus.Active, RepaymentPlanKeeping.Standing(Start, Three, [new Payment(new(2026, 8, 2), 1000m)], new(2026, 8, 3), graceDays: 3).Status);
        Assert.Equal(RepaymentPlanStatus.Completed, RepaymentPlanKeeping.Standing(Start, Three, [new Payment(new(2026, 7, 5), 3000m)], new(2026, 7, 6)).Status);
        // Money from before the plan keeps nothing.
        Assert.Equal(RepaymentPlanStatus.Broken, RepaymentPlanKeeping.Standing(Start, Three, [new Payment(new(2026, 6, 30), 3000m)], new(2026, 8, 1)).Status);
    }
}
