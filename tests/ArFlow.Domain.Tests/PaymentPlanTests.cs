using ArFlow.Domain.Contracts;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using FsCheck;
using FsCheck.Fluent;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Domain.Tests;

public class PaymentPlanTests
{
    private static readonly DateOnly Jan31 = new(2028, 1, 31);

    [Fact]
    public void EqualParts_PutsTheRemainderOnTheLastInstallment()
    {
        var plan = PaymentPlan.EqualParts(new M(100m, Currency.CNY), 3, Jan31).ValueOrThrow();
        Assert.Equal([33.33m, 33.33m, 33.34m], plan.Select(i => i.Amount.Amount));
    }

    [Fact]
    public void EqualParts_FromAMonthEnd_StaysOnMonthEnds_ThroughLeapFebruary()
    {
        var plan = PaymentPlan.EqualParts(new M(400m, Currency.CNY), 4, Jan31).ValueOrThrow();
        Assert.Equal([new(2028, 1, 31), new(2028, 2, 29), new(2028, 3, 31), new DateOnly(2028, 4, 30)], plan.Select(i => i.DueDate));
    }

    [Fact]
    public void Percentages_MustAddUpTo100()
    {
        var result = PaymentPlan.Percentages(new M(100m, Currency.CNY), [new(30m, "sign", Jan31), new(60m, "deliver", Jan31)]);
        Assert.Equal(ErrorCodes.PlanDoesNotSum, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Explicit_MustAddUpToTheTotal()
    {
        var result = PaymentPlan.Explicit(new M(100m, Currency.CNY), [(Jan31, 50m, null), (Jan31, 49.99m, null)]);
        Assert.Equal(ErrorCodes.PlanDoesNotSum, Assert.Single(result.Errors).Code);
    }

    private static Arbitrary<M> Totals() =>
        Gen.Elements("CNY", "JPY", "KWD")
            .SelectMany(c => Gen.Choose(1, int.MaxValue).Select(units => new M(units * M.MinorUnit(Currency.Parse(c)), Currency.Parse(c))))
            .ToArbitrary();

    [Fact]
    public void EqualParts_AlwaysSumToTheTotal() =>
        Prop.ForAll(Totals(), Gen.Choose(1, PaymentPlan.MaxInstallments).ToArbitrary(), (total, n) =>
        {
            var plan = PaymentPlan.EqualParts(total, n, Jan31).ValueOrThrow();
            return plan.Count == n
                && plan.Aggregate(M.Zero(total.Currency), (s, i) => s + i.Amount) == total
                && plan.All(i => i.Amount.IsWholeMinorUnits && !i.Amount.IsNegative);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Percentages_AlwaysSumToTheTotal() =>
        Prop.ForAll(
            Totals(),
            Gen.Choose(1, 1000).ArrayOf().Where(a => a.Length is > 0 and < 50).ToArbitrary(),
            (total, weights) =>
            {
                // Turn arbitrary weights into percentages with two decimals that add up to exactly 100.
                var pct = new M(100m, Currency.CNY).Split(weights.Select(w => (decimal)w).ToArray()).Select(p => p.Amount).ToArray();
                if (pct.Any(p => p <= 0m)) return true;
                var plan = PaymentPlan.Percentages(total, pct.Select(p => new MilestoneShare(p, "m", Jan31)).ToArray()).ValueOrThrow();
                return plan.Sum(i => i.Amount.Amount) == total.Amount && plan.All(i => i.Amount.IsWholeMinorUnits && !i.Amount.IsNegative);
            }).QuickCheckThrowOnFailure();
}
