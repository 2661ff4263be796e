using System.Collections.Concurrent;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Prediction;
using ArFlow.Infrastructure;
using ArFlow.Domain.Errors;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace ArFlow.Features.Prediction;

/// <summary>A forecast for one open invoice. Method: "model" (the trained models) or "history" (the
/// customer's own record, else the book's: there was too little history to train a model).</summary>
public sealed record PaymentPredictionDto(
    long DocumentId, string CustomerCode, string? Number, DateOnly IssueDate, DateOnly DueDate, decimal Open, string Currency,
    decimal LateProbability, DateOnly ExpectedPaymentDate, string Method);

public sealed record TrainingResult(bool Trained, long? ModelId, int Invoices, BacktestReport Holdout);

/// <summary>Payment prediction on the company's own ledger: training (by hand, or by the server when
/// the model grows old), and forecasts for open invoices with the fallback named.</summary>
public static class PaymentPredictions
{
    /// <summary>How far back the ledger is read for training and history.</summary>
    private const int YearsOfHistory = 3;

    private static readonly ConcurrentDictionary<long, PaymentModel> Loaded = new();

    /// <summary>Scores a holdout first — the last fifth of the settled invoices by issue date, trained
    /// on what came before — then trains on everything settled and keeps the model when there was
    /// enough history.</summary>
    public static async Task<TrainingResult> TrainAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var today = clock.Today;
        var invoices = await PaymentData.FromLedgerAsync(db, today.AddYears(-YearsOfHistory), ct);
        var credit = await PaymentData.CreditInputsAsync(db, today, ct);
        var settled = invoices.Where(i => i.SettledDate is not null).OrderBy(i => i.IssueDate).ToList();
        var cutoff = settled.Count == 0 ? today : settled[(int)(settled.Count * 0.8)].IssueDate;
        var holdout = PaymentBacktest.Run(invoices, cutoff, options.PredictionLateDays, credit);
        var history = new PaymentHistory(invoices, options.PredictionLateDays);
        var rows = PaymentBacktest.Rows(settled, history, credit);
        var naive = NaiveForecast.From(settled, options.PredictionLateDays);
        var model = PaymentModel.CanTrain(rows) ? PaymentModel.Train(rows) : null;
        var row = new PaymentModelRow
        {
            TrainedAt = clock.Now, LateDays = options.PredictionLateDays, TrainedOn = rows.Count, BookLateShare = naive.BookLateShare,
            BookAverageDaysLate = naive.BookAverageDaysLate, Report = JsonSerializer.Serialize(holdout, JsonSerializerOptions.Web), Content = model?.Save(),
        };
        db.PaymentModels.Add(row);
        await db.SaveChangesAsync(ct);
        if (model is not null) Loaded[row.Id] = model;
        // The worklist weighs the forecasts of the model just made.
        await RefreshForecastsAsync(db, options, clock, force: true, ct);
        return new TrainingResult(model is not null, row.Id, rows.Count, holdout);
    }

    /// <summary>Forecasts for the open invoices the person can see (of one customer, or all).</summary>
    public static async Task<IReadOnlyList<PaymentPredictionDto>> ForOpenAsync(ArFlowDbContext db, string? customerCode, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var today = clock.Today;
        var open = await (
            from d in db.Documents.AsNoTracking()
            join o in db.OpenItems on d.Id equals o.ItemId
            join c in db.Customers on d.CustomerId equals c.Id
            where d.Kind == Domain.Ledger.DocumentKind.Invoice && o.Open > 0m && (customerCode == null || c.Code == customerCode)
            orderby o.DueDate, d.Id
            select new { d.Id, c.Code, d.Number, d.DocumentDate, o.DueDate, o.Open, o.Currency, d.Amount, d.RateToBase }).ToListAsync(ct);
        if (open.Count == 0) return [];
        var stored = await db.PaymentModels.AsNoTracking().OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        var lateDays = stored?.LateDays ?? options.PredictionLateDays;
        var history = new PaymentHistory(await PaymentData.FromLedgerAsync(db, today.AddYears(-YearsOfHistory), ct, customerCode), lateDays);
        var credit = await PaymentData.CreditInputsAsync(db, today, ct);
        // Open invoices are forecast with what is known today: the history settled before today.
        var records = open.Select(i => new InvoiceRecord(i.Code, i.DocumentDate, i.DueDate, Math.Round(i.Amount * i.RateToBase, 2), null)).ToList();
        var model = stored?.Content is { } content ? Loaded.GetOrAdd(stored.Id, _ => PaymentModel.Load(content)) : null;
        IReadOnlyList<Forecast> forecasts;
        if (model is not null)
            forecasts = model.Predict(records.Select(r => new PaymentRow { Features = PaymentRow.Encode(PaymentFeatures.Of(r, history.Before(r.Customer, today), credit.GetValueOrDefault(r.Customer))) }).ToList());
        else
        {
            var naive = new NaiveForecast(stored?.BookLateShare ?? 0m, stored?.BookAverageDaysLate ?? 0m);
            forecasts = records.Select(r => naive.For(r, history.Before(r.Customer, today))).ToList();
        }
        return open.Zip(forecasts, (i, f) => new PaymentPredictionDto(i.Id, i.Code, i.Number, i.DocumentDate, i.DueDate, i.Open, i.Currency,
                Math.Round(f.LateProbability, 3), Later(i.DocumentDate.AddDays((int)Math.Round(f.DaysToSettle)), today), model is null ? "history" : "model"))
            .ToList();
    }

    /// <summary>Forecasts for invoices open at the start of a past day, as they would have been made then: the
    /// history settled before the day, and a model trained only on invoices settled before it (the book's
    /// averages when that was too little). The credit files are read as they are now.</summary>
    public static async Task<IReadOnlyList<Forecast>> PredictAsOfAsync(ArFlowDbContext db, IReadOnlyList<InvoiceRecord> open, DateOnly day, ArFlowOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(options);
        if (open.Count == 0) return [];
        var invoices = await PaymentData.FromLedgerAsync(db, day.AddYears(-YearsOfHistory), ct);
        var credit = await PaymentData.CreditInputsAsync(db, day, ct);
        var history = new PaymentHistory(invoices, options.PredictionLateDays);
        var settled = invoices.Where(i => i.SettledDate < day).ToList();
        var training = PaymentBacktest.Rows(settled, history, credit);
        if (PaymentModel.CanTrain(training))
            return PaymentModel.Train(training).Predict(open.Select(r => new PaymentRow
            {
                Features = PaymentRow.Encode(PaymentFeatures.Of(r, history.Before(r.Customer, day), credit.GetValueOrDefault(r.Customer))),
            }).ToList());
        var naive = NaiveForecast.From(settled, options.PredictionLateDays);
        return open.Select(r => naive.For(r, history.Before(r.Customer, day))).ToList();
    }

    private static readonly BulkWrite.Column<CustomerForecast>[] ForecastColumns =
    [
        new("customer_id", NpgsqlDbType.Bigint, f => f.CustomerId),
        new("late_per_mille", NpgsqlDbType.Integer, f => f.LatePerMille),
        new("as_of", NpgsqlDbType.Date, f => f.AsOf),
    ];

    private static readonly BulkWrite.Column<InvoiceForecast>[] InvoiceColumns =
    [
        new("item_id", NpgsqlDbType.Bigint, f => f.ItemId),
        new("late_per_mille", NpgsqlDbType.Integer, f => f.LatePerMille),
        new("expected_on", NpgsqlDbType.Date, f => f.ExpectedOn),
    ];

    /// <summary>Rewrites every customer's forecast lateness as of today (<see cref="CustomerForecast"/>: the mean
    /// late probability of its open invoices), which the worklist's score reads, and each open invoice's
    /// forecast (<see cref="InvoiceForecast"/>), which the cash-flow forecast reads. Unless <paramref name="force"/>d,
    /// only when today's are not written yet; one instance at a time on PostgreSQL.</summary>
    public static async Task<int> RefreshForecastsAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, bool force, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var today = clock.Today;
        if (!force && await db.CustomerForecasts.AnyAsync(f => f.AsOf >= today, ct)) return 0;
        var forecasts = await ForOpenAsync(db, null, options, clock, ct);
        var ids = await db.Customers.IgnoreQueryFilters().Select(c => new { c.Code, c.Id }).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var rows = forecasts.GroupBy(p => p.CustomerCode, StringComparer.Ordinal).Select(g => new CustomerForecast
        {
            CustomerId = ids[g.Key], LatePerMille = (int)Math.Round(g.Average(p => p.LateProbability) * 1000m, MidpointRounding.AwayFromZero), AsOf = today,
        }).ToList();
        var written = await db.WriteAsync(async () =>
        {
            if (db.Engine == DatabaseEngine.Postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4212005)", ct);
            await db.CustomerForecasts.ExecuteDeleteAsync(ct);
            await BulkWrite.InsertAsync(db, "customer_forecasts", ForecastColumns, rows, ct);
            await db.InvoiceForecasts.ExecuteDeleteAsync(ct);
            await BulkWrite.InsertAsync(db, "invoice_forecasts", InvoiceColumns, forecasts.Select(f => new InvoiceForecast
            {
                ItemId = f.DocumentId, LatePerMille = (int)Math.Round(f.LateProbability * 1000m, MidpointRounding.AwayFromZero), ExpectedOn = f.ExpectedPaymentDate,
            }).ToList(), ct);
            return Result<int>.Ok(rows.Count);
        }, ct);
        return written.ValueOrThrow();
    }

    /// <summary>An open invoice is paid today at the earliest.</summary>
    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Trains again when the newest model is older than the configured days (or there is none).</summary>
    public static async Task<bool> RetrainIfOldAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var newest = await db.PaymentModels.AsNoTracking().OrderByDescending(m => m.Id).Select(m => (DateTimeOffset?)m.TrainedAt).FirstOrDefaultAsync(ct);
        if (newest is { } at && clock.Now - at < TimeSpan.FromDays(options.ModelRetrainDays)) return false;
        await TrainAsync(db, options, clock, ct);
        return true;
    }
}

/// <summary>Keeps the payment-prediction model and the customers' forecasts fresh: looks every six hours, trains when the model is old.</summary>
public sealed class PaymentModelJob(IServiceProvider services, ArFlowOptions options, ILogger<PaymentModelJob> log)
    : PeriodicJob(services, options, log, TimeSpan.FromHours(6))
{
    protected override async Task RunOnceAsync(IServiceProvider scope, CancellationToken ct)
    {
        var (db, options, clock) = (scope.GetRequiredService<ArFlowDbContext>(), scope.GetRequiredService<ArFlowOptions>(), scope.GetRequiredService<Clock>());
        // Training refreshes the forecasts itself; otherwise they are refreshed once a day.
        if (!await PaymentPredictions.RetrainIfOldAsync(db, options, clock, ct)) await PaymentPredictions.RefreshForecastsAsync(db, options, clock, force: false, ct);
        // The cash-flow forecast of the day is kept, to be set against what comes in.
        await Analytics.CashFlowForecast.KeepAsync(db, options, clock, ct);
    }
}
