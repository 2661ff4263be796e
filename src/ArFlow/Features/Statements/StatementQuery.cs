using ArFlow.Data;
using ArFlow.Data.Configurations;
using ArFlow.Domain.Errors;
using ArFlow.Features.Ageing;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Statements;

public sealed record StatementLine(
    DateOnly Date, string Kind, string? Number, string? Reference, DateOnly? DueDate, decimal Debit, decimal Credit, decimal Balance, string? ReversesNumber);

public sealed record OpenItemLine(string Kind, string Number, DateOnly DocumentDate, DateOnly DueDate, decimal Original, decimal Open, int DaysOverdue, long DocumentId);

/// <summary>A statement of account in one currency: opening balance, every movement, closing balance
/// and the items still open at the end. Allocations move nothing between customer and company, so
/// they are not lines; what they did shows in the open items.</summary>
public sealed record CurrencyStatement(
    string Currency, decimal OpeningBalance, IReadOnlyList<StatementLine> Lines, decimal ClosingBalance, IReadOnlyList<OpenItemLine> OpenItems);

public sealed record Statement(string CustomerCode, string CustomerName, DateOnly From, DateOnly To, IReadOnlyList<CurrencyStatement> Currencies);

public static class StatementQuery
{
    public static async Task<Result<Statement>> RunAsync(ArFlowDbContext db, string? customerCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var check = new Check();
        if (from is null) check.Add(ErrorCodes.Required, "from");
        if (to is null) check.Add(ErrorCodes.Required, "to");
        if (from > to) check.Add(ErrorCodes.DateBeforeDocument, "to", from!.Value);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == (customerCode ?? "").Trim())
            .Select(c => new { c.Id, c.Code, c.Name }).SingleOrDefaultAsync(ct);
        if (customer is null) check.Add(ErrorCodes.UnknownCustomer, "customer", customerCode ?? "");
        if (!check.Ok) return Result<Statement>.Fail(check.Errors);
        var (start, end) = (from!.Value, to!.Value);

        var opening = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.CustomerId == customer!.Id && e.PostedDate < start)
            .GroupBy(e => e.Currency).Select(g => new { Currency = g.Key, Amount = g.Sum(e => e.Amount) })
            .ToListAsync(ct);

        var movements = await (
            from e in db.LedgerEntries
            join d in db.Documents on e.DocumentId equals d.Id
            from r in db.Documents.Where(r => r.Id == d.ReversesId).DefaultIfEmpty()
            where e.CustomerId == customer!.Id && e.PostedDate >= start && e.PostedDate <= end
            group e by new { d.Id, d.Kind, d.Number, d.Reference, d.DueDate, e.PostedDate, e.Currency, ReversesNumber = r.Number, ReversesKind = (Domain.Ledger.DocumentKind?)r.Kind } into g
            select new { g.Key, Amount = g.Sum(e => e.Amount) })
            .AsNoTracking().ToListAsync(ct);

        var open = await (
            from t in db.LedgerEntries
                .Where(e => e.CustomerId == customer!.Id && e.PostedDate <= end)
                .GroupBy(e => e.ItemId)
                .Select(g => new { ItemId = g.Key, Amount = g.Sum(e => e.Amount) })
            where t.Amount != 0m
            join o in db.OpenItems on t.ItemId equals o.ItemId
            join d in db.Documents on o.ItemId equals d.Id
            select new { o.ItemId, o.Kind, o.Side, d.Number, o.DocumentDate, o.DueDate, o.Currency, o.Original, t.Amount })
            .AsNoTracking().ToListAsync(ct);

        var currencies = opening.Select(o => o.Currency).Concat(movements.Select(m => m.Key.Currency)).Concat(open.Select(o => o.Currency))
            .Distinct().Order(StringComparer.Ordinal);
        var result = new List<CurrencyStatement>();
        foreach (var currency in currencies)
        {
            var balance = opening.Where(o => o.Currency == currency).Sum(o => o.Amount);
            var openingBalance = balance;
            var lines = new List<StatementLine>();
            foreach (var m in movements.Where(m => m.Key.Currency == currency && m.Amount != 0m).OrderBy(m => m.Key.PostedDate).ThenBy(m => m.Key.Id))
            {
                var amount = m.Amount;
                balance += amount;
                lines.Add(new StatementLine(m.Key.PostedDate, Check.Kebab(m.Key.Kind.ToString()), m.Key.Number, m.Key.Reference,
                    m.Key.Kind is Domain.Ledger.DocumentKind.Invoice or Domain.Ledger.DocumentKind.Charge ? m.Key.DueDate : null,
                    amount > 0 ? amount : 0m, amount < 0 ? -amount : 0m, balance, m.Key.ReversesNumber));
            }
            var items = open.Where(o => o.Currency == currency).OrderBy(o => o.DueDate).ThenBy(o => o.Number, StringComparer.Ordinal)
                .Select(o => new OpenItemLine(Check.Kebab(o.Kind.ToString()), o.Number ?? "", o.DocumentDate, o.DueDate, o.Original,
                    o.Side == Domain.Ledger.ItemSide.Debit ? o.Amount : -o.Amount,
                    o.Side == Domain.Ledger.ItemSide.Debit ? Math.Max(0, end.DayNumber - o.DueDate.DayNumber) : 0, o.ItemId))
                .ToList();
            result.Add(new CurrencyStatement(currency, openingBalance, lines, balance, items));
        }
        return new Statement(customer!.Code, customer.Name, start, end, result);
    }

    /// <summary>A document kind (invoice, credit-note …) in the reader's language.</summary>
    public static string DocName(string kebab, System.Globalization.CultureInfo culture) =>
        Text.Get(culture, "doc." + string.Concat(kebab.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])));
}
