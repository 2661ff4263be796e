using ArFlow.Data;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ageing;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Home;

public sealed record OverdueCustomer(string Code, string Name, decimal OverdueBase);

/// <summary>The home page's figures, all in the base currency except the ageing by currency.
/// Each is one set-based query over the open items, so the page costs the same at a thousand
/// invoices as at a million (see docs/benchmarks.md).</summary>
public sealed record DashboardFigures(
    decimal Receivable, decimal Overdue, decimal Unapplied, AgeingHeader Ageing, IReadOnlyList<AgeingRow> AgeingByCurrency,
    IReadOnlyList<OverdueCustomer> TopOverdue, IReadOnlyList<DocumentDto> RecentReceipts)
{
    public decimal OverdueRatio => Receivable == 0 ? 0 : Overdue / Receivable;

    public static async Task<DashboardFigures> LoadAsync(ArFlowDbContext db, ArFlowOptions options, DateOnly today, CancellationToken ct)
    {
        var totals = await db.OpenItems.AsNoTracking().Where(o => o.Open != 0m).GroupBy(o => 1)
            .Select(g => new
            {
                Receivable = g.Sum(o => o.Side == ItemSide.Debit ? o.OpenBase : 0m),
                Overdue = g.Sum(o => o.Side == ItemSide.Debit && o.DueDate < today ? o.OpenBase : 0m),
                Unapplied = g.Sum(o => o.Side == ItemSide.Credit ? o.OpenBase : 0m),
            }).SingleOrDefaultAsync(ct);

        var buckets = options.Buckets;
        var header = new AgeingHeader(today, "due-date", "currency", options.BaseCurrency, buckets.Labels());
        var byCurrency = new List<AgeingRow>();
        await foreach (var row in AgeingQuery.RunAsync(db, today, AgeingGroup.Currency, buckets, AgeingBasis.DueDate, ct)) byCurrency.Add(row);

        var topOverdue = await (
            from t in db.OpenItems.Where(o => o.Open != 0m && o.Side == ItemSide.Debit && o.DueDate < today)
                .GroupBy(o => o.CustomerId).Select(g => new { CustomerId = g.Key, Overdue = g.Sum(o => o.OpenBase) })
            join c in db.Customers on t.CustomerId equals c.Id
            orderby t.Overdue descending, c.Code
            select new OverdueCustomer(c.Code, c.Name, t.Overdue)).AsNoTracking().Take(10).ToListAsync(ct);

        var receipts = await db.Dtos(db.Documents.Where(d => d.Kind == DocumentKind.Receipt)
                .OrderByDescending(d => d.DocumentDate).ThenByDescending(d => d.Id).Take(10))
            .AsNoTracking().ToListAsync(ct);

        return new DashboardFigures(totals?.Receivable ?? 0, totals?.Overdue ?? 0, totals?.Unapplied ?? 0, header, byCurrency, topOverdue, receipts);
    }
}
