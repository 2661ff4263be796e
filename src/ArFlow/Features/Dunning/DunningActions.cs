using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Dunning;

/// <summary>Where a dunning action got to: a message queued, sent, retrying (with the server's last
/// answer), failed, bounced or withdrawn; a task open or closed.</summary>
public sealed record DeliveryDto(string State, string? Subject, string? Answer, int Attempts, DateTimeOffset? At);

public sealed record DunningActionRowDto(
    long Id, string CustomerCode, DateOnly RunDate, string Policy, int Step, string Channel, string Actor, string Language, string? Target,
    IReadOnlyList<DunnedItemDto> Items, DeliveryDto Delivery);

/// <summary>The record of what dunning did, newest first, with each action's delivery state; and the
/// customer's own dunning settings (its policy, a pause).</summary>
public static class DunningActions
{
    public sealed record Filter(string? Customer = null, DateOnly? Date = null, int? Page = null, int? PageSize = null);

    public sealed record CustomerSettings(string? Policy, DateOnly? PausedUntil, string? PauseReason);

    public static async Task<Page<DunningActionRowDto>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        // Joined with the customers the person may see.
        var q = from a in db.DunningActions.AsNoTracking() join c in db.Customers on a.CustomerId equals c.Id select new { a, c.Code };
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(x => x.Code == f.Customer.Trim());
        if (f.Date is { } day) q = q.Where(x => x.a.RunDate == day);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.a.Id).Skip(skip).Take(take).ToListAsync(ct);
        var ids = rows.Select(r => r.a.Id).ToList();
        var items = (await (from i in db.DunningActionItems.AsNoTracking() where ids.Contains(i.ActionId)
                            join d in db.Documents on i.ItemId equals d.Id
                            join o in db.OpenItems on i.ItemId equals o.ItemId
                            select new { i.ActionId, Item = new DunnedItemDto(d.Number ?? "", o.DueDate, i.StepOffset, i.Amount, i.Currency) }).ToListAsync(ct))
            .ToLookup(x => x.ActionId, x => x.Item);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.DunningActionId != null && ids.Contains(m.DunningActionId.Value)).ToListAsync(ct);
        var tasks = await db.CollectionTasks.AsNoTracking().Where(t => t.DunningActionId != null && ids.Contains(t.DunningActionId.Value)).ToListAsync(ct);
        return new Page<DunningActionRowDto>(rows.Select(r => new DunningActionRowDto(
            r.a.Id, r.Code, r.a.RunDate, r.a.Policy, r.a.StepOffset, Check.Kebab(r.a.Channel.ToString()), Check.Kebab(r.a.Actor.ToString()), r.a.Language, r.a.Target,
            items[r.a.Id].OrderBy(i => i.DueDate).ToList(),
            Delivery(messages.FirstOrDefault(m => m.DunningActionId == r.a.Id), tasks.Where(t => t.DunningActionId == r.a.Id).MaxBy(t => t.Id)))).ToList(), total, page, size);
    }

    private static DeliveryDto Delivery(OutboxMessage? m, CollectionTask? task)
    {
        // A bounced message hands over to its task; report the bounce, the task follows it.
        if (m is not null)
        {
            return new DeliveryDto(DeliveryState.Of(m), m.Subject, m.LastError, m.Attempts, m.DeliveredAt ?? m.GaveUpAt);
        }
        return task is null ? new DeliveryDto("none", null, null, 0, null)
            : new DeliveryDto("task-" + Check.Kebab(task.Status.ToString()), null, task.Outcome, 0, task.ClosedAt ?? task.CreatedAt);
    }

    /// <summary>Sets a customer's own policy (null: its grade's) and its pause ("do not contact" up to a day, with a reason).</summary>
    public static async Task<Result<CustomerSettings>> SaveCustomerAsync(ArFlowDbContext db, string code, CustomerSettings r, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(clock);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Code == code, ct);
        if (customer is null) return new DomainError(ErrorCodes.UnknownCustomer, "code", code);
        var check = new Check();
        var policy = string.IsNullOrWhiteSpace(r.Policy) ? null : r.Policy.Trim();
        if (policy is not null && (await DunningSettings.LoadAsync(db, ct)).Policies.Find(policy) is null) check.Add(ErrorCodes.UnknownPolicy, "policy", policy);
        if (r.PausedUntil is { } until && until < clock.Today) check.Add(ErrorCodes.OutOfRange, "pausedUntil", until);
        var reason = check.OptionalText("pauseReason", r.PauseReason, 500);
        if (r.PausedUntil is not null && reason is null) check.Add(ErrorCodes.Required, "pauseReason");
        if (!check.Ok) return Result<CustomerSettings>.Fail(check.Errors);
        (customer.DunningPolicy, customer.PausedUntil, customer.PauseReason) = (policy, r.PausedUntil, r.PausedUntil is null ? null : reason);
        customer.Version++;
        await db.SaveChangesAsync(ct);
        return new CustomerSettings(customer.DunningPolicy, customer.PausedUntil, customer.PauseReason);
    }

    public static async Task<CustomerSettings?> CustomerAsync(ArFlowDbContext db, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => new CustomerSettings(c.DunningPolicy, c.PausedUntil, c.PauseReason)).SingleOrDefaultAsync(ct);
    }
}
