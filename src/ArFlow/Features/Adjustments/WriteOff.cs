using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Adjustments;

/// <summary>Writes off what is open on an invoice or charge (坏账核销), or pays unapplied credit of a
/// receipt or credit note back to the customer (退款). Both reduce one item and are reversible.</summary>
public static class WriteOff
{
    /// <summary><see cref="Reason"/> is what approvers read; the memo stays on the document.</summary>
    public sealed record Request(string? CustomerCode, string? Number, DateOnly? Date = null, decimal? Amount = null, string? Reference = null, string? Memo = null, string? Reason = null);

    private static readonly DocumentKind[] DebitKinds = [DocumentKind.Invoice, DocumentKind.Charge];
    private static readonly DocumentKind[] CreditKinds = [DocumentKind.Receipt, DocumentKind.CreditNote];

    public static Task<Result<DocumentDto>> HandleWriteOff(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        Handle(db, r, DocumentKind.WriteOff, DebitKinds, options, clock, ct);

    /// <summary>An interest or fee waiver (罚息减免): writing off what is open on a charge. A write-off
    /// all the same, but its own action, so that it has its own approval thresholds.</summary>
    public static Task<Result<DocumentDto>> HandleWaiver(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        Handle(db, r, DocumentKind.WriteOff, [DocumentKind.Charge], options, clock, ct);

    public static Task<Result<DocumentDto>> HandleRefund(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        Handle(db, r, DocumentKind.Refund, CreditKinds, options, clock, ct);

    private static async Task<Result<DocumentDto>> Handle(
        ArFlowDbContext db, Request r, DocumentKind kind, DocumentKind[] itemKinds, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var customer = await db.CustomerAsync(r.CustomerCode, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", r.CustomerCode ?? "");
        if (string.IsNullOrWhiteSpace(r.Number)) return new DomainError(ErrorCodes.Required, "number");
        var itemId = await db.ItemIdAsync(customer.Id, r.Number.Trim(), itemKinds, ct);
        if (itemId is null) return new DomainError(ErrorCodes.UnknownDocument, "number", r.Number);
        var date = r.Date ?? clock.Today;
        return await db.WriteAsync<DocumentDto>(async () =>
        {
            var items = await db.LoadItemsAsync([itemId.Value], ct);
            var (row, history) = items[itemId.Value];
            var amount = r.Amount ?? history.AvailableFrom(date);
            if (r.Amount is not null && !new Domain.Money.Money(amount, Domain.Money.Currency.Parse(row.Currency)).IsWholeMinorUnits)
                return new DomainError(ErrorCodes.TooManyDecimals, "amount", Domain.Money.Currency.Parse(row.Currency).MinorUnits);
            var posted = kind == DocumentKind.WriteOff ? Posting.WriteOff(history, date, amount) : Posting.Refund(history, date, amount);
            if (!posted.IsSuccess) return Result<DocumentDto>.Fail(posted.Errors);
            var doc = new Document
            {
                Kind = kind,
                CustomerId = customer.Id,
                DocumentDate = date,
                Currency = row.Currency,
                Amount = amount,
                DebitItemId = kind == DocumentKind.WriteOff ? itemId : null,
                CreditItemId = kind == DocumentKind.Refund ? itemId : null,
                Reference = new Check().OptionalText("reference", r.Reference, 200),
                Memo = new Check().OptionalText("memo", r.Memo, 500),
                CreatedAt = clock.Now,
            };
            await db.PostAsync(doc, posted.Value!, items, options.Base, ct);
            return await db.DtoAsync(doc.Id, ct);
        }, ct);
    }
}
