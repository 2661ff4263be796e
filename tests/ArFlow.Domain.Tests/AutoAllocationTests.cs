using ArFlow.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class AutoAllocationTests
{
    private static readonly DateOnly D = new(2026, 3, 1);

    private static readonly AllocationCandidate[] Items =
    [
        new(1, DocumentKind.Invoice, D, D.AddDays(30), 300m),
        new(2, DocumentKind.Invoice, D.AddDays(-10), D.AddDays(60), 100m),
        new(3, DocumentKind.Charge, D.AddDays(5), D.AddDays(90), 20m),
        new(4, DocumentKind.Invoice, D.AddDays(-20), D.AddDays(10), 50m),
    ];

    [Theory]
    [InlineData(AllocationOrder.OldestDueFirst, new long[] { 4, 1, 2, 3 })]
    [InlineData(AllocationOrder.OldestDocumentFirst, new long[] { 4, 2, 1, 3 })]
    [InlineData(AllocationOrder.SmallestFirst, new long[] { 3, 4, 2, 1 })]
    [InlineData(AllocationOrder.LargestFirst, new long[] { 1, 2, 4, 3 })]
    [InlineData(AllocationOrder.ChargesFirst, new long[] { 3, 4, 1, 2 })]
    public void Sort_FollowsTheConfiguredOrder(AllocationOrder order, long[] expected) =>
        Assert.Equal(expected, AutoAllocation.Sort(Items, order).Select(c => c.ItemId));

    [Fact]
    public void Plan_FillsOldestDueFirst_AndLeavesTheRestUnapplied()
    {
        var plan = AutoAllocation.Plan(400m, Items, AllocationOrder.OldestDueFirst);
        Assert.Equal([(4L, 50m), (1L, 300m), (2L, 50m)], plan);
    }

    [Fact]
    public void Plan_NeverExceedsThePaymentOrAnyItem() =>
        Prop.ForAll(
            Gen.Choose(0, 1_000_000).ToArbitrary(),
            Gen.Choose(0, 100_000).Zip(Gen.Choose(-100, 100)).ArrayOf().ToArbitrary(),
            Gen.Elements(Enum.GetValues<AllocationOrder>()).ToArbitrary(),
            (cents, items, order) =>
            {
                var candidates = items.Select((x, i) => new AllocationCandidate(i, DocumentKind.Invoice, D, D.AddDays(x.Item2), x.Item1 / 100m)).ToArray();
                var plan = AutoAllocation.Plan(cents / 100m, candidates, order);
                var placed = plan.Sum(p => p.Amount);
                return placed <= cents / 100m
                    && plan.All(p => p.Amount > 0m && p.Amount <= candidates[p.ItemId].Available)
                    && (placed == cents / 100m || placed == candidates.Sum(c => c.Available));
            }).QuickCheckThrowOnFailure();
}
