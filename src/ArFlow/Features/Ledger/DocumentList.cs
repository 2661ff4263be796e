using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Ledger;

/// <summary>The filters every document list takes (invoices, receipts, credit notes…).</summary>
public sealed record DocumentFilter(
    string? Customer = null, string? Status = null, DateOnly? From = null, DateOnly? To = null,
    string? Search = null, int? Page = null, int? PageSize = null, string? Sort = null);

public static class DocumentList
{
    /// <summary>status: open (something still open), overdue (open and past due as of today), settled.</summary>
    public static async Task<Page<DocumentDto>> ListAsync(
        ArFlowDbContext db, DocumentKind kind, DocumentFilter f, DateOnly today, CancellationToken ct)
    {
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var docs = db.Documents.AsNoTracking().Where(d => d.Kind == kind);
        if (!string.IsNullOrWhiteSpace(f.Customer))
            docs = docs.Where(d => db.Customers.Any(c => c.Id == d.CustomerId && c.Code == f.Customer));
        if (f.From is { } from) docs = docs.Where(d => d.DocumentDate >= from);
        if (f.To is { } to) docs = docs.Where(d => d.DocumentDate <= to);
        if (!string.IsNullOrWhiteSpace(f.Search)) docs = docs.Where(d => d.Number!.Contains(f.Search) || d.Reference!.Contains(f.Search));
        docs = f.Status?.ToLowerInvariant() switch
        {
            // Driven from the open items (IN, not a per-document EXISTS): few are open, most are settled,
            // so the database reads the open ones through their partial index and looks the documents up.
            "open" => docs.Where(d => db.OpenItems.Where(o => o.Open != 0m).Select(o => o.ItemId).Contains(d.Id)),
            "overdue" => docs.Where(d => db.OpenItems.Where(o => o.Open != 0m && o.DueDate < today).Select(o => o.ItemId).Contains(d.Id)),
            "settled" => docs.Where(d => db.OpenItems.Any(o => o.ItemId == d.Id && o.Open == 0m)),
            _ => docs,
        };
        var total = await docs.CountAsync(ct);
        var items = await db.Dtos(Sorted(docs, f.Sort).Skip(skip).Take(take)).ToListAsync(ct);
        return new Page<DocumentDto>(items.Select(DocumentQueries.Kebab).ToList(), total, page, size);
    }

    /// <summary>sort: date, number, amount or due (see <see cref="Paging.Sort"/>); newest first by
    /// default. The id breaks ties, in the same direction, so pages never overlap.</summary>
    private static IQueryable<Document> Sorted(IQueryable<Document> docs, string? sort)
    {
        var (field, descending) = Paging.Sort(sort);
        return field switch
        {
            "number" => docs.OrderBy(d => d.Number, descending).ThenBy(d => d.Id, descending),
            "amount" => docs.OrderBy(d => d.Amount, descending).ThenBy(d => d.Id, descending),
            "due" => docs.OrderBy(d => d.DueDate, descending).ThenBy(d => d.Id, descending),
            "date" => docs.OrderBy(d => d.DocumentDate, descending).ThenBy(d => d.Id, descending),
            _ => docs.OrderByDescending(d => d.DocumentDate).ThenByDescending(d => d.Id),
        };
    }
}
