namespace ArFlow.Domain.Prediction;

/// <summary>A forecast for one invoice: the probability of being paid more than the threshold late,
/// and the days from issue to payment.</summary>
public sealed record Forecast(decimal LateProbability, decimal DaysToSettle);

/// <summary>The plain forecast the model must beat, and the fallback when there is too little
/// history to train one: the customer's own record before the invoice (share late, average days to
/// settle), else the whole book's (terms plus the average days late).</summary>
public sealed record NaiveForecast(decimal BookLateShare, decimal BookAverageDaysLate)
{
    public static NaiveForecast From(IReadOnlyCollection<InvoiceRecord> settled, int lateDays)
    {
        ArgumentNullException.ThrowIfNull(settled);
        return settled.Count == 0 ? new NaiveForecast(0, 0)
            : new NaiveForecast(settled.Count(i => i.DaysLate > lateDays) / (decimal)settled.Count, settled.Average(i => (decimal)i.DaysLate!.Value));
    }

    public Forecast For(InvoiceRecord invoice, HistoryBefore history)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(history);
        return history.Count > 0
            ? new Forecast(history.LateShare!.Value, Math.Max(0, invoice.TermsDays + history.AverageDaysLate))
            : new Forecast(BookLateShare, invoice.TermsDays + BookAverageDaysLate);
    }
}

/// <summary>How good forecasts were against what happened: AUC and accuracy (at 0.5) for "late",
/// mean absolute error in days for the payment date.</summary>
public sealed record PredictionScore(int Invoices, decimal? Auc, decimal? Accuracy, decimal? MaeDays)
{
    public static PredictionScore Of(IReadOnlyList<Forecast> forecasts, IReadOnlyList<(bool Late, int DaysToSettle)> actual)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(actual);
        if (forecasts.Count != actual.Count) throw new ArgumentException("One forecast per actual outcome.", nameof(forecasts));
        if (forecasts.Count == 0) return new PredictionScore(0, null, null, null);
        var accuracy = forecasts.Zip(actual).Count(p => p.First.LateProbability >= 0.5m == p.Second.Late) / (decimal)forecasts.Count;
        var mae = forecasts.Zip(actual).Average(p => Math.Abs(p.First.DaysToSettle - p.Second.DaysToSettle));
        return new PredictionScore(forecasts.Count, AreaUnderCurve(forecasts.Select(f => f.LateProbability).ToList(), actual.Select(a => a.Late).ToList()), accuracy, mae);
    }

    /// <summary>The probability that a late invoice is scored above an on-time one (ties count half),
    /// from the ranks; null when only one class is present.</summary>
    public static decimal? AreaUnderCurve(IReadOnlyList<decimal> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        var order = scores.Select((s, i) => (Score: s, Label: labels[i])).OrderBy(x => x.Score).ToList();
        var rankSum = 0m;
        for (var i = 0; i < order.Count;)
        {
            var j = i;
            while (j < order.Count && order[j].Score == order[i].Score) j++;
            var averageRank = (i + 1 + j) / 2m; // ranks i+1 … j share their average
            rankSum += averageRank * order.Skip(i).Take(j - i).Count(x => x.Label);
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2m) / ((decimal)positives * negatives);
    }
}
