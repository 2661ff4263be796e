using System.Globalization;
using System.Text;
using ArFlow.Data;
using ArFlow.Data.Configurations;
using ArFlow.Domain.Collections;
using ArFlow.Features.Ageing;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Analytics;

public sealed record KpiTrendMonth(string Month, DateOnly From, DateOnly To, int Days, KpiRow Figures);

public sealed record KpiTrendResult(string BaseCurrency, IReadOnlyList<KpiTrendMonth> Months);

/// <summary>Every KPI of each of the twelve months up to a month, for the whole company (what the person may
/// see), each month exactly as <see cref="KpiReport"/> gives it for that month alone — in one pass over the
/// ledger instead of twelve: each item's balance at the thirteen month boundaries in one grouped scan (only
/// items with a balance at some boundary come back), the sales of two years, the write-offs, promises and disputes.</summary>
public static class KpiTrend
{
    public const int Months = 12;

    public static async Task<KpiTrendResult> RunAsync(ArFlowDbContext db, DateOnly? to, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        // The last month is the one of the day asked, else the last month that is over.
        var day = to ?? new DateOnly(clock.Today.Year, clock.Today.Month, 1).AddDays(-1);
        var last = new DateOnly(day.Year, day.Month, 1);
        var bounds = Enumerable.Range(0, Months + 1).Select(k => last.AddMonths(k - Months + 1)).ToArray(); // bounds[k]: first day of month k (k = 0..11), bounds[12]: after the last
        var customers = await db.Customers.AsNoTracking().Select(c => c.Id).ToHashSetAsync(ct);
        var months = Enumerable.Range(0, Months).Select(_ => new KpiReport.Figures()).ToArray();
        var balances = new Dictionary<long, decimal[]>();
        var sales = new Dictionary<DateOnly, decimal>(); // by month, from twelve months before the first

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = BoundarySql();
                for (var k = 0; k <= Months; k++) AgeingQuery.Add(cmd, "b" + k, bounds[k]);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                var c = new decimal[Months + 1];
                while (await reader.ReadAsync(ct))
                {
                    var customer = reader.GetInt64(0);
                    if (!customers.Contains(customer)) continue; // outside the person's scope
                    var debit = reader.GetString(1) == nameof(Domain.Ledger.ItemSide.Debit);
                    var due = reader.GetFieldValue<DateOnly>(2);
                    for (var k = 0; k <= Months; k++) c[k] = Amounts.FromUnits(reader.GetInt64(3 + k));
                    if (!balances.TryGetValue(customer, out var b)) balances[customer] = b = new decimal[Months + 1];
                    for (var k = 0; k <= Months; k++) b[k] += c[k];
                    for (var m = 0; m < Months; m++)
                    {
                        var f = months[m];
                        f.Opening += c[m];
                        f.Closing += c[m + 1];
                        if (!debit || c[m + 1] <= 0m) continue;
                        f.OpenItems++;
                        // Not yet due at the end of month m: due on or after the first day of the next.
                        if (due >= bounds[m + 1]) f.Current += c[m + 1];
                        else (f.Overdue, f.OverdueItems) = (f.Overdue + c[m + 1], f.OverdueItems + 1);
                    }
                }
            }
            await KpiReport.ReadAsync(connection, KpiReport.WriteOffs, bounds[0], bounds[Months].AddDays(-1), bounds[0], r =>
            {
                if (customers.Contains(r.GetInt64(0))) months[MonthOf(r.GetFieldValue<DateOnly>(1))].WrittenOff -= Amounts.FromUnits(r.GetInt64(2));
            }, ct);
            await KpiReport.ReadAsync(connection, KpiReport.Sales, bounds[0], bounds[Months].AddDays(-1), bounds[0].AddMonths(-Months), r =>
            {
                if (!customers.Contains(r.GetInt64(0))) return;
                var d = r.GetFieldValue<DateOnly>(1);
                var month = new DateOnly(d.Year, d.Month, 1);
                sales[month] = sales.GetValueOrDefault(month) + Amounts.FromUnits(r.GetInt64(2));
            }, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        int MonthOf(DateOnly d) => (d.Year - bounds[0].Year) * 12 + d.Month - bounds[0].Month;

        var end = bounds[Months].AddDays(-1);
        foreach (var p in await db.Promises.AsNoTracking().Where(p => p.SettledOn >= bounds[0] && p.SettledOn <= end && (p.Status == PromiseStatus.Kept || p.Status == PromiseStatus.Broken))
                     .Select(p => new { p.SettledOn, p.Status }).ToListAsync(ct))
        {
            var f = months[MonthOf(p.SettledOn!.Value)];
            if (p.Status == PromiseStatus.Kept) f.Kept++;
            else f.Broken++;
        }
        foreach (var d in await db.Disputes.AsNoTracking().Where(d => (d.OpenedOn >= bounds[0] && d.OpenedOn <= end) || (d.ResolvedOn >= bounds[0] && d.ResolvedOn <= end))
                     .Select(d => new { d.Amount, d.OpenedOn, d.ResolvedOn }).ToListAsync(ct))
        {
            if (d.OpenedOn >= bounds[0] && d.OpenedOn <= end)
            {
                var f = months[MonthOf(d.OpenedOn)];
                (f.Disputes, f.Disputed) = (f.Disputes + 1, f.Disputed + d.Amount);
            }
            if (d.ResolvedOn is { } resolved && resolved >= bounds[0] && resolved <= end)
            {
                var f = months[MonthOf(resolved)];
                (f.Resolved, f.ResolveDays) = (f.Resolved + 1, f.ResolveDays + resolved.DayNumber - d.OpenedOn.DayNumber);
            }
        }

        var result = new List<KpiTrendMonth>();
        for (var m = 0; m < Months; m++)
        {
            var f = months[m];
            var (from, monthEnd) = (bounds[m], bounds[m + 1].AddDays(-1));
            f.Sales = sales.GetValueOrDefault(from);
            for (var back = 0; back < 12; back++) f.MonthSales[back] = sales.GetValueOrDefault(from.AddMonths(-back));
            f.Balances.AddRange(balances.Values.Select(b => b[m + 1]));
            var monthDays = Enumerable.Range(0, 12).Select(i => { var x = from.AddMonths(-i); return DateTime.DaysInMonth(x.Year, x.Month); }).ToArray();
            var days = monthEnd.DayNumber - from.DayNumber + 1;
            var month = from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            result.Add(new KpiTrendMonth(month, from, monthEnd, days, KpiReport.Row(month, null, f, days, monthDays)));
        }
        return new KpiTrendResult(options.BaseCurrency, result);
    }

