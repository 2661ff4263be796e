using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Ledger;

/// <summary>A posted document as the API and the command line show it. <see cref="Open"/> is what is
/// still open on the document's own item today (null for documents that open none).</summary>
public sealed record DocumentDto(
    long Id, string Kind, string CustomerCode, string? Number, DateOnly DocumentDate, DateOnly? DueDate,
    string Currency, decimal Amount, decimal? Open, decimal RateToBase, string? Terms, string? Method,
    DateOnly? MaturityDate, string? Reference, string? Memo, long? DebitItemId, long? CreditItemId,
    long? ReversesId, long? ReversedById);

/// <summary>A customer and the data every posting needs about them.</summary>
public sealed record CustomerRef(long Id, string Code, string Currency, string DefaultTerms);

public static class DocumentQueries
{
    public static IQueryable<DocumentDto> Dtos(this ArFlowDbContext db, IQueryable<Document>? documents = null) =>
        from d in documents ?? db.Documents
        join c in db.Customers on d.CustomerId equals c.Id
        from o in db.OpenItems.Where(o => o.ItemId == d.Id).DefaultIfEmpty()
        select new DocumentDto(
            d.Id, d.Kind.ToString(), c.Code, d.Number, d.DocumentDate, d.DueDate, d.Currency, d.Amount,
            o == null ? null : o.Open, d.RateToBase, d.Terms, d.Method.ToString(), d.MaturityDate, d.Reference, d.Memo,
            d.DebitItemId, d.CreditItemId, d.ReversesId, d.ReversedById);

    public static async Task<DocumentDto> DtoAsync(this ArFlowDbContext db, long id, CancellationToken ct) =>
        Kebab(await db.Dtos(db.Documents.Where(d => d.Id == id)).AsNoTracking().SingleAsync(ct));

    /// <summary>Enum names in the API's kebab-case: CreditNote → credit-note.</summary>
    public static DocumentDto Kebab(DocumentDto d) =>
        d with { Kind = Check.Kebab(d.Kind), Method = d.Method is null or "" ? null : Check.Kebab(d.Method) };

    public static async Task<CustomerRef?> CustomerAsync(this ArFlowDbContext db, string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code) ? null
            : await db.Customers.AsNoTracking().Where(c => c.Code == code.Trim())
                .Select(c => new CustomerRef(c.Id, c.Code, c.Currency, c.DefaultTerms)).SingleOrDefaultAsync(ct);

    /// <summary>The open item behind a customer's document number of one of the given kinds.</summary>
    public static Task<long?> ItemIdAsync(this ArFlowDbContext db, long customerId, string number, DocumentKind[] kinds, CancellationToken ct) =>
        db.Documents.Where(d => d.CustomerId == customerId && d.Number == number && kinds.Contains(d.Kind))
            .Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);

    public static Task<bool> NumberTakenAsync(this ArFlowDbContext db, long customerId, DocumentKind kind, string number, CancellationToken ct) =>
        db.Documents.AnyAsync(d => d.CustomerId == customerId && d.Kind == kind && d.Number == number, ct);
}
