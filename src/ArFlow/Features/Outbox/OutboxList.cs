using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Outbox;

public sealed record OutboxAttemptDto(DateTimeOffset At, bool Succeeded, string Result, int DurationMs);

/// <summary>One message of the outbox: where it goes, its state, every attempt with the server's answer;
/// the words as sent (a reminder is worded when it is sent, so before that its body is empty).</summary>
public sealed record OutboxRowDto(
    long Id, string Channel, string Topic, string Target, string? CustomerCode, string? Subject, string Body, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? FinishedAt, string? LastError, IReadOnlyList<OutboxAttemptDto> Log);

/// <summary>Everything ArFlow sends (reminders, notices, webhook calls), newest first, with its delivery
/// state; a message given up can be tried again.</summary>
public static class OutboxList
{
    public sealed record Filter(string? State = null, string? Channel = null, string? Topic = null, string? Customer = null, int? Page = null, int? PageSize = null);

    public static async Task<Result<Page<OutboxRowDto>>> ListAsync(ArFlowDbContext db, Filter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var state = f.State?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(state) && !DeliveryState.All.Contains(state))
            return new DomainError(ErrorCodes.InvalidEnum, "state", f.State!, string.Join(", ", DeliveryState.All));
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.Outbox.AsNoTracking();
        if (!string.IsNullOrEmpty(state)) q = DeliveryState.In(q, state);
        if (!string.IsNullOrWhiteSpace(f.Channel)) q = q.Where(m => m.Channel == f.Channel.Trim());
        if (!string.IsNullOrWhiteSpace(f.Topic)) q = q.Where(m => m.Topic.StartsWith(f.Topic.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Customer))
        {
            var code = f.Customer.Trim();
            q = q.Where(m => db.DunningActions.Any(a => a.Id == m.DunningActionId && db.Customers.Any(c => c.Id == a.CustomerId && c.Code == code)));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(m => m.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new Page<OutboxRowDto>(await DtosAsync(db, rows, ct), total, page, size);
    }

    private static async Task<List<OutboxRowDto>> DtosAsync(ArFlowDbContext db, List<Data.Entities.OutboxMessage> rows, CancellationToken ct)
    {
        var ids = rows.Select(m => m.Id).ToList();
        var log = (await db.OutboxAttempts.AsNoTracking().Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Id).ToListAsync(ct)).ToLookup(a => a.MessageId);
        var actions = rows.Where(m => m.DunningActionId is not null).Select(m => m.DunningActionId!.Value).ToList();
        var customers = await (from a in db.DunningActions where actions.Contains(a.Id) join c in db.Customers.IgnoreQueryFilters() on a.CustomerId equals c.Id
                               select new { a.Id, c.Code }).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
        return rows.Select(m =>
        {
            var s = DeliveryState.Of(m);
            return new OutboxRowDto(m.Id, m.Channel, m.Topic, m.Target, m.DunningActionId is { } a ? customers.GetValueOrDefault(a) : null, m.Subject, m.Body, s, m.Attempts,
                m.CreatedAt, s is DeliveryState.Queued or DeliveryState.Retrying ? m.NextAttemptAt : null, m.DeliveredAt ?? m.GaveUpAt, m.LastError,
                log[m.Id].Select(x => new OutboxAttemptDto(x.At, x.Succeeded, x.Result, x.DurationMs)).ToList());
        }).ToList();
    }

    /// <summary>A message that failed for good is tried again now (once more; a bounced or withdrawn one is not: the address
    /// was refused or there is nothing left to send).</summary>
    public static async Task<Result<OutboxRowDto>> RetryAsync(ArFlowDbContext db, long id, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var m = await db.Outbox.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return new DomainError(ErrorCodes.UnknownMessage, "id", id);
        if (DeliveryState.Of(m) != DeliveryState.Failed) return new DomainError(ErrorCodes.NotRetryable, "id", id, DeliveryState.Of(m));
        (m.GaveUpAt, m.NextAttemptAt) = (null, clock.Now);
        await db.SaveChangesAsync(ct);
        return (await DtosAsync(db, [m], ct))[0];
    }
}
