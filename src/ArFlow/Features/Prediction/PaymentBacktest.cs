using ArFlow.Domain.Prediction;

namespace ArFlow.Features.Prediction;

/// <summary>What a backtest found: how many invoices it trained and scored on, the model's score
/// (null when there was too little history to train one) beside the naive forecast's.</summary>
public sealed record BacktestReport(DateOnly Cutoff, int LateDays, int TrainedOn, int LateInTraining, PredictionScore? Model, PredictionScore Naive);

/// <summary>The honest test of payment prediction: train only on invoices settled before the
/// cutoff; score the invoices issued on or after it (and settled, so the outcome is known). Each
/// invoice's history features come from what was settled before its own issue date, never later.</summary>
public static class PaymentBacktest
{
    public static BacktestReport Run(IReadOnlyList<InvoiceRecord> invoices, DateOnly cutoff, int lateDays, IReadOnlyDictionary<string, CreditInputs>? credit = null)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var history = new PaymentHistory(invoices, lateDays);
        var training = invoices.Where(i => i.SettledDate < cutoff).ToList();
        var test = invoices.Where(i => i.IssueDate >= cutoff && i.SettledDate is not null).ToList();
        var trainRows = Rows(training, history, credit);
        var testRows = Rows(test, history, credit);
        var actual = test.Select(i => (i.DaysLate!.Value > lateDays, i.DaysToSettle!.Value)).ToList();
        var naive = NaiveForecast.From(training, lateDays);
        var naiveScore = PredictionScore.Of(test.Select(i => naive.For(i, history.Before(i.Customer, i.IssueDate))).ToList(), actual);
        var model = PaymentModel.CanTrain(trainRows) ? PredictionScore.Of(PaymentModel.Train(trainRows).Predict(testRows), actual) : null;
        return new BacktestReport(cutoff, lateDays, training.Count, trainRows.Count(r => r.Late), model, naiveScore);
    }

    /// <summary>The rows of invoices: features at issue, and the outcome when there is one.</summary>
    public static List<PaymentRow> Rows(IEnumerable<InvoiceRecord> invoices, PaymentHistory history, IReadOnlyDictionary<string, CreditInputs>? credit)
    {
        ArgumentNullException.ThrowIfNull(history);
        return invoices.Select(i => new PaymentRow
        {
            Features = PaymentRow.Encode(PaymentFeatures.Of(i, history.Before(i.Customer, i.IssueDate), credit is not null && credit.TryGetValue(i.Customer, out var c) ? c : null)),
            Late = i.DaysLate > history.LateDays,
            DaysToSettle = i.DaysToSettle ?? 0,
        }).ToList();
    }
}
