using System.Data.Common;
using ArFlow.Data;
using ArFlow.Data.Configurations;
using ArFlow.Domain.Analytics;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Prediction;
using ArFlow.Features.Ageing;
using ArFlow.Features.Prediction;
using ArFlow.Features.Rates;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Analytics;

/// <summary>A day, week or month of the forecast, in the base currency: what each source is expected to bring,
/// the total, the plain view (everything on its due date), the budget and the gap (total − budget) where a
/// budget is set, and — for days already past — what actually came in.</summary>
public sealed record ForecastPeriod(
    DateOnly From, DateOnly To, decimal Invoices, decimal Installments, decimal RepaymentPlans, decimal Promises, decimal Bills,
    decimal Total, decimal OnDueDate, decimal? Budget, decimal? Gap, decimal? Actual);

/// <summary>The forecast from <see cref="From"/> to <see cref="To"/>, made on <see cref="MadeOn"/> with what was known
/// then (before that day when <see cref="AsKnownThen"/>: a forecast of the past, set against what happened).
/// Beside the periods: expected before the window (made today for a later start), after it, what the plain view
/// has overdue already at the start, invoices too long overdue to expect (doubtful), and the mean absolute
/// percentage error of the weeks already over; under a stress scenario, what the customers it names were expected to pay.</summary>
/// <summary>An open invoice or charge behind a forecast figure.</summary>
public sealed record DueItem(long Id, string Customer, string? Number, DateOnly Due, decimal Open, string Currency);

public sealed record CashForecastResult(
    DateOnly From, DateOnly To, DateOnly MadeOn, bool AsKnownThen, string BaseCurrency,
    IReadOnlyList<ForecastPeriod> Days, IReadOnlyList<ForecastPeriod> Weeks, IReadOnlyList<ForecastPeriod> Months,
    decimal BeforeWindow, decimal AfterWindow, decimal OverdueAtStart, decimal Doubtful, decimal? WeeklyMape, decimal Stressed = 0m);

/// <summary>When the cash will come in (docs/analytics.md, "The cash-flow forecast"). Made today it reads the
/// open items and the day's stored invoice predictions; started on a past day it rebuilds the book as it stood
/// then (the ledger's sums before the day, a model trained on what was settled before it) — the backtest.</summary>
public static class CashFlowForecast
{
    public const int MaxWeeks = 104;

    private sealed record Open(long ItemId, long CustomerId, DateOnly Issued, DateOnly Due, long Units, long Original, decimal? Late, DateOnly? ExpectedOn);

    /// <summary>A "what if" laid over the forecast: these customers pay <see cref="DelayDays"/> later than forecast, or
    /// (null) not at all. The plain due-date view stays as contracted.</summary>
    public sealed record Stress(IReadOnlySet<long> Customers, int? DelayDays);

