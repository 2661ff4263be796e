using ArFlow.Domain.Collections;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class DunningTests
{
    private static readonly BusinessCalendar China = BusinessCalendar.China;
    private static readonly BusinessCalendar Weekdays = new([], []);
    private static readonly DunningPolicy Standard = DunningPolicies.Shipped.Find("standard")!;

    [Fact]
    public void ChinasCalendar_KnowsHolidaysAndMakeUpDays()
    {
        Assert.False(China.IsBusinessDay(new DateOnly(2026, 10, 1)));      // National Day
        Assert.False(China.IsBusinessDay(new DateOnly(2026, 2, 17)));      // Spring Festival
        Assert.True(China.IsBusinessDay(new DateOnly(2026, 10, 10)));      // a Saturday worked to make up
        Assert.True(China.IsBusinessDay(new DateOnly(2026, 2, 14)));
        Assert.False(China.IsBusinessDay(new DateOnly(2026, 11, 22)));     // an ordinary Sunday
        Assert.Equal(new DateOnly(2026, 10, 8), China.OnOrAfter(new DateOnly(2026, 10, 1)));
        Assert.Equal(new DateOnly(2026, 2, 24), China.OnOrAfter(new DateOnly(2026, 2, 15)));
        Assert.True(China.Covers(2026));
        Assert.False(China.Covers(2030));
        Assert.Empty(China.Problems());
        var broken = new BusinessCalendar([new DateOnly(2026, 3, 2)], [new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 4)]);
        Assert.Equal(["workingWeekends[0]", "workingWeekends[0]", "workingWeekends[1]"], broken.Problems().Select(p => p.Field));
    }

    [Fact]
    public void AStepOnAHoliday_MovesToTheNextWorkingDay()
    {
        // Due 2026-09-23 (Wednesday): +7 falls on 30 September, a working day; +15 would be 8 October, the first day back.
        Assert.Equal(new DateOnly(2026, 9, 30), DunningPolicy.StepDate(new DateOnly(2026, 9, 23), 7, China));
        Assert.Equal(new DateOnly(2026, 10, 8), DunningPolicy.StepDate(new DateOnly(2026, 9, 24), 7, China));
        // Month ends and leap years are plain date arithmetic: due 2028-02-22 + 7 is Tuesday 29 February.
        Assert.Equal(new DateOnly(2028, 2, 29), DunningPolicy.StepDate(new DateOnly(2028, 2, 22), 7, Weekdays));
        Assert.Equal(new DateOnly(2027, 3, 1), DunningPolicy.StepDate(new DateOnly(2027, 2, 22), 7, Weekdays));
        // A Saturday step waits for Monday; a pre-due step too.
        Assert.Equal(new DateOnly(2026, 12, 7), DunningPolicy.StepDate(new DateOnly(2026, 12, 12), -7, Weekdays));
    }

    [Fact]
    public void TheDueStep_IsTheLatestWhoseDayHasCome_NeverOneAlreadyDone()
    {
        var due = new DateOnly(2026, 5, 29); // Friday
        Assert.Null(Standard.DueStep(due, null, due.AddDays(-8), Weekdays));
        Assert.Equal(-7, Standard.DueStep(due, null, due.AddDays(-7), Weekdays)!.Offset);
        Assert.Equal(0, Standard.DueStep(due, -7, due, Weekdays)!.Offset);
        Assert.Null(Standard.DueStep(due, 0, due.AddDays(1), Weekdays));
        // +15 = Saturday 13 June, so it waits for Monday the 15th.
        Assert.Null(Standard.DueStep(due, 7, new DateOnly(2026, 6, 13), Weekdays));
        Assert.Equal(15, Standard.DueStep(due, 7, new DateOnly(2026, 6, 15), Weekdays)!.Offset);
        // Catch-up after downtime: only the latest due step, not the four missed.
        Assert.Equal(60, Standard.DueStep(due, -7, due.AddDays(75), Weekdays)!.Offset);
        Assert.Null(Standard.DueStep(due, 90, due.AddDays(400), Weekdays));
    }

    [Fact]
    public void Disputes_Promises_AndKeptPlans_AreHeldOutOfDunning()
    {
        var d = new DateOnly(2026, 5, 1);
        DunningItem[] items =
        [
            new(1, "CNY", d, 1000m, Disputed: 400m), new(2, "CNY", d.AddDays(10), 500m), new(3, "CNY", d.AddDays(20), 800m, InKeptPlan: true),
            new(4, "USD", d, 300m), new(5, "CNY", d.AddDays(30), 700m),
        ];
        var dunnable = DunningPlan.Dunnable(items, new Dictionary<string, decimal> { ["CNY"] = 800m });
        // The promise covers the oldest first: 600 of item 1 (after its dispute), 200 of item 2.
        Assert.Equal([0m, 300m, 0m, 300m, 700m], dunnable.OrderBy(x => x.Item.ItemId).Select(x => x.Amount));
    }

    [Fact]
    public void ARun_ConsolidatesPerChannel_WordedByTheLatestStep()
    {
        var today = new DateOnly(2026, 7, 1);
        DunningItem[] items =
        [
            new(1, "CNY", today.AddDays(-7), 100m, LastOffset: 0),   // +7 email
            new(2, "CNY", today.AddDays(7), 200m),                   // -7 email
            new(3, "CNY", today.AddDays(-30), 300m, LastOffset: 15), // +30 call task
            new(4, "CNY", today.AddDays(-7), 50m, LastOffset: 7),    // already had +7
        ];
        var actions = DunningPlan.ForCustomer(Standard, items, new Dictionary<string, decimal>(), today, Weekdays);
        Assert.Equal(2, actions.Count);
        Assert.Equal(7, actions[0].Step.Offset);
        Assert.Equal([1L, 2L], actions[0].Items.Select(i => i.Item.ItemId));
        Assert.Equal(Domain.Collections.DunningChannel.CallTask, actions[1].Step.Channel);
    }

    [Fact]
    public void DunnableAmounts_NeverExceedOpen_AndHoldBackExactlyWhatIsDisputedAndPromised() =>
        Prop.ForAll(
            Gen.Choose(0, 60).Zip(Gen.Choose(1, 100)).Zip(Gen.Choose(0, 120)).ListOf().ToArbitrary(),
            Gen.Choose(0, 300).ToArbitrary(),
            (raw, promisedUnits) =>
            {
                var items = raw.Select((r, i) => new DunningItem(i, "CNY", new DateOnly(2026, 1, 1).AddDays(r.Item1.Item1), r.Item1.Item2 * 10m, Math.Min(r.Item2, r.Item1.Item2) * 10m)).ToList();
                var promised = promisedUnits * 10m;
                var result = DunningPlan.Dunnable(items, new Dictionary<string, decimal> { ["CNY"] = promised });
                var undisputed = items.Sum(i => i.Open - i.Disputed);
                return result.All(r => r.Amount >= 0m && r.Amount <= r.Item.Open - r.Item.Disputed)
                    && result.Sum(r => r.Amount) == Math.Max(0m, undisputed - promised);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void TheDueStep_NeverGoesBack_AndNeverSkipsAheadOfToday() =>
        Prop.ForAll(
            Gen.Choose(-30, 200).ToArbitrary(), Gen.Choose(0, 8).ToArbitrary(),
            (daysAfterDue, done) =>
            {
                var due = new DateOnly(2026, 3, 31);
                var today = due.AddDays(daysAfterDue);
                int? last = done == 0 ? null : Standard.Steps[Math.Min(done, Standard.Steps.Count) - 1].Offset;
                var step = Standard.DueStep(due, last, today, China);
                return step is null
                    || (step.Offset > (last ?? int.MinValue) && DunningPolicy.StepDate(due, step.Offset, China) <= today
                        && Standard.Steps.Where(s => s.Offset > step.Offset).All(s => DunningPolicy.StepDate(due, s.Offset, China) > today));
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void TheTimeline_IsWhatDailyRunsDo_StepsOnOneDaySendOnce()
    {
        // Due Friday 2026-09-25, a holiday: offsets 0 and +7 land on 09-28 and 10-08 (National Day week);
        // a step at +6 (10-01) would land on 10-08 too, so +6 gives way to +7 there.
        var policy = Standard with { Steps = [.. Standard.Steps.Where(s => s.Offset <= 7), Standard.Steps[2] with { Offset = 6 }] };
        policy = policy with { Steps = [.. policy.Steps.OrderBy(s => s.Offset)] };
        var timeline = policy.Timeline(new DateOnly(2026, 9, 25), China);
        Assert.Equal(
            [(-7, new DateOnly(2026, 9, 18), false), (0, new DateOnly(2026, 9, 28), false), (6, new DateOnly(2026, 10, 8), true), (7, new DateOnly(2026, 10, 8), false)],
            timeline.Select(t => (t.Step.Offset, t.Date, t.Superseded)));
    }

    [Fact]
    public void TheTimeline_MatchesADailyRunForAnyDueDate() =>
        Prop.ForAll(
            Gen.Choose(0, 730).ToArbitrary(),
            dayOfTwoYears =>
            {
                var due = new DateOnly(2025, 1, 1).AddDays(dayOfTwoYears);
                var expected = Standard.Timeline(due, China).Where(t => !t.Superseded).Select(t => (t.Step.Offset, t.Date)).ToList();
                var fired = new List<(int, DateOnly)>();
                int? last = null;
                for (var day = due.AddDays(-10); day <= due.AddDays(100); day = day.AddDays(1))
                    if (China.IsBusinessDay(day) && Standard.DueStep(due, last, day, China) is { } step)
                    {
                        fired.Add((step.Offset, day));
                        last = step.Offset;
                    }
                return fired.SequenceEqual(expected);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void QuietHours_DelayToTheNextAllowedMomentOnAWorkingDay()
    {
        var quiet = QuietHours.Default; // 21:00–08:00
        Assert.Equal(new DateTime(2026, 6, 30, 9, 0, 0), quiet.NextAllowed(new DateTime(2026, 6, 30, 9, 0, 0), China));
        Assert.Equal(new DateTime(2026, 6, 30, 8, 0, 0), quiet.NextAllowed(new DateTime(2026, 6, 30, 6, 30, 0), China));
        Assert.Equal(new DateTime(2026, 7, 1, 8, 0, 0), quiet.NextAllowed(new DateTime(2026, 6, 30, 22, 0, 0), China));
        // Friday night waits for Monday; the evening before National Day waits for 8 October.
        Assert.Equal(new DateTime(2026, 7, 6, 8, 0, 0), quiet.NextAllowed(new DateTime(2026, 7, 3, 21, 30, 0), China));
        Assert.Equal(new DateTime(2026, 10, 8, 8, 0, 0), quiet.NextAllowed(new DateTime(2026, 9, 30, 23, 0, 0), China));
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 30));
        Assert.Equal(new DateTime(2026, 6, 30, 13, 30, 0), lunch.NextAllowed(new DateTime(2026, 6, 30, 12, 15, 0), China));
        Assert.Equal(new DateTime(2026, 7, 6, 0, 0, 0), lunch.NextAllowed(new DateTime(2026, 7, 4, 10, 0, 0), China));
    }

    [Fact]
    public void ShippedPolicies_AreValid_AndBadOnesNameTheField()
    {
        Assert.Empty(DunningPolicies.Shipped.Problems());
        var p = DunningPolicies.Shipped;
        var bad = p with
        {
            Policies = [p.Policies[0] with { Steps = [p.Policies[0].Steps[1], p.Policies[0].Steps[0] with { Templates = new Dictionary<string, MessageTemplate>() }] }],
            ByGrade = new Dictionary<string, string> { ["D"] = "nope" },
        };
        Assert.Equal(
            ["policies[0].steps[1].offset", "policies[0].steps[1].templates.zh-CN.body", "policies[0].steps[1].templates.en-US.body", "byGrade.D"],
            bad.Problems().Select(e => e.Field));
        Assert.Equal("close-watch", p.For(null, "D").Code);
        Assert.Equal("standard", p.For(null, null).Code);
        Assert.Equal("close-watch", p.For("close-watch", "A").Code);
    }

    private static readonly InterestPolicy Interest = new(true, 0.05m, 5, 10m);

    [Fact]
    public void Interest_CountsDaysAfterTheGracePeriod_OnWhatWasOpen_Capped()
    {
        var due = new DateOnly(2026, 1, 31);
        OpenFrom[] unpaid = [new(new DateOnly(2026, 1, 1), 10_000m)];
        Assert.Equal(0m, LateInterest.Accrued(Interest, due, 10_000m, unpaid, due.AddDays(5), 2));
        // 29 February 2028 exists, 2026 has none: 31 Jan + 5 grace → charged from 6 Feb to 2 Mar = 25 days × 5.00.
        Assert.Equal(125m, LateInterest.Accrued(Interest, due, 10_000m, unpaid, new DateOnly(2026, 3, 2), 2));
        // Half paid on 16 Feb: 6–16 Feb on 10,000 (11 days), 17 Feb – 2 Mar on 5,000 (14 days).
        OpenFrom[] half = [new(new DateOnly(2026, 1, 1), 10_000m), new(new DateOnly(2026, 2, 16), 5_000m)];
        Assert.Equal(55m + 35m, LateInterest.Accrued(Interest, due, 10_000m, half, new DateOnly(2026, 3, 2), 2));
        // The cap: 10% of 10,000.
        Assert.Equal(1_000m, LateInterest.Accrued(Interest, due, 10_000m, unpaid, due.AddDays(1000), 2));
        // One day on 33.00 at 0.05% is 0.0165: rounded once, half away from zero.
        Assert.Equal(0.02m, LateInterest.Accrued(Interest with { GraceDays = 0 }, due, 33m, [new(due, 33m)], due.AddDays(1), 2));
    }

    [Fact]
    public void Interest_GrowsWithTime_NeverPastTheCap_AndIsZeroWhenPaidOnTime() =>
        Prop.ForAll(
            Gen.Choose(1, 100_000).ToArbitrary(), Gen.Choose(-10, 800).ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(),
            (units, paidAfter, extra) =>
            {
                var due = new DateOnly(2026, 2, 28);
                var original = units / 100m;
                OpenFrom[] history = [new(due.AddDays(-30), original), new(due.AddDays(paidAfter), 0m)];
                var at = LateInterest.Accrued(Interest, due, original, history, due.AddDays(paidAfter), 2);
                var later = LateInterest.Accrued(Interest, due, original, history, due.AddDays(paidAfter + extra), 2);
                return at == later && at <= Math.Round(original * 0.1m, 2, MidpointRounding.AwayFromZero) && at >= 0m
                    && (paidAfter > Interest.GraceDays || at == 0m);
            }).QuickCheckThrowOnFailure();
}

public class CollectionPriorityTests
{
    [Fact]
    public void TheScore_WeighsAmountDaysGradeLatenessAndBrokenPromises()
    {
        Assert.Equal(0m, CollectionPriority.Score(new PriorityInputs(0m, 0, "A", null, 0)));
        Assert.Equal(100m, CollectionPriority.Score(new PriorityInputs(5_000_000m, 400, "D", 1m, 3)));
        // 10,000 overdue (4/6 of the amount scale), 60 days (half), grade C, no prediction, one broken promise.
        Assert.Equal(26.7m + 12.5m + 10m + 5m, CollectionPriority.Score(new PriorityInputs(10_000m, 60, "C", null, 1)));
    }

    [Fact]
    public void TheScore_StaysWithin0And100_AndNoInputLowersIt() =>
        Prop.ForAll(
            Gen.Choose(0, 10_000_000).Zip(Gen.Choose(-10, 1000)).ToArbitrary(),
            Gen.Elements("A", "B", "C", "D").Zip(Gen.Choose(0, 100)).ToArbitrary(), Gen.Choose(0, 5).ToArbitrary(),
            (amountDays, gradeLate, broken) =>
            {
                var ((amount, days), (grade, late)) = (amountDays, gradeLate);
                var inputs = new PriorityInputs(amount, days, grade, late / 100m, broken);
                var score = CollectionPriority.Score(inputs);
                return score is >= 0m and <= 100m
                    && CollectionPriority.Score(inputs with { OverdueBase = amount * 2m + 1m }) >= score
                    && CollectionPriority.Score(inputs with { DaysOverdue = days + 7 }) >= score
                    && CollectionPriority.Score(inputs with { BrokenPromises = broken + 1 }) >= score
                    && CollectionPriority.Score(inputs with { LateChance = 1m }) >= score
                    && CollectionPriority.Score(inputs with { Grade = "D" }) >= score;
            }).QuickCheckThrowOnFailure();
}
