using System.Security.Cryptography;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Webhooks;

public sealed record WebhookDto(long Id, string Url, IReadOnlyList<string> Events, bool Active, DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>What making a subscription answers: its secret, this once.</summary>
public sealed record NewWebhook(string Secret, WebhookDto Details);

/// <summary>One call of the delivery log: the event, where, every attempt and its answer.</summary>
public sealed record WebhookDeliveryDto(
    long Id, string Event, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset? GaveUpAt,
    DateTimeOffset NextAttemptAt, string? LastError, IReadOnlyList<WebhookAttemptDto> Log);

public sealed record WebhookAttemptDto(DateTimeOffset At, bool Succeeded, string Result, int DurationMs);

/// <summary>Subscriptions are made, turned off and on by those who keep the settings; the secret is
/// shown once and never again (make a new subscription to rotate it).</summary>
public static class WebhookAdmin
{
    public sealed record Request(string? Url, IReadOnlyList<string>? Events);

    public sealed record ActiveRequest(bool Active);

    public static async Task<Result<NewWebhook>> CreateAsync(ArFlowDbContext db, Request r, string creator, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        var check = new Check();
        var url = check.Text("url", r.Url, 1000);
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            check.Add(ErrorCodes.InvalidUrl, "url", url);
        var events = (r.Events ?? []).Select(e => e.Trim()).Distinct().ToList();
        if (events.Count == 0) check.Add(ErrorCodes.Required, "events");
        foreach (var e in events.Where(e => e != "*" && !WebhookEvents.Events.Contains(e)))
            check.Add(ErrorCodes.InvalidEnum, "events", e, string.Join(", ", ["*", .. WebhookEvents.Events]));
        if (!check.Ok) return Result<NewWebhook>.Fail(check.Errors);
        var row = new WebhookSubscription
        {
            Url = url, Events = string.Join(',', events), Secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = clock.Now, CreatedBy = creator,
        };
        db.WebhookSubscriptions.Add(row);
        await db.SaveChangesAsync(ct);
        return new NewWebhook(row.Secret, Dto(row));
    }

    public static async Task<IReadOnlyList<WebhookDto>> ListAsync(ArFlowDbContext db, CancellationToken ct) =>
        (await db.WebhookSubscriptions.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct)).Select(Dto).ToList();

    public static async Task<Result<WebhookDto>> SetActiveAsync(ArFlowDbContext db, long id, bool active, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.WebhookSubscriptions.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (row is null) return new DomainError(ErrorCodes.UnknownWebhook, "id", id);
        if (row.Active != active)
        {
            row.Active = active;
            row.Version++;
            await db.SaveChangesAsync(ct);
        }
        return Dto(row);
    }

    public static async Task<Page<WebhookDeliveryDto>?> DeliveriesAsync(ArFlowDbContext db, long id, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.WebhookSubscriptions.AnyAsync(w => w.Id == id, ct)) return null;
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = db.Outbox.AsNoTracking().Where(m => m.SubscriptionId == id);
        var rows = await q.OrderByDescending(m => m.Id).Skip(skip).Take(take).ToListAsync(ct);
        var ids = rows.Select(m => m.Id).ToArray();
        var log = (await db.OutboxAttempts.AsNoTracking().Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Id).ToListAsync(ct)).ToLookup(a => a.MessageId);
        var items = rows.Select(m => new WebhookDeliveryDto(
            m.Id, m.Topic, m.CreatedAt, m.Attempts, m.DeliveredAt, m.GaveUpAt, m.NextAttemptAt, m.LastError,
            log[m.Id].Select(a => new WebhookAttemptDto(a.At, a.Succeeded, a.Result, a.DurationMs)).ToList())).ToList();
        return new Page<WebhookDeliveryDto>(items, await q.CountAsync(ct), p, size);
    }

    private static WebhookDto Dto(WebhookSubscription w) =>
        new(w.Id, w.Url, w.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), w.Active, w.CreatedAt, w.CreatedBy);
}
