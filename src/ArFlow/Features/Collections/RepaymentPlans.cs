using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Contracts;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Collections;

public sealed record RepaymentInstallmentDto(int Sequence, DateOnly DueOn, decimal Amount, string Status, DateOnly? SettledOn);

public sealed record RepaymentPlanDto(
    long Id, string CustomerCode, string Currency, decimal Total, DateOnly StartOn, string Status, DateOnly? EndedOn, string? Note, string CreatedBy,
    IReadOnlyList<string> Invoices, IReadOnlyList<RepaymentInstallmentDto> Installments);

/// <summary>Repayment plans (分期还款): installments agreed for a customer's overdue invoices (all of
/// them, or those named), equal parts a month or more apart or explicit rows that add up to what is
/// open. While kept, the plan's invoices are held out of dunning; receipts keep its installments as
/// they keep promises, and a missed installment breaks it the day after its date — the invoices go
/// back to ordinary dunning at the next run.</summary>
public static class RepaymentPlans
{
    public sealed record Row(DateOnly? DueOn, decimal? Amount);

    public sealed record Request(IReadOnlyList<string>? Invoices = null, int? Count = null, DateOnly? FirstDueOn = null, int? MonthsApart = null,
        IReadOnlyList<Row>? Installments = null, string? Note = null);

    public static async Task<Result<RepaymentPlanDto>> CreateAsync(ArFlowDbContext db, string code, Request r, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(clock);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var today = clock.Today;
        var open = await (from o in db.OpenItems join d in db.Documents on o.ItemId equals d.Id
                          where o.CustomerId == customer.Id && o.Side == ItemSide.Debit && o.Open > 0m
                          select new { o.ItemId, Number = d.Number ?? "", o.DueDate, o.Open, o.Currency }).AsNoTracking().ToListAsync(ct);
        var check = new Check();
        var named = (r.Invoices ?? []).Select(n => n?.Trim() ?? "").ToList();
        for (var i = 0; i < named.Count; i++)
            if (open.All(o => o.Number != named[i])) check.Add(ErrorCodes.UnknownDocument, $"invoices[{i}]", named[i]);
        var items = named.Count > 0 ? open.Where(o => named.Contains(o.Number)).ToList() : open.Where(o => o.DueDate < today).ToList();
        if (named.Count == 0 && items.Count == 0) check.Add(ErrorCodes.Required, "invoices");
        if (items.Select(i => i.Currency).Distinct().Count() > 1) check.Add(ErrorCodes.PlanCurrencies, "invoices");
        var inPlans = items.Count == 0 ? [] : await db.RepaymentPlanItems.Where(p => db.RepaymentPlans.Any(x => x.Id == p.PlanId && x.Status == RepaymentPlanStatus.Active))
            .Join(db.Documents, p => p.ItemId, d => d.Id, (p, d) => d.Number ?? "").ToListAsync(ct);
        foreach (var taken in items.Where(i => inPlans.Contains(i.Number))) check.Add(ErrorCodes.AlreadyInPlan, "invoices", taken.Number);
        var note = check.OptionalText("note", r.Note, 1000);
        if (!check.Ok) return Result<RepaymentPlanDto>.Fail(check.Errors);

        var total = new M(items.Sum(i => i.Open), Domain.Money.Currency.Parse(items[0].Currency));
        var schedule = r.Installments is { Count: > 0 } rows
            ? PaymentPlan.Explicit(total, rows.Select(x => (x.DueOn ?? default, x.Amount ?? 0m, (string?)null)).ToList())
            : PaymentPlan.EqualParts(total, r.Count ?? 0, r.FirstDueOn ?? default, r.MonthsApart ?? 1);
        if (!schedule.IsSuccess) return Result<RepaymentPlanDto>.Fail(schedule.Errors);
        if (schedule.Value!.Any(i => i.DueDate < today)) return new DomainError(ErrorCodes.OutOfRange, r.Installments is { Count: > 0 } ? "installments" : "firstDueOn", today);
        var plan = new RepaymentPlan
        {
            CustomerId = customer.Id, Currency = total.Currency.Code, Total = total.Amount, StartOn = today, Status = RepaymentPlanStatus.Active, Note = note,
            CreatedBy = by, CreatedAt = clock.Now,
            Installments = schedule.Value!.Select(i => new RepaymentInstallment { Sequence = i.Sequence, DueOn = i.DueDate, Amount = i.Amount.Amount, Status = PromiseStatus.Open }).ToList(),
            Items = items.Select(i => new RepaymentPlanItem { ItemId = i.ItemId }).ToList(),
        };
        db.RepaymentPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return Dto(plan, customer.Code, items.Select(i => i.Number).ToList());
    }

