using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Configurations;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Analytics;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ageing;
using ArFlow.Features.Credit;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Analytics;

/// <summary>One ageing bucket over the month: opening, new debt, what aged in, what was settled, what aged on, closing.</summary>
public sealed record BucketMovement(string Bucket, decimal Opening, decimal NewIn, decimal AgedIn, decimal SettledOut, decimal AgedOut, decimal Closing, decimal? RollRate);

/// <summary>A customer among the largest overdue debts at the month's end, and how its overdue changed over the month.</summary>
public sealed record RiskRow(string Code, string Name, string? Grade, decimal Balance, decimal Overdue, decimal OverdueAtStart, int OldestDaysOverdue);

/// <summary>An alert raised in the month; its words are drawn in the reader's language from <see cref="Args"/>.</summary>
public sealed record AlertRow(string Customer, string CustomerName, string Rule, string Args, string Message, DateOnly RaisedOn, string Status);

/// <summary>A month of cash: the budget, what came in (the month reported) or is forecast (the months after), and the gap.</summary>
public sealed record CashMonth(string Month, decimal? Budget, decimal Amount, decimal? Gap, bool Forecast);

public sealed record DisputeRow(string Customer, string? Document, decimal Amount, string Currency, string Reason, DateOnly OpenedOn, int DaysOpen);

/// <summary>Disputes of the month: opened, resolved (with the average days it took), and those still open at its end, largest first.</summary>
public sealed record DisputeSummary(int Opened, int Resolved, decimal? DaysToResolve, int OpenAtEnd, IReadOnlyList<DisputeRow> Largest);

/// <summary>A saved stress scenario run again from the report's forecast day.</summary>
public sealed record ScenarioSummary(string Name, int Customers, decimal Expected, decimal Shortfall, IReadOnlyList<DateOnly> WeeksBelowBudget);

/// <summary>The monthly evaluation report (月度评估报告): the month's KPIs beside the month before and the same month a
/// year before, the ageing movement, top risks and the alerts raised, cash against budget, collector performance,
/// disputes and the saved stress scenarios — in the base currency, reproducible for any past month.</summary>
public sealed record MonthlyReportResult(
    string Month, DateOnly From, DateOnly To, DateOnly MadeOn, string BaseCurrency,
    KpiRow? Kpis, KpiRow? PreviousMonth, KpiRow? YearBefore,
    IReadOnlyList<BucketMovement> Ageing, IReadOnlyList<RiskRow> TopRisks, IReadOnlyList<AlertRow> Alerts,
    DateOnly ForecastFrom, IReadOnlyList<CashMonth> Cash, IReadOnlyList<KpiRow> Collectors, DisputeSummary Disputes,
    IReadOnlyList<ScenarioSummary> Scenarios);

public static class MonthlyReport
{
    public const int TopRisks = 10, LargestDisputes = 10, MaxAlerts = 30, ForecastMonths = 3;

