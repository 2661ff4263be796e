using ArFlow.Domain.Credit;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>The scorecard: points by band, a weighted score 0–100, a grade, and reasons that add up.</summary>
public class ScorecardTests
{
    private static Dictionary<string, decimal?> Perfect => new()
    {
        [CreditFactors.OnTimeAmountShare] = 1m, [CreditFactors.AverageDaysLate] = 0m, [CreditFactors.CurrentRatio] = 2.5m,
        [CreditFactors.AssetLiabilityRatio] = 0.3m, [CreditFactors.NetMargin] = 0.2m, [CreditFactors.YearsInBusiness] = 20m, [CreditFactors.Lawsuits] = 0m,
    };

    [Fact]
    public void TheDefault_IsAValidScorecard() => Assert.Empty(Scorecard.Default.Problems());

    [Fact]
    public void APerfectCustomer_Scores100_GradeA_WithNothingToExplain()
    {
        var result = Scorecard.Default.Score(Perfect);
        Assert.Equal(100m, result.Score);
        Assert.Equal("A", result.Grade);
        Assert.Empty(result.Reasons);
    }

    [Fact]
    public void AWeakCurrentRatio_CostsItsWeightedPoints_AndIsTheReason()
    {
        var inputs = Perfect;
        inputs[CreditFactors.CurrentRatio] = 0.8m;
        var result = Scorecard.Default.Score(inputs);
        Assert.Equal(89.5m, result.Score); // 15% weight × (100 − 30) points
        var reason = Assert.Single(result.Reasons);
        Assert.Equal((CreditFactors.CurrentRatio, 0.8m, -10.5m), (reason.Factor, reason.Value, reason.Impact));
        Assert.Equal(new ScoreBand(0.8m, 1m, 30), reason.Band);
    }

    [Fact]
    public void AnUnknownCustomer_IsNotGradedAsAGoodOne()
    {
        var result = Scorecard.Default.Score(new Dictionary<string, decimal?>());
        Assert.Equal(47.5m, result.Score);
        Assert.Equal("D", result.Grade);
        Assert.Equal(3, result.Reasons.Count);
        Assert.All(result.Reasons, r => Assert.Null(r.Value));
    }

    [Fact]
    public void AnEditedScorecard_IsCheckedBeforeItIsUsed()
    {
        var bad = new Scorecard(
        [
            new ScoreFactor("x", 0m, [new ScoreBand(null, 1m, 50), new ScoreBand(2m, null, 200)], 120),
            new ScoreFactor("x", 1m, [], 0),
        ], [new GradeCut("A", 80)]);
        var fields = bad.Problems().Select(p => p.Field).ToList();
        Assert.Contains("factors[0].weight", fields);
        Assert.Contains("factors[0].missingPoints", fields);
        Assert.Contains("factors[0].bands[1]", fields);        // a gap between 1 and 2
        Assert.Contains("factors[0].bands[1].points", fields);
        Assert.Contains("factors[1].bands", fields);
        Assert.Contains("factors", fields);                     // the key twice
        Assert.Contains("grades", fields);                      // no grade for a score below 80
    }

    [Fact]
    public void GradeCuts_NameTheCustomerGrades_OnceEach()
    {
        var bad = Scorecard.Default with { Grades = [new GradeCut("A", 80), new GradeCut("E", 40), new GradeCut("1", 20), new GradeCut("A", 0)] };
        var problems = bad.Problems();
        Assert.Contains(problems, p => p.Field == "grades[1].grade");
        Assert.Contains(problems, p => p.Field == "grades[2].grade");   // a number is not a grade
        Assert.Contains(problems, p => p.Field == "grades" && p.Args.Contains("A"));
    }

    [Fact]
    public void TheDefaultPolicy_IsValid_AndAnEditedOneIsChecked()
    {
        Assert.Empty(CreditPolicy.Default.Problems());
        var bad = new CreditPolicy(
        [
            new("A", "net sixty", new LimitRule(1.5m, -0.1m, -1m), false, false, 0, 400),
            new("B", "net 45", null!, false, false, 6, 10),
            new("B", "net 30", new LimitRule(null, null, null), false, false, 61, -1),
        ]);
        var fields = bad.Problems().Select(p => p.Field).ToList();
        Assert.Equal(
        [
            "rows[C]", "rows[D]", "rows[0].terms", "rows[0].limit.shareOfAnnualSales", "rows[0].limit.shareOfNetAssets", "rows[0].limit.cap",
            "rows[0].reviewMonths", "rows[0].overdueToleranceDays", "rows[1].limit", "rows[2].reviewMonths", "rows[2].overdueToleranceDays", "rows",
        ], fields);
    }

    private static Gen<Dictionary<string, decimal?>> Inputs =>
        from values in Gen.Choose(-50, 300).Select(v => (decimal?)(v / 100m)).Zip(Gen.Elements(true, true, true, false))
            .Select(p => p.Item2 ? p.Item1 : null).ArrayOf(CreditFactors.All.Length)
        select CreditFactors.All.Zip(values).ToDictionary(p => p.First, p => p.Second);

    [Fact]
    public void Scores_AreBetween0And100_AndTheReasonsAccountForWhatIsMissing() =>
        Prop.ForAll(Inputs.ToArbitrary(), inputs =>
        {
            var all = Scorecard.Default.Score(inputs, reasons: int.MaxValue);
            var top = Scorecard.Default.Score(inputs);
            var grade = all.Score >= 80 ? "A" : all.Score >= 65 ? "B" : all.Score >= 50 ? "C" : "D";
            return all.Score is >= 0 and <= 100 && all.Grade == grade
                && Math.Abs(100m - all.Score + all.Reasons.Sum(r => r.Impact)) <= 0.1m * (all.Reasons.Count + 1)
                && top.Reasons.Count <= 3 && top.Reasons.SequenceEqual(all.Reasons.Take(3));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void MovingAFactorIntoItsBestBand_NeverLowersTheScore() =>
        Prop.ForAll(Inputs.ToArbitrary(), Gen.Elements(Scorecard.Default.Factors.ToArray()).ToArbitrary(), (inputs, factor) =>
        {
            var best = factor.Bands.MaxBy(b => b.Points)!;
            var better = new Dictionary<string, decimal?>(inputs) { [factor.Key] = best.From ?? best.To - 1m };
            return Scorecard.Default.Score(better).Score >= Scorecard.Default.Score(inputs).Score;
        }).QuickCheckThrowOnFailure();
}
