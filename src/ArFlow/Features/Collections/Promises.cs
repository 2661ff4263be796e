using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

public sealed record PromiseDto(
    long Id, string CustomerCode, decimal Amount, string Currency, DateOnly PromisedFor, DateOnly RecordedOn, string RecordedBy,
    string? PromisedBy, string? Note, string Status, DateOnly? SettledOn);

/// <summary>Promises to pay: recorded by a collector, kept by themselves when the money arrives
/// (checked as each receipt is posted), broken the day after their date (checked by the daily run,
/// which raises the promise-broken alert).</summary>
public static class Promises
{
    public sealed record Request(decimal? Amount, DateOnly? PromisedFor, string? PromisedBy = null, string? Note = null, string? Currency = null);

    public sealed record Filter(string? Customer = null, string? Status = null, int? Page = null, int? PageSize = null);

    public static async Task<Result<PromiseDto>> RecordAsync(ArFlowDbContext db, string code, Request r, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var check = new Check();
        var currency = check.Currency("currency", r.Currency, Currency.Parse(customer.Currency));
        var amount = check.Amount("amount", r.Amount, currency);
        if (r.PromisedFor is null) check.Add(ErrorCodes.Required, "promisedFor");
        else if (r.PromisedFor < clock.Today) check.Add(ErrorCodes.OutOfRange, "promisedFor", r.PromisedFor);
        var promisedBy = check.OptionalText("promisedBy", r.PromisedBy, 200);
        var note = check.OptionalText("note", r.Note, 1000);
        if (!check.Ok) return Result<PromiseDto>.Fail(check.Errors);
        var row = new PromiseToPay
        {
            CustomerId = customer.Id, Amount = amount, Currency = currency.Code, PromisedFor = r.PromisedFor!.Value, RecordedOn = clock.Today,
            RecordedBy = by, PromisedBy = promisedBy, Note = note, Status = PromiseStatus.Open,
        };
        db.Promises.Add(row);
        await db.SaveChangesAsync(ct);
        return Dto(row, customer.Code);
    }

    public static async Task<Result<PromiseDto>> CancelAsync(ArFlowDbContext db, long id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Promises.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null) return new DomainError(ErrorCodes.UnknownPromise, "id", id);
        if (row.Status != PromiseStatus.Open) return new DomainError(ErrorCodes.PromiseNotOpen, "id", id);
        row.Status = PromiseStatus.Cancelled;
        row.Version++;
        await db.SaveChangesAsync(ct);
        return Dto(row, await db.Customers.Where(c => c.Id == row.CustomerId).Select(c => c.Code).SingleAsync(ct));
    }

    public static async Task<Page<PromiseDto>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.Promises.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(p => db.Customers.Any(c => c.Id == p.CustomerId && c.Code == f.Customer.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Status))
        {
            var status = new Check().Choice("status", f.Status, PromiseStatus.Open);
            q = q.Where(p => p.Status == status);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(p => p.Id).Skip(skip).Take(take)
            .Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p, c.Code }).ToListAsync(ct);
        return new Page<PromiseDto>(rows.Select(x => Dto(x.p, x.Code)).ToList(), total, page, size);
    }

    /// <summary>Settles a customer's open promises against its receipts; the caller saves.</summary>
    public static async Task SettleAsync(ArFlowDbContext db, long customerId, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.Promises.IgnoreQueryFilters().Where(p => p.CustomerId == customerId && p.Status == PromiseStatus.Open).ToListAsync(ct);
        if (open.Count == 0) return;
        var since = open.Min(p => p.RecordedOn);
        // Kept promises of the same period took their money first: they go through the keeping again so no receipt counts twice.
        var kept = await db.Promises.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.Status == PromiseStatus.Kept && p.PromisedFor >= since).ToListAsync(ct);
        foreach (var currency in open.Select(p => p.Currency).Distinct())
        {
            var receipts = await db.Documents.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.CustomerId == customerId && d.Kind == DocumentKind.Receipt && d.ReversedById == null && d.Currency == currency && d.DocumentDate >= since)
                .Select(d => new Payment(d.DocumentDate, d.Amount)).ToListAsync(ct);
            var mine = open.Where(p => p.Currency == currency).ToList();
            var outcomes = PromiseKeeping.Settle(
                mine.Concat(kept.Where(p => p.Currency == currency)).Select(p => new Promise(p.Id, p.Amount, p.RecordedOn, p.PromisedFor)), receipts, today);
            foreach (var row in mine)
            {
                var outcome = outcomes.Single(o => o.Id == row.Id);
                if (outcome.Status == PromiseStatus.Open) continue;
                (row.Status, row.SettledOn) = (outcome.Status, outcome.On);
                row.Version++;
            }
        }
    }

    /// <summary>The daily pass over every customer with an open promise.</summary>
    public static async Task SettleAllAsync(ArFlowDbContext db, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var customers = await db.Promises.IgnoreQueryFilters().Where(p => p.Status == PromiseStatus.Open).Select(p => p.CustomerId).Distinct().ToListAsync(ct);
        foreach (var id in customers) await SettleAsync(db, id, clock.Today, ct);
        await db.SaveChangesAsync(ct);
    }

    private static PromiseDto Dto(PromiseToPay p, string code) => new(
        p.Id, code, p.Amount, p.Currency, p.PromisedFor, p.RecordedOn, p.RecordedBy, p.PromisedBy, p.Note, Check.Kebab(p.Status.ToString()), p.SettledOn);
}
