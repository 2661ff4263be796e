using ArFlow.Data;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Customers;

/// <summary>sort: code (the default), name or grade, <c>-</c> for descending (see <see cref="Paging.Sort"/>).</summary>
public sealed record CustomerFilter(
    string? Search = null, string? Owner = null, string? Collector = null, string? Grade = null, string? Status = null,
    int? Page = null, int? PageSize = null, string? Sort = null);

/// <summary>A customer row of the console's list: the customer and what they owe now, in the base currency.</summary>
public sealed record CustomerBalance(string Code, decimal Receivable, decimal Overdue);

public static class CustomerList
{
    public static async Task<Page<CustomerDto>> ListAsync(ArFlowDbContext db, CustomerFilter f, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Search)) q = q.Where(c => c.Code.Contains(f.Search) || c.Name.Contains(f.Search));
        if (!string.IsNullOrWhiteSpace(f.Owner)) q = q.Where(c => c.Owner == f.Owner);
        if (!string.IsNullOrWhiteSpace(f.Collector)) q = q.Where(c => c.Collector == f.Collector);
        if (Enum.TryParse<CustomerGrade>(f.Grade, true, out var g)) q = q.Where(c => c.Grade == g);
        if (Enum.TryParse<CustomerStatus>(f.Status?.Replace("-", "", StringComparison.Ordinal), true, out var s)) q = q.Where(c => c.Status == s);
        var total = await q.CountAsync(ct);
        var (field, descending) = Paging.Sort(f.Sort);
        q = field switch
        {
            "name" => q.OrderBy(c => c.Name, descending).ThenBy(c => c.Code),
            "grade" => q.OrderBy(c => c.Grade, descending).ThenBy(c => c.Code),
            _ => q.OrderBy(c => c.Code, descending),
        };
        var items = await q.Skip(skip).Take(take).Include(c => c.Contacts).ToListAsync(ct);
        return new Page<CustomerDto>(items.Select(c => c.ToDto()).ToList(), total, p, size);
    }

    /// <summary>What each of these customers owes as of today, in one query for the whole page.</summary>
    public static async Task<Dictionary<string, CustomerBalance>> BalancesAsync(ArFlowDbContext db, IEnumerable<string> codes, DateOnly today, CancellationToken ct)
    {
        var list = codes.ToList();
        var rows = await (
            from o in db.OpenItems.Where(o => o.Open != 0m)
            join c in db.Customers on o.CustomerId equals c.Id
            where list.Contains(c.Code)
            group o by c.Code into g
            select new CustomerBalance(g.Key,
                g.Sum(o => o.Side == ItemSide.Debit ? o.OpenBase : -o.OpenBase),
                g.Sum(o => o.Side == ItemSide.Debit && o.DueDate < today ? o.OpenBase : 0m)))
            .AsNoTracking().ToListAsync(ct);
        return rows.ToDictionary(r => r.Code);
    }
}