    public static async Task<IReadOnlyList<RepaymentPlanDto>?> ListAsync(ArFlowDbContext db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (customer is null) return null;
        var plans = await db.RepaymentPlans.AsNoTracking().Include(p => p.Installments).Include(p => p.Items)
            .Where(p => p.CustomerId == customer).OrderByDescending(p => p.Id).ToListAsync(ct);
        var ids = plans.SelectMany(p => p.Items).Select(i => i.ItemId).ToList();
        var numbers = await db.Documents.AsNoTracking().Where(d => d.CustomerId == customer && ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Number ?? "", ct);
        return plans.Select(p => Dto(p, code, p.Items.Select(i => numbers.GetValueOrDefault(i.ItemId, "")).ToList())).ToList();
    }

    public static async Task<Result<RepaymentPlanDto>> CancelAsync(ArFlowDbContext db, long id, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var plan = await db.RepaymentPlans.Include(p => p.Installments).Include(p => p.Items)
            .SingleOrDefaultAsync(p => p.Id == id && db.Customers.Any(c => c.Id == p.CustomerId), ct);
        if (plan is null) return new DomainError(ErrorCodes.UnknownPlan, "id", id);
        if (plan.Status != RepaymentPlanStatus.Active) return new DomainError(ErrorCodes.PlanNotActive, "id", id);
        (plan.Status, plan.EndedOn) = (RepaymentPlanStatus.Cancelled, clock.Today);
        plan.Version++;
        await db.SaveChangesAsync(ct);
        var code = await db.Customers.Where(c => c.Id == plan.CustomerId).Select(c => c.Code).SingleAsync(ct);
        return Dto(plan, code, []);
    }

    /// <summary>Keeps or breaks the customer's active plans against its receipts; the caller saves.</summary>
    public static async Task SettleAsync(ArFlowDbContext db, long customerId, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plans = await db.RepaymentPlans.IgnoreQueryFilters().Include(p => p.Installments)
            .Where(p => p.CustomerId == customerId && p.Status == RepaymentPlanStatus.Active).ToListAsync(ct);
        foreach (var plan in plans)
        {
            var payments = await db.Documents.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.CustomerId == customerId && d.Kind == DocumentKind.Receipt && d.ReversedById == null && d.Currency == plan.Currency && d.DocumentDate >= plan.StartOn)
                .Select(d => new Payment(d.DocumentDate, d.Amount)).ToListAsync(ct);
            var standing = RepaymentPlanKeeping.Standing(plan.StartOn, plan.Installments.Select(i => new PlanInstallment(i.Id, i.DueOn, i.Amount)).ToList(), payments, today);
            foreach (var installment in plan.Installments)
            {
                var outcome = standing.Installments.Single(o => o.Id == installment.Id);
                (installment.Status, installment.SettledOn) = (outcome.Status, outcome.On);
            }
            if (standing.Status == RepaymentPlanStatus.Active) continue;
            (plan.Status, plan.EndedOn) = (standing.Status, today);
            plan.Version++;
        }
    }

    /// <summary>Before each dunning run: every customer with an active plan.</summary>
    public static async Task SettleAllAsync(ArFlowDbContext db, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customers = await db.RepaymentPlans.IgnoreQueryFilters().Where(p => p.Status == RepaymentPlanStatus.Active).Select(p => p.CustomerId).Distinct().ToListAsync(ct);
        foreach (var id in customers) await SettleAsync(db, id, today, ct);
        await db.SaveChangesAsync(ct);
    }

    private static RepaymentPlanDto Dto(RepaymentPlan p, string code, IReadOnlyList<string> invoices) => new(
        p.Id, code, p.Currency, p.Total, p.StartOn, Check.Kebab(p.Status.ToString()), p.EndedOn, p.Note, p.CreatedBy, invoices,
        p.Installments.OrderBy(i => i.Sequence).Select(i => new RepaymentInstallmentDto(i.Sequence, i.DueOn, i.Amount, Check.Kebab(i.Status.ToString()), i.SettledOn)).ToList());
}
