using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Terms;
using ArFlow.Features.Ledger;
using ArFlow.Features.Rates;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Invoices;

/// <summary>Posts an invoice, or a charge (late interest, a fee): both are amounts the customer owes
/// from a due date on. The due date comes from the terms unless one is given.</summary>
public static class IssueInvoice
{
    public sealed record Request(
        string? CustomerCode, string? Number, DateOnly? IssueDate, decimal? Amount, DateOnly? DueDate = null,
        string? Currency = null, string? Terms = null, decimal? RateToBase = null, string? Reference = null, string? Memo = null);

    public sealed record Prepared(Document Document, DateOnly DueDate);

    /// <summary>Checks a request against the customer and the rates, without I/O; imports call it per row.</summary>
    public static Result<Prepared> Prepare(Request r, CustomerRef? customer, RateTable rates, DocumentKind kind = DocumentKind.Invoice)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(rates);
        var check = new Check();
        var currency = check.CustomerAndCurrency(customer, r.CustomerCode, r.Currency, rates);
        var number = check.Text("number", r.Number, 64);
        if (r.IssueDate is null) check.Add(ErrorCodes.Required, "issueDate");
        var amount = check.Amount("amount", r.Amount, currency);
        var terms = check.Terms("terms", r.Terms) ?? (customer is null ? PaymentTerms.Net(30) : PaymentTerms.Parse(customer.DefaultTerms).ValueOrThrow());
        var issued = r.IssueDate ?? default;
        var due = r.DueDate ?? terms.DueDate(issued);
        if (r.IssueDate is not null && due < issued) check.Add(ErrorCodes.DueBeforeIssue, "dueDate");
        var rate = check.Rate(r.RateToBase, r.IssueDate, currency, rates);
        var reference = check.OptionalText("reference", r.Reference, 200);
        var memo = check.OptionalText("memo", r.Memo, 500);
        return check.Result(() => new Prepared(new Document
        {
            Kind = kind,
            CustomerId = customer!.Id,
            Number = number,
            DocumentDate = issued,
            DueDate = due,
            Currency = currency.Code,
            Amount = amount,
            RateToBase = rate,
            Terms = r.DueDate is null ? terms.ToString() : null,
            Reference = reference,
            Memo = memo,
        }, due));
    }

    /// <summary>Posts it; <paramref name="checkCredit"/>: an invoice is refused when the credit check
    /// blocks its amount (not for charges, installments of a checked contract, or an approved override).</summary>
    public static async Task<Result<DocumentDto>> Handle(
        ArFlowDbContext db, Request request, ArFlowOptions options, Clock clock, CancellationToken ct,
        DocumentKind kind = DocumentKind.Invoice, long? installmentId = null, bool checkCredit = false)
    {
        var customer = await db.CustomerAsync(request.CustomerCode, ct);
        var rates = await RateTable.LoadAsync(db, options.Base, request.Currency?.Trim().ToUpperInvariant() ?? customer?.Currency, ct);
        var prepared = Prepare(request, customer, rates, kind);
        if (!prepared.IsSuccess) return Result<DocumentDto>.Fail(prepared.Errors);
        var (doc, due) = prepared.Value!;
        doc.CreatedAt = clock.Now;
        doc.ContractInstallmentId = installmentId;
        return await db.WriteAsync<DocumentDto>(async () =>
        {
            if (await db.NumberTakenAsync(doc.CustomerId, kind, doc.Number!, ct))
                return new DomainError(ErrorCodes.DuplicateNumber, "number", doc.Number!);
            if (checkCredit && await Credit.CreditGate.RefusalsAsync(db, customer!.Code, doc.Currency, doc.Amount, options, clock, ct) is { Count: > 0 } refused)
                return Result<DocumentDto>.Fail(refused);
            await db.OpenItemAsync(doc, due, options.Base, ct);
            return await db.DtoAsync(doc.Id, ct);
        }, ct);
    }
}