    /// <summary>"2026-10" → its first and last day; a bad month is named by <paramref name="field"/>.</summary>
    public static (DateOnly From, DateOnly To)? ParseMonth(string? month, string field, ICollection<DomainError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (month is null)
        {
            errors.Add(new DomainError(ErrorCodes.Required, field));
            return null;
        }
        if (!DateOnly.TryParseExact(month.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            errors.Add(new DomainError(ErrorCodes.InvalidMonth, field, month));
            return null;
        }
        return (first, first.AddMonths(1).AddDays(-1));
    }

    public static async Task<Result<MonthlyReportResult>> RunAsync(ArFlowDbContext db, string? month, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = new List<DomainError>();
        if (ParseMonth(month, "month", errors) is not var (from, to)) return Result<MonthlyReportResult>.Fail(errors);
        var today = clock.Today;
        if (from > today) return new DomainError(ErrorCodes.OutOfRange, "month", month!);

        // The company's row (none when nobody owed anything); the month's comes with the collectors' from the same passes.
        async Task<(KpiReportResult ByGroup, KpiRow? Company)> Kpis(DateOnly a, DateOnly z, string? by) =>
            (await KpiReport.RunWithTotalAsync(db, a, z, by, options, clock, ct)).ValueOrThrow();
        var (byCollector, company) = await Kpis(from, to, "collector");
        var previous = (await Kpis(from.AddMonths(-1), from.AddDays(-1), null)).Company;
        var yearBefore = (await Kpis(from.AddYears(-1), from.AddYears(-1).AddMonths(1).AddDays(-1), null)).Company;
        var collectors = byCollector.Rows;

        var (movement, risks) = await AgeingAsync(db, from, to, options, ct);
        var alerts = await AlertsAsync(db, from, to, ct);
        var forecastFrom = from.AddMonths(1) < new DateOnly(today.Year, today.Month, 1) ? from.AddMonths(1) : today;
        var cash = await CashAsync(db, from, company?.Collected ?? 0m, forecastFrom, options, clock, ct);
        var scenarios = new List<ScenarioSummary>();
        foreach (var s in await ForecastScenarios.ListAsync(db, ct))
            if (await ForecastScenarios.RunSavedAsync(db, s.Name, 13, options, clock, ct, forecastFrom) is { IsSuccess: true } run)
                scenarios.Add(new ScenarioSummary(s.Name, run.Value!.Customers, run.Value.Expected, run.Value.Shortfall, run.Value.WeeksBelowBudget));

        return new MonthlyReportResult(from.ToString("yyyy-MM", CultureInfo.InvariantCulture), from, to, today, options.BaseCurrency,
            company, previous, yearBefore, movement, risks, alerts, forecastFrom, cash, collectors, await DisputesAsync(db, from, to, ct), scenarios);
    }

    /// <summary>Every debt's balance and age at the start and the end of the month (one grouped pass over the ledger):
    /// the bucket movement, and the customers with the largest overdue at the end.</summary>
    private static async Task<(IReadOnlyList<BucketMovement>, IReadOnlyList<RiskRow>)> AgeingAsync(ArFlowDbContext db, DateOnly from, DateOnly to, ArFlowOptions options, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name, c.Grade }).ToDictionaryAsync(c => c.Id, ct);
        var debts = new List<DebtAtEnds>();
        var byCustomer = new Dictionary<long, (decimal Balance, decimal Overdue, decimal OverdueAtStart, int Oldest)>();
        var (before, byDocument) = (from.AddDays(-1), options.AgeingBasis == AgeingBasis.DocumentDate);
        await KpiReport.ReadAsync(db, DebtsSql, from, to, reader =>
        {
            var customer = reader.GetInt64(0);
            if (!customers.ContainsKey(customer)) return; // outside the person's scope
            var (due, issued) = (reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2));
            var (opening, closing) = (Amounts.FromUnits(reader.GetInt64(3)), Amounts.FromUnits(reader.GetInt64(4)));
            var basis = byDocument ? issued : due;
            debts.Add(new DebtAtEnds(opening, before.DayNumber - basis.DayNumber, closing, to.DayNumber - basis.DayNumber));
            var (overdueDays, overdueBefore) = (to.DayNumber - due.DayNumber, before.DayNumber - due.DayNumber);
            var c = byCustomer.GetValueOrDefault(customer);
            byCustomer[customer] = (c.Balance + Math.Max(0m, closing), c.Overdue + (closing > 0 && overdueDays > 0 ? closing : 0m),
                c.OverdueAtStart + (opening > 0 && overdueBefore > 0 ? opening : 0m), closing > 0 ? Math.Max(c.Oldest, overdueDays) : c.Oldest);
        }, ct);

        var buckets = options.Buckets;
        var m = AgeingMovement.Of(debts, buckets);
        var labels = buckets.Labels();
        var movement = Enumerable.Range(0, buckets.Count).Select(b => new BucketMovement(labels[b], m.Opening(b), m.NewIn(b), m.AgedIn(b),
            m.SettledOut(b), m.AgedOut(b), m.Closing(b), m.RollRate(b) is { } r ? Math.Round(r, 4) : null)).ToList();
        var risks = byCustomer.Where(c => c.Value.Overdue > 0).OrderByDescending(c => c.Value.Overdue).ThenBy(c => customers[c.Key].Code, StringComparer.Ordinal).Take(TopRisks)
            .Select(c => new RiskRow(customers[c.Key].Code, customers[c.Key].Name, customers[c.Key].Grade?.ToString(), c.Value.Balance, c.Value.Overdue, c.Value.OverdueAtStart, c.Value.Oldest))
            .ToList();
        return (movement, risks);
    }

    /// <summary>Each debit item's balance before the month and at its end (the ledger's covering index), where either is not zero.</summary>
    private const string DebtsSql = """
        SELECT o.customer_id, o.due_date, o.document_date, t.opening, t.closing
        FROM (SELECT e.item_id,
                CAST(SUM(CASE WHEN e.posted_date < @from THEN e.base_amount ELSE 0 END) AS BIGINT) AS opening,
                CAST(SUM(e.base_amount) AS BIGINT) AS closing
              FROM ledger_entries e
              WHERE e.posted_date <= @to
              GROUP BY e.item_id) t
        JOIN open_items o ON o.item_id = t.item_id
        WHERE o.side = 'Debit' AND (t.opening <> 0 OR t.closing <> 0)
        """;

    private static async Task<IReadOnlyList<AlertRow>> AlertsAsync(ArFlowDbContext db, DateOnly first, DateOnly last, CancellationToken ct) =>
        (await (from a in db.CreditAlerts.AsNoTracking()
                join c in db.Customers on a.CustomerId equals c.Id
                where a.RaisedOn >= first && a.RaisedOn <= last
                orderby a.RaisedOn descending, a.Id descending
                select new { a.Rule, a.Args, a.RaisedOn, a.Status, c.Code, c.Name }).Take(MaxAlerts).ToListAsync(ct))
        .Select(a => new AlertRow(a.Code, a.Name, a.Rule, a.Args, CreditAlerts.Message(a.Rule, a.Args), a.RaisedOn, Check.Kebab(a.Status.ToString())))
        .ToList();

    /// <summary>The month against its budget (what came in), then the forecast of the next months against theirs.</summary>
    private static async Task<IReadOnlyList<CashMonth>> CashAsync(ArFlowDbContext db, DateOnly from, decimal received, DateOnly forecastFrom, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var budgets = await db.CashBudgets.AsNoTracking().Where(b => b.Month >= from && b.Month <= from.AddMonths(ForecastMonths + 1)).ToDictionaryAsync(b => b.Month, b => b.Amount, ct);
        static string Key(DateOnly m) => m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var rows = new List<CashMonth> { new(Key(from), budgets.TryGetValue(from, out var b) ? b : null, received, budgets.TryGetValue(from, out var g) ? received - g : null, false) };
        var forecast = (await CashFlowForecast.RunAsync(db, forecastFrom, 14, options, clock, ct)).ValueOrThrow();
        // The months the window covers whole (a forecast begun mid-month shows that month from its day on).
        rows.AddRange(forecast.Months.Where(m => m.To == m.From.AddDays(DateTime.DaysInMonth(m.From.Year, m.From.Month) - m.From.Day)).Take(ForecastMonths)
            .Select(m => new CashMonth(Key(m.From), m.Budget, m.Total, m.Gap, true)));
        return rows;
    }

    private static async Task<DisputeSummary> DisputesAsync(ArFlowDbContext db, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var rows = await (from d in db.Disputes.AsNoTracking()
                          join c in db.Customers on d.CustomerId equals c.Id
                          join doc in db.Documents on d.DocumentId equals doc.Id
                          where d.OpenedOn <= last && (d.ResolvedOn == null || d.ResolvedOn >= first)
                          select new { c.Code, doc.Number, d.Amount, d.Currency, d.Reason, d.OpenedOn, d.ResolvedOn }).ToListAsync(ct);
        var opened = rows.Where(d => d.OpenedOn >= first).ToList();
        var resolved = rows.Where(d => d.ResolvedOn is { } r && r <= last).ToList();
        var open = rows.Where(d => d.ResolvedOn is null || d.ResolvedOn > last).ToList();
        return new DisputeSummary(opened.Count, resolved.Count,
            resolved.Count == 0 ? null : Math.Round((decimal)resolved.Sum(d => d.ResolvedOn!.Value.DayNumber - d.OpenedOn.DayNumber) / resolved.Count, 2),
            open.Count, open.OrderByDescending(d => d.Amount).ThenBy(d => d.OpenedOn).Take(LargestDisputes)
                .Select(d => new DisputeRow(d.Code, d.Number, d.Amount, d.Currency, Check.Kebab(d.Reason.ToString()), d.OpenedOn, last.DayNumber - d.OpenedOn.DayNumber)).ToList());
    }
}
