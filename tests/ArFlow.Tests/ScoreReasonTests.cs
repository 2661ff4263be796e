using System.Globalization;
using ArFlow.Domain.Credit;
using ArFlow.Features.Credit;

namespace ArFlow.Tests;

/// <summary>Reason codes read as sentences in both languages, for every factor the scorecard knows.</summary>
public sealed class ScoreReasonTests
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public void Reasons_ReadAsSentences_InBothLanguages()
    {
        var below = new ScoreReason(CreditFactors.CurrentRatio, 0.8m, new ScoreBand(null, 1m, 30), -10.5m);
        Assert.Equal("current ratio 0.8 is below 1: -10.5", ScoreReasons.Text(below, En));
        Assert.Equal("流动比率 0.8 低于 1：-10.5", ScoreReasons.Text(below, Zh));
        var between = new ScoreReason(CreditFactors.AverageDaysLate, 12.4m, new ScoreBand(10m, 30m, 50), -10m);
        Assert.Equal("average days late 12.4 is between 10 and 30: -10", ScoreReasons.Text(between, En));
        Assert.Equal("资产负债率 1.2 不低于 1：-15", ScoreReasons.Text(new ScoreReason(CreditFactors.AssetLiabilityRatio, 1.2m, new ScoreBand(1m, null, 0), -15m), Zh));
        Assert.Equal("net margin is unknown: -6", ScoreReasons.Text(new ScoreReason(CreditFactors.NetMargin, null, null, -6m), En));
    }

    [Fact]
    public void EveryFactor_HasANameInBothLanguages()
    {
        foreach (var factor in CreditFactors.All)
            foreach (var culture in new[] { En, Zh })
                Assert.NotEqual("credit.factor." + factor, ArFlow.Infrastructure.Text.Get(culture, "credit.factor." + factor));
    }
}
