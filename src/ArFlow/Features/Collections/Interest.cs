using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Features.Invoices;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

/// <summary>Late interest on one invoice to a day: accrued under the policy, charged already, and
/// what a charge would add now.</summary>
public sealed record InterestDto(long ItemId, string Number, DateOnly DueDate, decimal Original, decimal Open, string Currency, decimal Accrued, decimal Charged, decimal Chargeable);

/// <summary>Late-payment interest (<see cref="LateInterest"/>): the policy kept as a setting, the
/// interest of a customer's invoices to any day, and charging it as a charge document (number
/// INT-invoice-yyyymmdd, due at once), each charge linked to its invoice so nothing is charged twice.
/// Waiving charged interest is writing off the charge, which goes through approval as every write-off.</summary>
public static class Interest
{
    public const string PolicyKey = "dunning.interest";

    public sealed record ChargeRequest(DateOnly? AsOf);

    public static Task<SettingDto<InterestPolicy>> PolicyAsync(ArFlowDbContext db, CancellationToken ct) =>
        StoredSettings.GetAsync(db, PolicyKey, InterestPolicy.Default, ct);

    public static Task<Result<SettingDto<InterestPolicy>>> SavePolicyAsync(
        ArFlowDbContext db, StoredSettings.SaveRequest<InterestPolicy> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, PolicyKey, r, p => p.Problems(), by, clock, ct);

    /// <summary>The customer's invoices with interest to <paramref name="asOf"/>; null for an unknown customer.</summary>
    public static async Task<IReadOnlyList<InterestDto>?> ForCustomerAsync(ArFlowDbContext db, string code, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customer is null) return null;
        var policy = (await PolicyAsync(db, ct)).Value;
        return await ForItemsAsync(db, policy, customer.Value, null, asOf, ct);
    }

    /// <summary>Interest of a customer's invoices (or of <paramref name="only"/> of them) that fell due
    /// more than the grace days before <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<InterestDto>> ForItemsAsync(
        ArFlowDbContext db, InterestPolicy policy, long customerId, IReadOnlyCollection<long>? only, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        var latestDue = asOf.AddDays(-policy.GraceDays - 1);
        var items = await (from o in db.OpenItems.AsNoTracking()
                           join d in db.Documents on o.ItemId equals d.Id
                           where o.CustomerId == customerId && o.Kind == DocumentKind.Invoice && o.DueDate <= latestDue
                           select new { o.ItemId, Number = d.Number ?? "", o.DueDate, o.Original, o.Open, o.Currency }).ToListAsync(ct);
        if (only is not null) items = items.Where(i => only.Contains(i.ItemId)).ToList();
        if (items.Count == 0) return [];
        var entries = (await db.LedgerEntries.AsNoTracking()
                .Where(e => e.CustomerId == customerId && e.PostedDate <= asOf && db.OpenItems.Any(o => o.ItemId == e.ItemId && o.Kind == DocumentKind.Invoice && o.DueDate <= latestDue))
                .Select(e => new { e.ItemId, e.PostedDate, e.Amount }).ToListAsync(ct))
            .ToLookup(e => e.ItemId);
        var charged = (await db.InterestCharges.AsNoTracking()
                .Where(c => db.OpenItems.Any(o => o.ItemId == c.ItemId && o.CustomerId == customerId))
                .Where(c => db.Documents.Any(d => d.Id == c.ChargeDocumentId && d.ReversedById == null))
                .GroupBy(c => c.ItemId).Select(g => new { g.Key, Amount = g.Sum(c => c.Amount) }).ToListAsync(ct))
            .ToDictionary(c => c.Key, c => c.Amount);
        var result = new List<InterestDto>();
        foreach (var i in items)
        {
            var history = LateInterest.History(entries[i.ItemId].Select(e => (e.PostedDate, e.Amount)));
            var accrued = LateInterest.Accrued(policy, i.DueDate, i.Original, history, asOf, Currency.Parse(i.Currency).MinorUnits);
            if (accrued == 0m) continue;
            var already = charged.GetValueOrDefault(i.ItemId);
            result.Add(new InterestDto(i.ItemId, i.Number, i.DueDate, i.Original, i.Open, i.Currency, accrued, already, Math.Max(0m, accrued - already)));
        }
        return result;
    }

    /// <summary>Charges what is chargeable on each of the customer's invoices (or <paramref name="only"/>
    /// some), one charge document per invoice; <paramref name="step"/>: the dunning step charging it,
    /// which charges an invoice once. The caller's transaction holds it all.</summary>
    public static async Task<Result<IReadOnlyList<InterestDto>>> ChargeAsync(
        ArFlowDbContext db, long customerId, IReadOnlyCollection<long>? only, DateOnly asOf, int? step, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var policy = (await PolicyAsync(db, ct)).Value;
        if (!policy.On) return Result<IReadOnlyList<InterestDto>>.Ok([]);
        var code = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Code).SingleAsync(ct);
        var charged = new List<InterestDto>();
        var items = (await ForItemsAsync(db, policy, customerId, only, asOf, ct)).Where(i => i.Chargeable > 0m).ToList();
        var ids = items.Select(i => i.ItemId).ToList();
        // A step charges an invoice once: the ones it already charged, in one query.
        var done = step is { } s ? await db.InterestCharges.Where(c => c.StepOffset == s && ids.Contains(c.ItemId)).Select(c => c.ItemId).ToHashSetAsync(ct) : [];
        foreach (var item in items)
        {
            if (done.Contains(item.ItemId)) continue;
            var number = string.Create(CultureInfo.InvariantCulture, $"INT-{item.Number}-{asOf:yyyyMMdd}");
            var posted = await IssueInvoice.Handle(db, new IssueInvoice.Request(code, number, asOf, item.Chargeable, asOf, item.Currency,
                Reference: item.Number),
                options, clock, ct, DocumentKind.Charge);
            if (!posted.IsSuccess) return Result<IReadOnlyList<InterestDto>>.Fail(posted.Errors);
            db.InterestCharges.Add(new InterestCharge
            {
                ItemId = item.ItemId, ChargeDocumentId = posted.Value!.Id, StepOffset = step, Amount = item.Chargeable, Currency = item.Currency, AsOf = asOf, CreatedAt = clock.Now,
            });
            await db.SaveChangesAsync(ct);
            charged.Add(item with { Charged = item.Accrued, Chargeable = 0m });
        }
        return charged;
    }

    /// <summary>The API's and console's charge: everything chargeable on the customer's invoices, in one transaction.</summary>
    public static async Task<Result<IReadOnlyList<InterestDto>>> ChargeCustomerAsync(
        ArFlowDbContext db, string code, ChargeRequest r, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(clock);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var asOf = r.AsOf ?? clock.Today;
        if (asOf > clock.Today) return new DomainError(ErrorCodes.OutOfRange, "asOf", asOf);
        if (!(await PolicyAsync(db, ct)).Value.On) return new DomainError(ErrorCodes.InterestOff, "asOf");
        return await db.WriteAsync(() => ChargeAsync(db, customer.Value, null, asOf, null, options, clock, ct), ct);
    }
}
