using ArFlow.Domain.Credit;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>The credit file's arithmetic: ratios of a statement (including the undefined ones) and
/// payment behaviour from invoice outcomes.</summary>
public class CreditTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private static FinancialStatement Statement(decimal assets, decimal liabilities, decimal currentAssets, decimal currentLiabilities,
        decimal revenue = 1000m, decimal profit = 50m, decimal cash = 80m, decimal? inventory = null) =>
        new(2025, assets, liabilities, currentAssets, currentLiabilities, revenue, profit, cash, inventory);

    [Fact]
    public void Ratios_OfAPlainStatement()
    {
        var r = FinancialRatios.Of(Statement(1000m, 600m, 500m, 400m, inventory: 100m));
        Assert.Equal(400m, r.NetAssets);
        Assert.False(r.NegativeEquity);
        Assert.Equal(0.6m, r.AssetLiabilityRatio);
        Assert.Equal(1.25m, r.CurrentRatio);
        Assert.Equal(1m, r.QuickRatio);
        Assert.Equal(0.05m, r.NetMargin);
        Assert.Equal(0.2m, r.CashFlowToLiabilities);
    }

    [Fact]
    public void ARatioOverZero_IsUndefined_NotInvented()
    {
        var r = FinancialRatios.Of(Statement(0m, 0m, 0m, 0m, revenue: 0m));
        Assert.Null(r.AssetLiabilityRatio);
        Assert.Null(r.CurrentRatio);
        Assert.Null(r.NetMargin);
        Assert.Null(r.CashFlowToLiabilities);
        Assert.Null(r.QuickRatio); // and without inventory there is no quick ratio at all
        Assert.Null(FinancialRatios.Of(Statement(1000m, 600m, 500m, 400m)).QuickRatio);
    }

    [Fact]
    public void NegativeEquity_IsFlagged_AndTheLiabilityRatioGoesAboveOne()
    {
        var r = FinancialRatios.Of(Statement(800m, 1000m, 300m, 500m, profit: -120m));
        Assert.True(r.NegativeEquity);
        Assert.Equal(-200m, r.NetAssets);
        Assert.Equal(1.25m, r.AssetLiabilityRatio);
        Assert.Equal(-0.12m, r.NetMargin);
    }

    [Fact]
    public void ImpossibleStatements_AreRefused_FieldByField()
    {
        Assert.Empty(Statement(1000m, 600m, 500m, 400m).Problems());
        var problems = Statement(-1m, 600m, 500m, 700m, inventory: 900m).Problems();
        Assert.Contains(problems, p => p.Field == "totalAssets");
        Assert.Contains(problems, p => p.Field == "currentAssets");
        Assert.Contains(problems, p => p.Field == "currentLiabilities");
        Assert.Contains(problems, p => p.Field == "inventory");
    }

    private static Gen<FinancialStatement> Statements =>
        from assets in Gen.Choose(0, 1_000_000)
        from currentShare in Gen.Choose(0, 100)
        from liabilities in Gen.Choose(0, 2_000_000)
        from currentLiabilityShare in Gen.Choose(0, 100)
        from inventoryShare in Gen.Choose(0, 100)
        from revenue in Gen.Choose(0, 5_000_000)
        from profit in Gen.Choose(-1_000_000, 1_000_000)
        let currentAssets = assets * (decimal)currentShare / 100m
        select new FinancialStatement(2025, assets, liabilities, currentAssets, liabilities * (decimal)currentLiabilityShare / 100m,
            revenue, profit, profit, currentAssets * (decimal)inventoryShare / 100m);

    [Fact]
    public void EveryValidStatement_HasConsistentRatios() =>
        Prop.ForAll(Statements.ToArbitrary(), s =>
        {
            var r = FinancialRatios.Of(s);
            return s.Problems().Count == 0
                && r.NegativeEquity == s.TotalLiabilities > s.TotalAssets
                && (r.AssetLiabilityRatio is null) == (s.TotalAssets == 0)
                && (r.AssetLiabilityRatio is null || r.AssetLiabilityRatio >= 0)
                && (r.CurrentRatio is null) == (s.CurrentLiabilities == 0)
                && (r.QuickRatio is null || r.QuickRatio <= r.CurrentRatio)
                && (r.NegativeEquity || r.AssetLiabilityRatio is null || r.AssetLiabilityRatio <= 1m);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Behaviour_CountsOnTimeByNumberAndAmount_AndWeighsLatenessByAmount()
    {
        var b = PaymentBehaviour.Of(
        [
            new InvoiceOutcome(AsOf.AddDays(-60), 300m, AsOf.AddDays(-61)),   // early
            new InvoiceOutcome(AsOf.AddDays(-40), 100m, AsOf.AddDays(-30)),   // 10 days late
        ], AsOf);
        Assert.Equal(2, b.Invoices);
        Assert.Equal(0.5m, b.OnTimeShare);
        Assert.Equal(0.75m, b.OnTimeAmountShare);
        Assert.Equal(2.5m, b.AverageDaysLate);
        Assert.Equal(10, b.MaxDaysLate);
    }

    [Fact]
    public void Behaviour_CountsWhatIsStillOpenAsLateToTheDate_AndWriteOffsAsNeverOnTime()
    {
        var b = PaymentBehaviour.Of(
        [
            new InvoiceOutcome(AsOf.AddDays(-20), 100m, null),                              // 20 days late so far
            new InvoiceOutcome(AsOf, 100m, null),                                           // due today: not known yet
            new InvoiceOutcome(AsOf.AddDays(10), 100m, null),                               // not due
            new InvoiceOutcome(AsOf.AddDays(-100), 100m, AsOf.AddDays(-100), WrittenOff: true),
            new InvoiceOutcome(AsOf.AddMonths(-13), 100m, AsOf.AddMonths(-13)),              // outside the year
            new InvoiceOutcome(AsOf.AddDays(-5), 100m, AsOf.AddDays(3)),                    // paid after the date: open then
        ], AsOf);
        Assert.Equal(3, b.Invoices);
        Assert.Equal(0m, b.OnTimeShare);
        Assert.Equal(20, b.MaxDaysLate);
        Assert.Equal(8.3m, b.AverageDaysLate); // (20 + 0 + 5) / 3
    }

    [Fact]
    public void Behaviour_Trend_IsTheLastThreeMonthsLessTheNineBefore()
    {
        var b = PaymentBehaviour.Of(
        [
            new InvoiceOutcome(AsOf.AddMonths(-6), 100m, AsOf.AddMonths(-6).AddDays(5)),
            new InvoiceOutcome(AsOf.AddMonths(-1), 100m, AsOf.AddMonths(-1).AddDays(20)),
        ], AsOf);
        Assert.Equal(15m, b.TrendDaysLate);
        Assert.Null(PaymentBehaviour.Of([new InvoiceOutcome(AsOf.AddMonths(-1), 100m, AsOf)], AsOf).TrendDaysLate);
        Assert.Equal(new PaymentBehaviour(0, null, null, null, 0, null), PaymentBehaviour.Of([], AsOf));
    }

    private static Gen<InvoiceOutcome> Outcomes =>
        from due in Gen.Choose(-400, 30)
        from amount in Gen.Choose(1, 100_000)
        from settledAfter in Gen.Choose(-30, 120)
        from open in Gen.Elements(false, false, false, true)
        from writtenOff in Gen.Elements(false, false, false, false, true)
        select new InvoiceOutcome(AsOf.AddDays(due), amount, open ? null : AsOf.AddDays(due + settledAfter), writtenOff && !open);

    [Fact]
    public void Behaviour_SharesAreFractions_TheAverageIsBelowTheWorst_AndScaleDoesNotMatter() =>
        Prop.ForAll(Outcomes.ArrayOf().ToArbitrary(), Gen.Choose(2, 50).ToArbitrary(), (invoices, factor) =>
        {
            var b = PaymentBehaviour.Of(invoices, AsOf);
            var scaled = PaymentBehaviour.Of(invoices.Select(i => i with { Amount = i.Amount * factor }), AsOf);
            return (b.Invoices == 0 || (b.OnTimeShare is >= 0 and <= 1 && b.OnTimeAmountShare is >= 0 and <= 1 && b.AverageDaysLate <= b.MaxDaysLate))
                && scaled.AverageDaysLate == b.AverageDaysLate && scaled.OnTimeAmountShare == b.OnTimeAmountShare && scaled.OnTimeShare == b.OnTimeShare;
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData(800, 300, 0, 1000, 1.1)]
    [InlineData(0, 0, 500, 1000, 0.5)]
    public void Exposure_AddsOpenUnbilledAndProposed_AgainstTheLimit(int open, int unbilled, int proposed, int limit, double utilisation)
    {
        var e = new CreditExposure(open, unbilled, proposed, limit);
        Assert.Equal(open + unbilled + proposed, e.Total);
        Assert.Equal((decimal)utilisation, e.Utilisation);
        Assert.Null((e with { Limit = null }).Utilisation);
        Assert.Null((e with { Limit = 0 }).Utilisation);
    }
}
