using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Audit;

/// <summary>An audit record as the auditor reads it.</summary>
public sealed record AuditRecordDto(
    long Id, DateTimeOffset At, string Actor, string Channel, string? Source, string Action, string? Entity, string? EntityId,
    string? CustomerCode, JsonElement? Before, JsonElement? After);

/// <summary>Which records: <see cref="From"/> and <see cref="To"/> are days on the company's clock
/// (both included); <see cref="Action"/> matches the start (sign-in matches every sign-in event).</summary>
public sealed record AuditFilter(
    DateOnly? From = null, DateOnly? To = null, string? Actor = null, string? Action = null, string? Entity = null,
    string? EntityId = null, string? Customer = null, string? Channel = null);

/// <summary>The auditor's search of the trail, newest first.</summary>
public static class AuditSearch
{
    public static async Task<Page<AuditRecordDto>> PageAsync(ArFlowDbContext db, AuditFilter f, int? page, int? pageSize, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = await QueryAsync(db, f, clock, ct);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new Page<AuditRecordDto>(await DtosAsync(db, rows, ct), total, p, size);
    }

    private static async Task<IQueryable<AuditRecord>> QueryAsync(ArFlowDbContext db, AuditFilter f, Clock clock, CancellationToken ct)
    {
        var q = db.AuditRecords.AsNoTracking();
        // The trail's ids follow its instants (both are given under the chain's lock), so a period is
        // a range of ids, which SQLite can compare where it cannot compare instants.
        if (f.From is { } from)
        {
            var first = await FirstIdAtOrAfterAsync(db, clock.StartOf(from), ct);
            q = q.Where(r => r.Id >= first);
        }
        if (f.To is { } to)
        {
            var end = await FirstIdAtOrAfterAsync(db, clock.StartOf(to.AddDays(1)), ct);
            q = q.Where(r => r.Id < end);
        }
        if (f.Actor is { Length: > 0 } actor) q = q.Where(r => r.Actor == actor.Trim());
        if (f.Action is { Length: > 0 } action) q = q.Where(r => r.Action.StartsWith(action.Trim()));
        if (f.Entity is { Length: > 0 } entity) q = q.Where(r => r.Entity == entity.Trim());
        if (f.EntityId is { Length: > 0 } entityId) q = q.Where(r => r.EntityId == entityId.Trim());
        if (f.Channel is { Length: > 0 } channel) q = q.Where(r => r.Channel == channel.Trim());
        if (f.Customer is { Length: > 0 } code)
            q = q.Where(r => db.Customers.IgnoreQueryFilters().Any(c => c.Id == r.CustomerId && c.Code == code.Trim()));
        return q;
    }

    /// <summary>The first record at or after the instant (one past the last if none), by halving the id range.</summary>
    public static async Task<long> FirstIdAtOrAfterAsync(ArFlowDbContext db, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.AuditRecords.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        long lo = 1, hi = last + 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var when = await db.AuditRecords.AsNoTracking().Where(r => r.Id == mid).Select(r => r.At).SingleAsync(ct);
            if (when < at) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static async Task<List<AuditRecordDto>> DtosAsync(ArFlowDbContext db, List<AuditRecord> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToArray();
        var codes = await db.Customers.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return rows.Select(r => new AuditRecordDto(
            r.Id, r.At, r.Actor, r.Channel, r.Source, r.Action, r.Entity, r.EntityId,
            r.CustomerId is { } c ? codes.GetValueOrDefault(c) : null, Json(r.Before), Json(r.After))).ToList();
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
}
