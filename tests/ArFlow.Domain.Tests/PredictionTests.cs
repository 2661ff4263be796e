using ArFlow.Domain.Prediction;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class PredictionTests
{
    private static readonly DateOnly Day0 = new(2025, 1, 1);

    private static Gen<InvoiceRecord> Invoices =>
        from customer in Gen.Elements("A", "B", "C")
        from issue in Gen.Choose(0, 300)
        from terms in Gen.Elements(0, 30, 60)
        from amount in Gen.Choose(1, 100_000)
        from settle in Gen.Choose(-1, 150)
        select new InvoiceRecord(customer, Day0.AddDays(issue), Day0.AddDays(issue + terms), amount, settle < 0 ? null : Day0.AddDays(issue + settle));

    [Fact]
    public void TheHistoryBeforeADay_CountsOnlyWhatWasSettledBeforeIt() =>
        Prop.ForAll(Invoices.ListOf().ToArbitrary(), Gen.Choose(0, 500).ToArbitrary(), (list, offset) =>
        {
            var all = list.ToList();
            var history = new PaymentHistory(all, lateDays: 10);
            var day = Day0.AddDays(offset);
            return new[] { "A", "B", "C" }.All(c =>
            {
                var known = all.Where(i => i.Customer == c && i.SettledDate < day).ToList();
                var h = history.Before(c, day);
                return h.Count == known.Count && h.Late == known.Count(i => i.DaysLate > 10)
                    && (known.Count == 0 || h.AverageDaysToSettle == known.Average(i => (decimal)i.DaysToSettle!.Value));
            });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Auc_IsTheShareOfLateOnTimePairsRankedRight() =>
        Prop.ForAll(Gen.Choose(0, 10).Zip(Gen.Elements(true, false)).ListOf().ToArbitrary(), pairs =>
        {
            var scores = pairs.Select(p => (decimal)p.Item1).ToList();
            var labels = pairs.Select(p => p.Item2).ToList();
            var late = pairs.Where(p => p.Item2).Select(p => p.Item1).ToList();
            var onTime = pairs.Where(p => !p.Item2).Select(p => p.Item1).ToList();
            var auc = PredictionScore.AreaUnderCurve(scores, labels);
            if (late.Count == 0 || onTime.Count == 0) return auc is null;
            var right = late.Sum(l => onTime.Sum(o => l > o ? 1m : l == o ? 0.5m : 0m));
            return Math.Abs(auc!.Value - right / (late.Count * (decimal)onTime.Count)) < 1e-20m;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void TheScore_ComparesForecastsWithWhatHappened()
    {
        var score = PredictionScore.Of([new Forecast(0.9m, 40m), new Forecast(0.2m, 30m), new Forecast(0.6m, 10m)], [(true, 50), (false, 28), (false, 10)]);
        Assert.Equal(1m, score.Auc);
        Assert.Equal(Math.Round(2 / 3m, 9), Math.Round(score.Accuracy!.Value, 9));
        Assert.Equal(4m, score.MaeDays);
    }

    [Fact]
    public void TheNaiveForecast_UsesTheCustomersRecord_ElseTheBooks()
    {
        var settled = new[]
        {
            new InvoiceRecord("A", Day0, Day0.AddDays(30), 100m, Day0.AddDays(30)),
            new InvoiceRecord("A", Day0.AddDays(10), Day0.AddDays(40), 100m, Day0.AddDays(60)),
            new InvoiceRecord("B", Day0, Day0.AddDays(30), 100m, Day0.AddDays(31)),
        };
        var naive = NaiveForecast.From(settled, lateDays: 0);
        var history = new PaymentHistory(settled, lateDays: 0);
        var next = new InvoiceRecord("A", Day0.AddDays(70), Day0.AddDays(100), 50m, null);
        Assert.Equal(new Forecast(0.5m, 30 + 10), naive.For(next, history.Before("A", next.IssueDate)));
        var stranger = next with { Customer = "Z" };
        Assert.Equal(new Forecast(2 / 3m, 30 + 7), naive.For(stranger, history.Before("Z", next.IssueDate)));
    }

    [Fact]
    public void Features_AreNamed_AndUnknownHistoryIsMissing()
    {
        var invoice = new InvoiceRecord("A", Day0, Day0.AddDays(30), 999m, null);
        var features = PaymentFeatures.Of(invoice, new HistoryBefore(0, 0, 0, 0, 0), null);
        Assert.Equal(PaymentFeatures.Names.Length, features.Length);
        Assert.Equal(999m, features[0]);
        Assert.Null(features[Array.IndexOf(PaymentFeatures.Names, "history-late-share")]);
    }
}