    /// <summary>Each item's balance before each boundary @b0…@b12, for the items with a balance at one of them at least:
    /// its balance now less what was posted on or after the boundary. Only the entries of the trend's year and after are
    /// summed (the older history, most of the ledger, is only read past); an item open now with no entry since @b0 had
    /// its balance now at every boundary.</summary>
    private static string BoundarySql()
    {
        const string now = "(CASE WHEN o.side = 'Debit' THEN o.open_base ELSE -o.open_base END)";
        var since = new StringBuilder(", SUM(e.base_amount) AS s0");
        for (var k = 1; k <= Months; k++) since.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN e.posted_date >= @b{k} THEN e.base_amount ELSE 0 END) AS s{k}");
        var balances = string.Join(", ", Enumerable.Range(0, Months + 1).Select(k => $"CAST({now} - w.s{k} AS BIGINT)"));
        var any = string.Join(" OR ", Enumerable.Range(0, Months + 1).Select(k => $"{now} <> w.s{k}"));
        var unchanged = string.Join(", ", Enumerable.Range(0, Months + 1).Select(_ => $"CAST({now} AS BIGINT)"));
        return $"""
            SELECT o.customer_id, o.side, o.due_date, {balances}
            FROM (SELECT e.item_id{since} FROM ledger_entries e WHERE e.posted_date >= @b0 GROUP BY e.item_id) w
            JOIN open_items o ON o.item_id = w.item_id
            WHERE {any}
            UNION ALL
            SELECT o.customer_id, o.side, o.due_date, {unchanged}
            FROM open_items o
            WHERE o.open <> 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.item_id = o.item_id AND e.posted_date >= @b0)
            """;
    }
}
