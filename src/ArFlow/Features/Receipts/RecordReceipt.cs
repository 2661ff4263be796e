using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Allocations;
using ArFlow.Features.Ledger;
using ArFlow.Features.Rates;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Receipts;

/// <summary>Records money (or an acceptance bill) received from a customer and applies it: to the
/// lines given, to the one invoice named, or in the configured order; what is left stays as
/// unapplied credit. Credit notes go through the same path without a method.</summary>
public static class RecordReceipt
{
    public sealed record Request(
        string? CustomerCode, string? Number, DateOnly? Date, decimal? Amount, string? Currency = null,
        string? Method = null, string? Reference = null, DateOnly? MaturityDate = null, decimal? RateToBase = null,
        string? Memo = null, string? InvoiceNumber = null, IReadOnlyList<Allocate.Line>? Lines = null, bool AutoAllocate = true);

    /// <summary>Checks a receipt or credit note without I/O. A receipt's number defaults to its
    /// bank reference: either one identifies it, so the same bank line imported twice is one receipt.</summary>
    public static Result<Document> Prepare(Request r, CustomerRef? customer, RateTable rates, DocumentKind kind = DocumentKind.Receipt)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rates);
        var check = new Check();
        var currency = check.CustomerAndCurrency(customer, r.CustomerCode, r.Currency, rates);
        var reference = check.OptionalText("reference", r.Reference, 200);
        var number = check.Text("number", r.Number ?? reference, 64);
        if (r.Date is null) check.Add(ErrorCodes.Required, "date");
        var amount = check.Amount("amount", r.Amount, currency);
        ReceiptMethod? method = kind == DocumentKind.Receipt ? check.Choice("method", ReceiptMethods.Normalize(r.Method), ReceiptMethod.BankTransfer) : null;
        if (method?.IsBill() == true && r.MaturityDate is null) check.Add(ErrorCodes.MaturityRequired, "maturityDate");
        var date = r.Date ?? default;
        var rate = check.Rate(r.RateToBase, r.Date, currency, rates);
        var memo = check.OptionalText("memo", r.Memo, 500);
        return check.Result(() => new Document
        {
            Kind = kind,
            CustomerId = customer!.Id,
            Number = number,
            DocumentDate = date,
            DueDate = date,
            Currency = currency.Code,
            Amount = amount,
            RateToBase = rate,
            Method = method,
            MaturityDate = method?.IsBill() == true ? r.MaturityDate : null,
            Reference = reference,
            Memo = memo,
        });
    }

    public static async Task<Result<Allocate.Response>> Handle(
        ArFlowDbContext db, Request request, ArFlowOptions options, Clock clock, CancellationToken ct, DocumentKind kind = DocumentKind.Receipt)
    {
        var customer = await db.CustomerAsync(request.CustomerCode, ct);
        var rates = await RateTable.LoadAsync(db, options.Base, request.Currency?.Trim().ToUpperInvariant() ?? customer?.Currency, ct);
        var prepared = Prepare(request, customer, rates, kind);
        return prepared.IsSuccess
            ? await PostAsync(db, prepared.Value!, request, options, clock, ct)
            : Result<Allocate.Response>.Fail(prepared.Errors);
    }

    /// <summary>Posts a prepared receipt or credit note and applies it; imports call this directly
    /// with the customers and rates they already hold.</summary>
    public static async Task<Result<Allocate.Response>> PostAsync(
        ArFlowDbContext db, Document doc, Request request, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(request);
        var kind = doc.Kind;
        doc.CreatedAt = clock.Now;
        var lines = request.Lines is { Count: > 0 } ? request.Lines
            : !string.IsNullOrWhiteSpace(request.InvoiceNumber) ? [new Allocate.Line(request.InvoiceNumber, null)]
            : null;
        return await db.WriteAsync(async () =>
        {
            if (await db.NumberTakenAsync(doc.CustomerId, kind, doc.Number!, ct))
                return new DomainError(ErrorCodes.DuplicateNumber, "number", doc.Number!);
            await db.OpenItemAsync(doc, doc.DocumentDate, options.Base, ct);
            var posted = lines is null && !request.AutoAllocate
                ? new Allocate.Response(await db.DtoAsync(doc.Id, ct), [], doc.Amount)
                : await Allocate.ApplyAsync(db, doc.Id, doc.DocumentDate, lines, options, clock, ct);
            if (posted.IsSuccess && kind == DocumentKind.Receipt)
            {
                var discounts = await EarlyPaymentDiscounts.GrantAsync(db, doc.CustomerId, doc.DocumentDate, posted.Value!.Allocations, options, clock, ct);
                if (discounts.Count > 0) posted = posted.Value with { Discounts = discounts };
                await WebhookEvents.RaiseAsync(db, WebhookEvents.ReceiptPosted, posted.Value!, clock, ct);
                // A promise kept closes itself when the money arrives.
                await Collections.Promises.SettleAsync(db, doc.CustomerId, clock.Today, ct);
                await Collections.RepaymentPlans.SettleAsync(db, doc.CustomerId, clock.Today, ct);
                await db.SaveChangesAsync(ct);
            }
            return posted;
        }, ct);
    }
}
