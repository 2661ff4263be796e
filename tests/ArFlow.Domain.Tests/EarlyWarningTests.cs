using ArFlow.Domain.Credit;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class EarlyWarningTests
{
    private static readonly WarningSignals Quiet = new("B", "B", 0.1m, 0.1m, 0.5m, 0, 0, 0, 2m, 2m, 0.05m, null);

    private static IEnumerable<string> Fired(WarningSignals s, WarningRules? rules = null) => EarlyWarning.Evaluate(s, rules ?? WarningRules.Default).Select(w => w.Rule);

    [Fact]
    public void AQuietCustomer_RaisesNothing() => Assert.Empty(Fired(Quiet));

    [Fact]
    public void EachRule_FiresAboveItsThreshold_AndNotAtIt()
    {
        Assert.Equal([WarningRules.GradeDropped], Fired(Quiet with { Grade = "C" }));
        Assert.Empty(Fired(Quiet with { Grade = "A" }));                                   // improved
        Assert.Empty(Fired(Quiet with { OverdueRatio = 0.2m }));                            // +10 points: not more than 10
        Assert.Equal([WarningRules.OverdueRatioUp], Fired(Quiet with { OverdueRatio = 0.2001m }));
        Assert.Empty(Fired(Quiet with { Utilisation = 0.9m }));
        Assert.Equal([WarningRules.UtilisationHigh], Fired(Quiet with { Utilisation = 0.9001m }));
        Assert.Equal([WarningRules.PromiseBroken], Fired(Quiet with { PromisesBroken = 1 }));
        Assert.Equal([WarningRules.NewLawsuit], Fired(Quiet with { Lawsuits = 1, LawsuitsBefore = 0 }));
        Assert.Equal([WarningRules.NewLawsuit], Fired(Quiet with { Lawsuits = 1, LawsuitsBefore = null }));
        Assert.Empty(Fired(Quiet with { Lawsuits = 2, LawsuitsBefore = 2 }));
        Assert.Empty(Fired(Quiet with { AverageDaysLate = 12m }));
        Assert.Equal([WarningRules.PayingSlower], Fired(Quiet with { AverageDaysLate = 12.1m }));
        Assert.Empty(Fired(Quiet with { ShareOfReceivables = 0.2m }));
        Assert.Equal([WarningRules.Concentration], Fired(Quiet with { ShareOfReceivables = 0.25m }));
        Assert.Empty(Fired(Quiet with { DaysPastReview = 0 }));
        Assert.Equal([WarningRules.ReviewOverdue], Fired(Quiet with { DaysPastReview = 1 }));
    }

    [Fact]
    public void TheMessageFigures_AreTheBeforeAndAfter()
    {
        var w = EarlyWarning.Evaluate(Quiet with { OverdueRatio = 0.35m }, WarningRules.Default).Single();
        Assert.Equal(["10%", "35%"], w.Args);
    }

    [Fact]
    public void UnknownSignals_FireNothing() =>
        Assert.Empty(Fired(new WarningSignals(null, "A", null, 0.5m, null, 0, null, 3, null, 1m, null, null)));

    [Fact]
    public void TheOverdueRatio_IsTheShareOfTheOpenAmountPastDue()
    {
        var day = new DateOnly(2026, 6, 30);
        Assert.Null(EarlyWarning.OverdueRatio([], day));
        Assert.Null(EarlyWarning.OverdueRatio([(day.AddDays(-5), 0m)], day));
        Assert.Equal(0.25m, EarlyWarning.OverdueRatio([(day.AddDays(-1), 100m), (day, 300m)], day));   // due today is not overdue
    }

    [Fact]
    public void AnEditedRuleSet_IsChecked()
    {
        var bad = new WarningRules([new("grade-dropped", true, 0m), new("nope", true, 1m), new("grade-dropped", false, -1m)]);
        Assert.Equal(["rules[1].key", "rules[2].threshold", "rules"], bad.Problems().Select(p => p.Field));
        Assert.Empty(WarningRules.Default.Problems());
    }

    private static Gen<WarningSignals> Signals =>
        from grades in Gen.Elements<string?>("A", "B", "C", "D", null).Two()
        from ratios in Gen.Choose(0, 100).Select(v => (decimal?)(v / 100m)).Two()
        from more in Gen.Choose(0, 120).Select(v => (decimal?)(v / 100m)).Zip(Gen.Choose(0, 3))
        from lawsuits in Gen.Choose(0, 3).Two()
        from days in Gen.Choose(0, 60).Select(v => (decimal?)v).Two()
        from past in Gen.Choose(-30, 30)
        select new WarningSignals(grades.Item1, grades.Item2, ratios.Item1, ratios.Item2, more.Item1, more.Item2, lawsuits.Item1, lawsuits.Item2,
            days.Item1, days.Item2, ratios.Item1 / 2, past);

    [Fact]
    public void RaisingAThreshold_NeverAddsAWarning_AndRulesOffNeverFire() =>
        Prop.ForAll(Signals.ToArbitrary(), Gen.Choose(0, 50).ToArbitrary(), (s, raise) =>
        {
            var base_ = Fired(s).ToHashSet();
            var stricter = new WarningRules([.. WarningRules.Default.Rules.Select(r => r with { Threshold = r.Threshold + raise })]);
            var off = new WarningRules([.. WarningRules.Default.Rules.Select(r => r with { On = false })]);
            return Fired(s, stricter).All(base_.Contains) && !Fired(s, off).Any();
        }).QuickCheckThrowOnFailure();
}
