using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

public sealed record CollectionTaskDto(
    long Id, string CustomerCode, string CustomerName, string Channel, string Actor, string? AssignedTo, DateOnly DueOn, string Status, string? Reason,
    int? Step, IReadOnlyList<string> Invoices, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, string? ClosedBy, string? Outcome, long? DunningActionId);

/// <summary>Collection tasks (calls, visits, letters, escalations, hand-overs, undeliverable reminders):
/// listed per person, given to someone else (one or many at once), closed with what came of them —
/// closing a call records the call as an activity on the task's invoices.</summary>
public static class CollectionTasks
{
    public sealed record Filter(string? AssignedTo = null, string? Customer = null, string? Status = "open", int? Page = null, int? PageSize = null);

    public sealed record CloseRequest(string? Outcome, string? Note);

    public sealed record AssignRequest(IReadOnlyList<long>? Ids, string? AssignedTo);

    public static async Task<Page<CollectionTaskDto>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = from t in db.CollectionTasks.AsNoTracking() join c in db.Customers on t.CustomerId equals c.Id select new { t, c.Code, c.Name };
        if (!string.IsNullOrWhiteSpace(f.AssignedTo)) q = q.Where(x => x.t.AssignedTo == f.AssignedTo.Trim());
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(x => x.Code == f.Customer.Trim());
        if (!string.IsNullOrWhiteSpace(f.Status) && f.Status != "all")
        {
            var status = new Check().Choice("status", f.Status, CollectionTaskStatus.Open);
            q = q.Where(x => x.t.Status == status);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(x => x.t.DueOn).ThenBy(x => x.t.Id).Skip(skip).Take(take).ToListAsync(ct);
        var actionIds = rows.Where(r => r.t.DunningActionId is not null).Select(r => r.t.DunningActionId!.Value).ToList();
        var steps = await db.DunningActions.AsNoTracking().Where(a => actionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.StepOffset, ct);
        var invoices = (await (from i in db.DunningActionItems.AsNoTracking() where actionIds.Contains(i.ActionId)
                               join d in db.Documents on i.ItemId equals d.Id select new { i.ActionId, d.Number }).ToListAsync(ct))
            .ToLookup(x => x.ActionId, x => x.Number ?? "");
        return new Page<CollectionTaskDto>(rows.Select(r => Dto(r.t, r.Code, r.Name,
            r.t.DunningActionId is { } a ? steps.GetValueOrDefault(a) : null, r.t.DunningActionId is { } b ? invoices[b].ToList() : [])).ToList(), total, page, size);
    }

    /// <summary>Closes an open task with what came of it. A call task needs the call's outcome
    /// (reached, no-answer, …), which is recorded as a call activity on the task's invoices.</summary>
    public static async Task<Result<CollectionTaskDto>> CloseAsync(ArFlowDbContext db, long id, CloseRequest r, string by, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(clock);
        var found = await (from t in db.CollectionTasks join c in db.Customers on t.CustomerId equals c.Id where t.Id == id select new { t, c.Code, c.Name }).SingleOrDefaultAsync(ct);
        if (found is null) return new DomainError(ErrorCodes.UnknownTask, "id", id);
        var task = found.t;
        if (task.Status != CollectionTaskStatus.Open) return new DomainError(ErrorCodes.TaskNotOpen, "id", id);
        var invoices = task.DunningActionId is { } action
            ? await db.DunningActionItems.Where(i => i.ActionId == action).Join(db.Documents, i => i.ItemId, d => d.Id, (i, d) => d.Number ?? "").ToListAsync(ct)
            : [];
        return await db.WriteAsync<CollectionTaskDto>(async () =>
        {
            var kind = task.Channel switch
            {
                DunningChannel.CallTask => ActivityKind.Call, DunningChannel.VisitTask => ActivityKind.Visit, DunningChannel.Letter => ActivityKind.Letter,
                _ => ActivityKind.Note,
            };
            // The activity checks the outcome and the note; a note-kind close needs a note saying what was done.
            var activity = await Activities.RecordAsync(db, found.Code, new Activities.Request(Check.Kebab(kind.ToString()), r.Outcome, r.Note, invoices), by, clock, ct, task.Id);
            if (!activity.IsSuccess) return Result<CollectionTaskDto>.Fail(activity.Errors);
            (task.Status, task.ClosedAt, task.ClosedBy, task.Outcome) = (CollectionTaskStatus.Done, clock.Now, by, activity.Value!.Outcome ?? activity.Value.Note);
            task.Version++;
            await db.SaveChangesAsync(ct);
            return Dto(task, found.Code, found.Name, null, invoices);
        }, ct);
    }

    /// <summary>Gives open tasks to someone (null: back to the managers' queue). Only tasks the person may see move.</summary>
    public static async Task<Result<int>> AssignAsync(ArFlowDbContext db, AssignRequest r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        if (r.Ids is not { Count: > 0 } ids) return new DomainError(ErrorCodes.Required, "ids");
        var check = new Check();
        var to = check.OptionalText("assignedTo", r.AssignedTo, 256);
        if (!check.Ok) return Result<int>.Fail(check.Errors);
        var tasks = await db.CollectionTasks.Where(t => ids.Contains(t.Id) && t.Status == CollectionTaskStatus.Open && db.Customers.Any(c => c.Id == t.CustomerId)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
            if (tasks.All(t => t.Id != ids[i])) check.Add(ErrorCodes.UnknownTask, $"ids[{i}]", ids[i]);
        if (!check.Ok) return Result<int>.Fail(check.Errors);
        foreach (var t in tasks)
        {
            t.AssignedTo = to;
            t.Version++;
        }
        await db.SaveChangesAsync(ct);
        return tasks.Count;
    }

    private static CollectionTaskDto Dto(CollectionTask t, string code, string name, int? step, IReadOnlyList<string> invoices) => new(
        t.Id, code, name, Check.Kebab(t.Channel.ToString()), Check.Kebab(t.Actor.ToString()), t.AssignedTo, t.DueOn, Check.Kebab(t.Status.ToString()), t.Reason,
        step, invoices, t.CreatedAt, t.ClosedAt, t.ClosedBy, t.Outcome, t.DunningActionId);
}