    public static async Task<Result<CashForecastResult>> RunAsync(ArFlowDbContext db, DateOnly? from, int? weeks, ArFlowOptions options, Clock clock, CancellationToken ct, Stress? stress = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var check = new Check();
        if (weeks is < 1 or > MaxWeeks) check.Add(ErrorCodes.OutOfRange, "weeks", weeks!.Value);
        if (!check.Ok) return Result<CashForecastResult>.Fail(check.Errors);
        var today = clock.Today;
        var start = from ?? today;
        var past = start < today;
        // What the forecast knows: everything up to now, or only what happened before the start of a past day.
        var madeOn = past ? start : today;
        var knownBefore = past ? start : today.AddDays(1);
        var days = (weeks ?? 13) * 7;
        var unit = M.MinorUnit(options.Base);
        long Minor(decimal amount) => decimal.ToInt64(Math.Round(amount / unit, MidpointRounding.AwayFromZero));
        decimal Amount(long units) => units * unit;

        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Code }).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        // The ledger keeps ten-thousandths; the forecast counts in the base currency's minor units.
        var open = (past ? await OpenThenAsync(db, start, customers, options, ct) : await OpenNowAsync(db, customers, ct))
            .Select(o => o with { Units = Minor(Amounts.FromUnits(o.Units)) }).ToList();
        var credits = open.Where(o => o.Units < 0).GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => -g.Sum(o => o.Units));
        var rates = await RateTable.LoadAsync(db, options.Base, null, ct);
        var rateDay = knownBefore.AddDays(-1);
        long Base(decimal amount, string currency) => Minor(amount * (rates.On(currency, rateDay) ?? 1m));

        var planned = await (
            from p in db.RepaymentPlans.AsNoTracking()
            where p.StartOn < knownBefore && (p.EndedOn == null || p.EndedOn >= knownBefore)
            select new { p.Id, p.CustomerId, p.Currency }).ToListAsync(ct);
        planned.RemoveAll(p => !customers.ContainsKey(p.CustomerId));
        var planIds = planned.Select(p => p.Id).ToList();
        var inPlans = (await db.RepaymentPlanItems.AsNoTracking().Where(i => planIds.Contains(i.PlanId)).Select(i => i.ItemId).ToListAsync(ct)).ToHashSet();
        var installments = await db.Set<Data.Entities.RepaymentInstallment>().AsNoTracking()
            .Where(i => planIds.Contains(i.PlanId) && (i.SettledOn == null || i.SettledOn >= knownBefore)).Select(i => new { i.PlanId, i.DueOn, i.Amount }).ToListAsync(ct);
        var promises = await db.Promises.AsNoTracking()
            .Where(p => p.RecordedOn < knownBefore && (p.SettledOn == null ? p.Status == PromiseStatus.Open : p.SettledOn >= knownBefore))
            .Select(p => new { p.CustomerId, p.Currency, p.Amount, p.PromisedFor }).ToListAsync(ct);
        var contractInstallments = await (
            from i in db.ContractInstallments.AsNoTracking()
            join c in db.Contracts.AsNoTracking() on i.ContractId equals c.Id
            where c.SignedDate < knownBefore && (i.InvoiceId == null || db.Documents.Any(d => d.Id == i.InvoiceId && d.DocumentDate >= knownBefore))
            select new { c.CustomerId, c.Currency, i.DueDate, i.Amount }).ToListAsync(ct);
        // Only bills carry a maturity: asking by it alone lets the database use the maturity index (by kind and
        // date it read every receipt — seconds on a large book); the rest is sorted out here.
        var bills = (await db.Documents.AsNoTracking()
            .Where(d => d.MaturityDate >= knownBefore && (d.ReversedById == null || db.Documents.Any(r => r.Id == d.ReversedById && r.DocumentDate >= knownBefore)))
            .Select(d => new { d.CustomerId, d.Kind, d.Method, d.DocumentDate, d.MaturityDate, d.Amount, d.RateToBase }).ToListAsync(ct))
            .Where(d => d.Kind == DocumentKind.Receipt && d.Method?.IsBill() == true && d.DocumentDate < knownBefore).ToList();

        CashCalendar Window() => new(start, days);
        var bySource = Enum.GetValues<CashSource>().ToDictionary(s => s, _ => Window());
        // A calendar that starts the delay earlier shows what is placed on it the delay later.
        var delayed = Enum.GetValues<CashSource>().ToDictionary(s => s, _ => new CashCalendar(start.AddDays(-(stress?.DelayDays ?? 0)), days));
        var plain = Window();
        long doubtful = 0, stressed = 0;
        var lost = Window(); // what a scenario's customers no longer pay: placed to learn what was expected, never shown
        void Expect(long customer, ExpectedReceipt r)
        {
            CashForecast.PlaceOnDueDate(plain, r);
            var hit = stress is not null && stress.Customers.Contains(customer);
            var calendar = !hit ? bySource[r.Source] : stress!.DelayDays is null ? lost : delayed[r.Source];
            if (!CashForecast.Place(calendar, r, madeOn, options.Forecast.DoubtfulAfterDays)) doubtful += r.Units;
            else if (hit) stressed += r.Units;
        }

        foreach (var p in planned.Join(installments, p => p.Id, i => i.PlanId, (p, i) => (p.CustomerId, p.Currency, i.DueOn, i.Amount)))
            Expect(p.CustomerId, new ExpectedReceipt(CashSource.RepaymentPlans, Base(p.Amount, p.Currency), p.DueOn));
        foreach (var c in contractInstallments.Where(c => customers.ContainsKey(c.CustomerId)))
            Expect(c.CustomerId, new ExpectedReceipt(CashSource.Installments, Base(c.Amount, c.Currency), c.DueDate));
        foreach (var b in bills.Where(b => customers.ContainsKey(b.CustomerId)))
            Expect(b.CustomerId, new ExpectedReceipt(CashSource.Bills, Minor(b.Amount * b.RateToBase), b.MaturityDate!.Value));
        // What a customer has promised, and the credit it has unapplied, it will not pay again on its invoices:
        // both come off its oldest invoices first.
        var promised = new Dictionary<long, long>();
        foreach (var p in promises.Where(p => customers.ContainsKey(p.CustomerId)))
        {
            var units = Base(p.Amount, p.Currency);
            Expect(p.CustomerId, new ExpectedReceipt(CashSource.Promises, units, p.PromisedFor));
            promised[p.CustomerId] = promised.GetValueOrDefault(p.CustomerId) + units;
        }
        foreach (var customer in open.Where(o => o.Units > 0 && !inPlans.Contains(o.ItemId)).GroupBy(o => o.CustomerId))
        {
            var taken = promised.GetValueOrDefault(customer.Key) + credits.GetValueOrDefault(customer.Key);
            foreach (var item in customer.OrderBy(o => o.Due).ThenBy(o => o.ItemId))
            {
                var off = Math.Min(taken, item.Units);
                taken -= off;
                if (item.Units - off > 0) Expect(customer.Key, new ExpectedReceipt(CashSource.Invoices, item.Units - off, item.Due, item.Late ?? 0m, item.ExpectedOn));
            }
        }

        var actual = past ? await ActualAsync(db, start, days, today, customers, Minor, ct) : null;
        var budget = Window();
        var budgeted = new HashSet<(int, int)>();
        foreach (var b in await db.CashBudgets.AsNoTracking().Where(b => b.Month >= new DateOnly(start.Year, start.Month, 1) && b.Month <= start.AddDays(days)).ToListAsync(ct))
        {
            budget.Spread(b.Month, b.Month.AddMonths(1).AddDays(-1), Minor(b.Amount));
            budgeted.Add((b.Month.Year, b.Month.Month));
        }

        var daily = bySource.ToDictionary(s => s.Key, s => s.Value.Daily().Zip(delayed[s.Key].Daily(), (a, b) => a + b).ToArray());
        var plainDaily = plain.Daily();
        var budgetDaily = budget.Daily();
        List<ForecastPeriod> Periods(IReadOnlyList<(DateOnly From, DateOnly To, long Units)> cuts) => cuts.Select(cut =>
        {
            var (a, z) = (cut.From.DayNumber - start.DayNumber, cut.To.DayNumber - start.DayNumber);
            long Sum(long[] values) => values[a..(z + 1)].Sum();
            var sources = Enum.GetValues<CashSource>().Select(s => Sum(daily[s])).ToArray();
            var total = sources.Sum();
            var hasBudget = Enumerable.Range(a, z - a + 1).Any(i => budgeted.Contains((start.AddDays(i).Year, start.AddDays(i).Month)));
            long? budgetUnits = hasBudget ? Sum(budgetDaily) : null;
            var known = actual is not null && cut.From < today;
            return new ForecastPeriod(cut.From, cut.To, Amount(sources[0]), Amount(sources[1]), Amount(sources[2]), Amount(sources[3]), Amount(sources[4]),
                Amount(total), Amount(Sum(plainDaily)), budgetUnits is { } u ? Amount(u) : null, budgetUnits is { } g ? Amount(total - g) : null,
                known ? Amount(Sum(actual!)) : null);
        }).ToList();

        var total = Window();
        var weekCuts = total.Weeks();
        var weekly = Periods(weekCuts);
        var mape = actual is null ? null : CashForecast.MeanAbsolutePercentageError(weekly.Where(w => w.To < today)
            .Select(w => (Minor(w.Total), Minor(w.Actual!.Value))).ToList());
        return new CashForecastResult(start, total.Last, madeOn, past, options.BaseCurrency,
            Periods(Enumerable.Range(0, days).Select(i => (start.AddDays(i), start.AddDays(i), 0L)).ToList()), weekly, Periods(total.Months()),
            Amount(bySource.Values.Concat(delayed.Values).Sum(c => c.Before)), Amount(bySource.Values.Concat(delayed.Values).Sum(c => c.After)),
            Amount(plain.Before), Amount(doubtful), mape is { } m ? Math.Round(m, 4) : null, Amount(stressed));
    }

    /// <summary>Keeps today's forecast of the next 13 weeks, once a day (the daily prediction job calls this after
    /// writing the day's predictions); a second instance doing the same at the same moment loses on the key.</summary>
    public static async Task<bool> KeepAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var today = clock.Today;
        if (await db.ForecastSnapshots.AnyAsync(s => s.MadeOn == today, ct)) return false;
        var forecast = (await RunAsync(db, today, 13, options, clock, ct)).ValueOrThrow();
        db.ForecastSnapshots.AddRange(forecast.Weeks.Select(w => new Data.Entities.ForecastSnapshot { MadeOn = today, WeekStart = w.From, Amount = w.Total }));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public sealed record AccuracyWeek(DateOnly From, DateOnly To, decimal Forecast, decimal Actual, decimal? PercentageError);

    public sealed record Accuracy(IReadOnlyList<AccuracyWeek> Weeks, decimal? Mape);

    /// <summary>How far the kept forecasts could be trusted: for each week that is over and began on a Monday a
    /// forecast was kept, the forecast made that morning for the week against what came in, and the mean absolute
    /// percentage error over them (the last <paramref name="weeks"/> weeks).</summary>
    public static async Task<Accuracy> AccuracyAsync(ArFlowDbContext db, int weeks, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var today = clock.Today;
        var first = today.AddDays(-7 * Math.Clamp(weeks, 1, MaxWeeks) - 7);
        var kept = (await db.ForecastSnapshots.AsNoTracking().Where(s => s.MadeOn == s.WeekStart && s.WeekStart >= first).ToListAsync(ct))
            .Where(s => s.WeekStart.DayOfWeek == DayOfWeek.Monday && s.WeekStart.AddDays(6) < today).OrderBy(s => s.WeekStart).ToList();
        if (kept.Count == 0) return new Accuracy([], null);
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Code }).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var unit = M.MinorUnit(options.Base);
        long Minor(decimal amount) => decimal.ToInt64(Math.Round(amount / unit, MidpointRounding.AwayFromZero));
        var start = kept[0].WeekStart;
        var actual = await ActualAsync(db, start, today.DayNumber - start.DayNumber, today, customers, Minor, ct);
        var rows = kept.Select(k =>
        {
            var came = actual[(k.WeekStart.DayNumber - start.DayNumber)..(k.WeekStart.DayNumber - start.DayNumber + 7)].Sum();
            return (Week: k, Forecast: Minor(k.Amount), Actual: came);
        }).ToList();
        var mape = CashForecast.MeanAbsolutePercentageError(rows.Select(r => (r.Forecast, r.Actual)).ToList());
        return new Accuracy(rows.Select(r => new AccuracyWeek(r.Week.WeekStart, r.Week.WeekStart.AddDays(6), r.Week.Amount, r.Actual * unit,
            r.Actual == 0 ? null : Math.Round(Math.Abs((decimal)(r.Forecast - r.Actual)) / r.Actual, 4))).ToList(), mape is { } m ? Math.Round(m, 4) : null);
    }

    /// <summary>The open invoices and charges due between two days, the largest first up to <paramref name="limit"/>: the documents behind a period's figure.</summary>
    public static async Task<IReadOnlyList<DueItem>> DueAsync(ArFlowDbContext db, DateOnly first, DateOnly last, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await (
            from o in db.OpenItems.AsNoTracking()
            join d in db.Documents on o.ItemId equals d.Id
            join c in db.Customers on o.CustomerId equals c.Id
            where o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate >= first && o.DueDate <= last
            orderby o.OpenBase descending, d.Id
            select new DueItem(d.Id, c.Code, d.Number, o.DueDate, o.Open, o.Currency)).Take(limit).ToListAsync(ct);
    }

    /// <summary>The open items now, with the day's stored predictions (an invoice posted since has its customer's
    /// lateness and no expected day). Credit items come back negative.</summary>
    private static async Task<List<Open>> OpenNowAsync(ArFlowDbContext db, Dictionary<long, string> customers, CancellationToken ct)
    {
        const string sql = """
            SELECT o.item_id, o.customer_id, o.document_date, o.due_date, o.side, o.open_base, f.late_per_mille, f.expected_on, c.late_per_mille
            FROM open_items o
            LEFT JOIN invoice_forecasts f ON f.item_id = o.item_id
            LEFT JOIN customer_forecasts c ON c.customer_id = o.customer_id
            WHERE o.open > 0
            """;
        var list = new List<Open>();
        await ReadAsync(db, sql, cmd => { }, r =>
        {
            if (!customers.ContainsKey(r.GetInt64(1))) return;
            var units = Math.Abs(r.GetInt64(5)) * (r.GetString(4) == nameof(ItemSide.Credit) ? -1 : 1);
            var late = r.IsDBNull(6) ? r.IsDBNull(8) ? (int?)null : r.GetInt32(8) : r.GetInt32(6);
            list.Add(new Open(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<DateOnly>(3), units, 0,
                late / 1000m, r.IsDBNull(7) ? null : r.GetFieldValue<DateOnly>(7)));
        }, ct);
        return list;
    }

    /// <summary>The items open at the start of a past day, from the ledger's sums, each invoice forecast as the
    /// prediction would have forecast it then: history settled before the day, a model trained only on that.</summary>
    private static async Task<List<Open>> OpenThenAsync(ArFlowDbContext db, DateOnly day, Dictionary<long, string> customers, ArFlowOptions options, CancellationToken ct)
    {
        const string sql = """
            SELECT o.item_id, o.customer_id, o.document_date, o.due_date, t.open, o.original, o.rate_to_base
            FROM (SELECT e.item_id, SUM(e.base_amount) AS open FROM ledger_entries e WHERE e.posted_date < @day GROUP BY e.item_id) t
            JOIN open_items o ON o.item_id = t.item_id
            WHERE t.open <> 0
            """;
        var rows = new List<(Open Item, decimal Rate)>();
        await ReadAsync(db, sql, cmd => AgeingQuery.Add(cmd, "day", day), r =>
        {
            if (!customers.ContainsKey(r.GetInt64(1))) return;
            rows.Add((new Open(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<DateOnly>(3), r.GetInt64(4), r.GetInt64(5), null, null),
                Convert.ToDecimal(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture)));
        }, ct);
        var debits = rows.Where(r => r.Item.Units > 0).ToList();
        var forecasts = await PaymentPredictions.PredictAsOfAsync(db, debits.Select(r => new InvoiceRecord(
            customers[r.Item.CustomerId], r.Item.Issued, r.Item.Due, Math.Round(Amounts.FromUnits(r.Item.Original) * r.Rate, 2), null)).ToList(), day, options, ct);
        var predicted = debits.Zip(forecasts, (r, f) => r.Item with { Late = f.LateProbability, ExpectedOn = r.Item.Issued.AddDays((int)Math.Round(f.DaysToSettle)) });
        return predicted.Concat(rows.Where(r => r.Item.Units < 0).Select(r => r.Item)).ToList();
    }


    /// <summary>What came in per day: receipts on their date, acceptance bills on their maturity; a receipt later
    /// reversed (a bounced transfer) brought nothing.</summary>
    private static async Task<long[]> ActualAsync(ArFlowDbContext db, DateOnly from, int length, DateOnly today, Dictionary<long, string> customers, Func<decimal, long> minor, CancellationToken ct)
    {
        var days = new long[length];
        var to = from.AddDays(length - 1) < today ? from.AddDays(length - 1) : today.AddDays(-1);
        var receipts = await db.Documents.AsNoTracking()
            .Where(d => d.Kind == DocumentKind.Receipt && d.ReversedById == null
                        && ((d.MaturityDate == null && d.DocumentDate >= from && d.DocumentDate <= to) || (d.MaturityDate >= from && d.MaturityDate <= to)))
            .Select(d => new { d.CustomerId, Day = d.MaturityDate ?? d.DocumentDate, d.Amount, d.RateToBase }).ToListAsync(ct);
        foreach (var r in receipts.Where(r => customers.ContainsKey(r.CustomerId))) days[r.Day.DayNumber - from.DayNumber] += minor(r.Amount * r.RateToBase);
        return days;
    }

    private static async Task ReadAsync(ArFlowDbContext db, string sql, Action<DbCommand> parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            parameters(cmd);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(reader);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
