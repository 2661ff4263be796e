using ArFlow.Data;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Domain.Terms;
using ArFlow.Features.Allocations;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Receipts;

/// <summary>Early-payment discounts (现金折扣) from the terms (2/10 net 30): when a receipt within the
/// discount period pays an invoice less its discount, a credit note for what is left (number
/// DISC-invoice) closes the invoice, in the receipt's transaction.</summary>
public static class EarlyPaymentDiscounts
{
    public static async Task<IReadOnlyList<Allocate.Applied>> GrantAsync(
        ArFlowDbContext db, long customerId, DateOnly paidOn, IReadOnlyList<Allocate.Applied> allocations, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(allocations);
        var numbers = allocations.Select(a => a.InvoiceNumber).Distinct().ToList();
        if (numbers.Count == 0) return [];
        var invoices = await (from d in db.Documents
                              join o in db.OpenItems on d.Id equals o.ItemId
                              join c in db.Customers on d.CustomerId equals c.Id
                              where d.CustomerId == customerId && d.Kind == DocumentKind.Invoice && d.Terms != null && numbers.Contains(d.Number!)
                              select new { d.Number, d.Terms, d.DocumentDate, d.Amount, d.Currency, o.Open, c.Code }).AsNoTracking().ToListAsync(ct);
        var granted = new List<Allocate.Applied>();
        foreach (var invoice in invoices)
        {
            if (PaymentTerms.Parse(invoice.Terms).Value is not { DiscountPercent: > 0m } terms) continue;
            var discount = terms.DiscountFor(invoice.DocumentDate, paidOn, invoice.Amount, invoice.Open, Currency.Parse(invoice.Currency).MinorUnits);
            if (discount == 0m) continue;
            var note = await RecordReceipt.Handle(db, new RecordReceipt.Request(invoice.Code, $"DISC-{invoice.Number}", paidOn, discount, invoice.Currency,
                Reference: $"{terms}", InvoiceNumber: invoice.Number), options, clock, ct, DocumentKind.CreditNote);
            granted.AddRange(note.ValueOrThrow().Allocations);
        }
        return granted;
    }
}
