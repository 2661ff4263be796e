using ArFlow.Domain.Credit;
using ArFlow.Domain.Customers;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>Recommended limits by policy, and the credit check's pass / warn / block with its reasons.</summary>
public class CreditCheckTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    private static CreditCheckInput Input(decimal open = 0m, decimal proposed = 0m, decimal? limit = 1000m, int overdueDays = 0, decimal overdue = 0m,
        CustomerStatus status = CustomerStatus.Active, DateOnly? review = null) =>
        new(status, new CreditExposure(open, 0m, proposed, limit), overdueDays, overdue, 10, review, Today);

    [Theory]
    [InlineData(10_000_000, 2_000_000, 1_000_000)]   // sales share 1.5 M, net assets share 1.0 M: the lower
    [InlineData(100_000_000, 100_000_000, 5_000_000)] // capped
    [InlineData(1_000_000, -500_000, 0)]             // negative equity recommends nothing
    public void GradeA_RecommendsTheLowerShare_UpToTheCap(int sales, int netAssets, int expected) =>
        Assert.Equal(expected, CreditPolicy.Default.For("A").Limit.Recommend(sales, netAssets));

    [Fact]
    public void Policy_OfAnUnknownGrade_IsTheStrictest_AndDMeansPrepayment()
    {
        Assert.Equal("D", CreditPolicy.Default.For(null).Grade);
        Assert.True(CreditPolicy.Default.For("d").Prepayment);
        Assert.Equal(0m, CreditPolicy.Default.For("D").Limit.Recommend(null, null));
        Assert.Null(CreditPolicy.Default.For("B").Limit.Recommend(null, null));
    }

    [Fact]
    public void AHealthyCustomer_Passes() => Assert.Equal(CheckOutcome.Pass, CreditCheck.Run(Input(open: 200m, proposed: 100m)).Outcome);

    [Theory]
    [InlineData(800, 300, CheckOutcome.Block, CreditCheck.OverLimit)]
    [InlineData(800, 100, CheckOutcome.Warn, CreditCheck.NearLimit)]
    public void Exposure_AgainstTheLimit(int open, int proposed, CheckOutcome outcome, string code)
    {
        var result = CreditCheck.Run(Input(open: open, proposed: proposed));
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(code, Assert.Single(result.Reasons).Code);
    }

    [Fact]
    public void EveryReason_IsGiven_AndTheWorstDecides()
    {
        var result = CreditCheck.Run(Input(open: 950m, overdueDays: 5, overdue: 300m, status: CustomerStatus.OnHold, review: Today.AddDays(-1)));
        Assert.Equal(CheckOutcome.Block, result.Outcome);
        Assert.Equal(CreditCheck.OnHold, result.Reasons[0].Code); // the worst first
        Assert.Equal(new[] { CreditCheck.NearLimit, CreditCheck.OnHold, CreditCheck.OverdueWithinTolerance, CreditCheck.ReviewExpired }, result.Reasons.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Equal(CheckOutcome.Block, CreditCheck.Run(Input(overdueDays: 11, overdue: 1m)).Outcome);
        Assert.Equal(CreditCheck.NoLimit, Assert.Single(CreditCheck.Run(Input(limit: null)).Reasons).Code);
    }

    [Fact]
    public void MoreExposure_OrMoreDaysOverdue_NeverImprovesTheOutcome() =>
        Prop.ForAll(Gen.Choose(0, 2000).Zip(Gen.Choose(0, 500)).ToArbitrary(), Gen.Choose(0, 40).Zip(Gen.Choose(0, 10)).ToArbitrary(),
            (exposure, lateness) =>
            {
                var (open, extra) = exposure;
                var (days, moreDays) = lateness;
                var overdue = days > 0 ? 100m : 0m;
                var before = CreditCheck.Run(Input(open: open, overdueDays: days, overdue: overdue));
                var after = CreditCheck.Run(Input(open: open + extra, overdueDays: days + moreDays, overdue: overdue));
                var blocked = CreditCheck.Run(Input(open: open, status: CustomerStatus.Blocked));
                return after.Outcome >= before.Outcome && blocked.Outcome == CheckOutcome.Block
                    && before.Outcome == (before.Reasons.Count == 0 ? CheckOutcome.Pass : before.Reasons.Max(r => r.Outcome));
            }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData(CustomerStatus.Blocked, CustomerStatus.Active, true)]
    [InlineData(CustomerStatus.Blocked, CustomerStatus.OnHold, true)]
    [InlineData(CustomerStatus.OnHold, CustomerStatus.Active, true)]
    [InlineData(CustomerStatus.Active, CustomerStatus.Blocked, false)]
    [InlineData(CustomerStatus.OnHold, CustomerStatus.Blocked, false)]
    [InlineData(CustomerStatus.OnHold, CustomerStatus.OnHold, false)]
    public void OnlyLooseningAHold_WaitsForApproval(CustomerStatus from, CustomerStatus to, bool loosens) =>
        Assert.Equal(loosens, CreditHold.Loosens(from, to));
}
