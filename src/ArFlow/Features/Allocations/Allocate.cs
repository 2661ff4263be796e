using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Allocations;

/// <summary>Applies a receipt or credit note to invoices and charges, by hand (lines) or in the
/// configured order (auto). Each line posts one allocation document.</summary>
public static class Allocate
{
    public sealed record Line(string? InvoiceNumber, decimal? Amount);

    public sealed record Request(string? CustomerCode, string? FromNumber, DateOnly? Date = null, IReadOnlyList<Line>? Lines = null);

    public sealed record Applied(long AllocationId, string InvoiceNumber, decimal Amount);

    /// <summary>What a posting applied; <see cref="Discounts"/>: early-payment discounts a receipt earned (credit notes applied to the invoices).</summary>
    public sealed record Response(DocumentDto From, IReadOnlyList<Applied> Allocations, decimal Unapplied, IReadOnlyList<Applied>? Discounts = null);

    private static readonly DocumentKind[] DebitKinds = [DocumentKind.Invoice, DocumentKind.Charge];
    private static readonly DocumentKind[] CreditKinds = [DocumentKind.Receipt, DocumentKind.CreditNote];

    public static async Task<Result<Response>> Handle(ArFlowDbContext db, Request r, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var customer = await db.CustomerAsync(r.CustomerCode, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "customerCode", r.CustomerCode ?? "");
        if (string.IsNullOrWhiteSpace(r.FromNumber)) return new DomainError(ErrorCodes.Required, "fromNumber");
        var creditId = await db.ItemIdAsync(customer.Id, r.FromNumber.Trim(), CreditKinds, ct);
        if (creditId is null) return new DomainError(ErrorCodes.UnknownDocument, "fromNumber", r.FromNumber);
        return await db.WriteAsync(() => ApplyAsync(db, creditId.Value, r.Date ?? clock.Today, r.Lines, options, clock, ct), ct);
    }

    /// <summary>Within the caller's transaction: applies the credit item to the lines given, or, when
    /// there are none, to the customer's open items in the configured order. Lines naming an invoice
    /// without an amount take as much as both sides allow.</summary>
    public static async Task<Result<Response>> ApplyAsync(
        ArFlowDbContext db, long creditItemId, DateOnly date, IReadOnlyList<Line>? lines, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var credit = await db.OpenItems.AsNoTracking().SingleAsync(o => o.ItemId == creditItemId, ct);
        var plan = new List<(long ItemId, decimal? Amount, string Field)>();
        if (lines is { Count: > 0 })
        {
            var check = new Check();
            var named = lines.Select(l => l.InvoiceNumber?.Trim()).OfType<string>().Distinct().ToArray();
            var ids = await db.Documents.Where(d => d.CustomerId == credit.CustomerId && named.Contains(d.Number) && DebitKinds.Contains(d.Kind))
                .Select(d => new { d.Number, d.Id }).ToListAsync(ct);
            for (var i = 0; i < lines.Count; i++)
            {
                var field = $"lines[{i}]";
                if (string.IsNullOrWhiteSpace(lines[i].InvoiceNumber)) { check.Add(ErrorCodes.Required, $"{field}.invoiceNumber"); continue; }
                var id = ids.FirstOrDefault(x => x.Number == lines[i].InvoiceNumber!.Trim())?.Id;
                if (id is null) check.Add(ErrorCodes.UnknownDocument, $"{field}.invoiceNumber", lines[i].InvoiceNumber!);
                else if (lines[i].Amount is { } amount)
                {
                    // The same rule as every other amount: positive, in whole minor units of the currency.
                    check.Amount($"{field}.amount", amount, Domain.Money.Currency.Parse(credit.Currency));
                    plan.Add((id.Value, amount, field));
                }
                else plan.Add((id.Value, null, field));
            }
            if (!check.Ok) return Result<Response>.Fail(check.Errors);
        }
        else
        {
            plan.AddRange((await AutoPlanAsync(db, credit, date, options, ct)).Select(p => (p.ItemId, (decimal?)p.Amount, "lines")));
        }

        var items = await db.LoadItemsAsync(plan.Select(p => p.ItemId).Append(creditItemId), ct);
        var creditHistory = items[creditItemId].History;
        var planIds = plan.Select(p => p.ItemId).ToArray();
        var numbers = await db.Documents.Where(d => planIds.Contains(d.Id)).Select(d => new { d.Id, d.Number })
            .ToDictionaryAsync(d => d.Id, d => d.Number!, ct);
        var applied = new List<Applied>();
        foreach (var (itemId, wanted, field) in plan)
        {
            var debitHistory = items[itemId].History;
            var amount = wanted ?? Math.Min(debitHistory.AvailableFrom(date), creditHistory.AvailableFrom(date));
            if (amount == 0m) continue;
            var posted = Posting.Allocate(creditHistory, debitHistory, date, amount);
            if (!posted.IsSuccess) return Result<Response>.Fail(posted.Errors.Select(e => e.AtField($"{field}.amount")).ToArray());
            var doc = new Document
            {
                Kind = DocumentKind.Allocation,
                CustomerId = credit.CustomerId,
                DocumentDate = date,
                Currency = credit.Currency,
                Amount = amount,
                DebitItemId = itemId,
                CreditItemId = creditItemId,
                CreatedAt = clock.Now,
            };
            await db.PostAsync(doc, posted.Value!, items, options.Base, ct);
            applied.Add(new Applied(doc.Id, numbers[itemId], amount));
        }
        return new Response(await db.DtoAsync(creditItemId, ct), applied, creditHistory.Open);
    }

    /// <summary>The customer's invoices and charges in the credit's currency, issued on or before
    /// <paramref name="date"/>, in the configured order.</summary>
    private static async Task<IReadOnlyList<(long ItemId, decimal Amount)>> AutoPlanAsync(
        ArFlowDbContext db, OpenItem credit, DateOnly date, ArFlowOptions options, CancellationToken ct)
    {
        var candidates = await db.OpenItems.AsNoTracking()
            .Where(o => o.CustomerId == credit.CustomerId && o.Side == ItemSide.Debit && o.Currency == credit.Currency
                        && o.Open != 0m && o.DocumentDate <= date)
            .Select(o => new { o.ItemId, o.Kind, o.DocumentDate, o.DueDate }).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var histories = await db.LoadItemsAsync(candidates.Select(c => c.ItemId).Append(credit.ItemId), ct, tracked: false);
        var available = histories[credit.ItemId].History.AvailableFrom(date);
        return AutoAllocation.Plan(available,
            candidates.Select(c => new AllocationCandidate(c.ItemId, c.Kind, c.DocumentDate, c.DueDate, histories[c.ItemId].History.AvailableFrom(date))),
            options.AllocationOrder);
    }
}
