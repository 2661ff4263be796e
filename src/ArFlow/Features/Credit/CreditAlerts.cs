using System.Globalization;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

public sealed record CreditAlertDto(
    long Id, string CustomerCode, string CustomerName, string Rule, IReadOnlyList<string> Args, string Message, DateOnly RaisedOn,
    string Status, string? AssignedTo, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? ClosedBy, DateTimeOffset? ClosedAt, string? CloseNote);

/// <summary>The alert inbox: what the early warnings raised, within the person's customer scope;
/// an alert is taken by someone, acknowledged, and closed with a note saying what was done.</summary>
public static class CreditAlerts
{
    /// <summary>status: active (open or acknowledged, the default), open, acknowledged, closed, all.</summary>
    public sealed record Filter(string? Status = null, string? Customer = null, string? AssignedTo = null, int? Page = null, int? PageSize = null);

    public sealed record AssignRequest(string? To);

    public sealed record CloseRequest(string? Note);

    public static string Message(string rule, string args, CultureInfo? culture = null)
    {
        var values = JsonSerializer.Deserialize<string[]>(args) ?? [];
        return Text.Get(culture ?? CultureInfo.CurrentUICulture, "alert.rule." + rule + ".message", [.. values]);
    }

    public static async Task<Page<CreditAlertDto>> ListAsync(ArFlowDbContext db, Filter f, string? mine, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        var q = db.CreditAlerts.AsNoTracking();
        q = (f.Status?.Trim().ToLowerInvariant() ?? "active") switch
        {
            "open" => q.Where(a => a.Status == AlertStatus.Open),
            "acknowledged" => q.Where(a => a.Status == AlertStatus.Acknowledged),
            "closed" => q.Where(a => a.Status == AlertStatus.Closed),
            "all" => q,
            _ => q.Where(a => a.Status != AlertStatus.Closed),
        };
        if (!string.IsNullOrWhiteSpace(f.Customer)) q = q.Where(a => db.Customers.Any(c => c.Id == a.CustomerId && c.Code == f.Customer.Trim()));
        var assigned = mine ?? f.AssignedTo?.Trim();
        if (!string.IsNullOrEmpty(assigned)) q = q.Where(a => a.AssignedTo == assigned);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id).Skip(skip).Take(take)
            .Join(db.Customers, a => a.CustomerId, c => c.Id, (a, c) => new { a, c.Code, c.Name }).ToListAsync(ct);
        return new Page<CreditAlertDto>(rows.Select(x => Dto(x.a, x.Code, x.Name)).ToList(), total, page, size);
    }

    public static CreditAlertDto Dto(CreditAlert a, string code, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(
        a.Id, code, name, a.Rule, JsonSerializer.Deserialize<string[]>(a.Args) ?? [], Message(a.Rule, a.Args), a.RaisedOn,
            Check.Kebab(a.Status.ToString()), a.AssignedTo, a.AcknowledgedBy, a.AcknowledgedAt, a.ClosedBy, a.ClosedAt, a.CloseNote);
    }

    /// <summary>Gives the alert to a person who may see the customer (null: nobody).</summary>
    public static Task<Result<CreditAlertDto>> AssignAsync(ArFlowDbContext db, long id, AssignRequest r, CancellationToken ct) =>
        ChangeAsync(db, id, async a =>
        {
            var to = string.IsNullOrWhiteSpace(r.To) ? null : r.To.Trim();
            if (to is not null && !await db.Users.AnyAsync(u => u.UserName == to, ct)) return new DomainError(ErrorCodes.UnknownUser, "to", to);
            a.AssignedTo = to;
            return null;
        }, ct);

    public static Task<Result<CreditAlertDto>> AcknowledgeAsync(ArFlowDbContext db, long id, string by, Clock clock, CancellationToken ct) =>
        ChangeAsync(db, id, a =>
        {
            if (a.Status != AlertStatus.Open) return Task.FromResult<DomainError?>(new DomainError(ErrorCodes.AlertNotOpen, "id", id));
            (a.Status, a.AcknowledgedBy, a.AcknowledgedAt) = (AlertStatus.Acknowledged, by, clock.Now);
            a.AssignedTo ??= by;
            return Task.FromResult<DomainError?>(null);
        }, ct);

    /// <summary>Closes with a note of what was done (required): the alert's end is part of the credit history.</summary>
    public static Task<Result<CreditAlertDto>> CloseAsync(ArFlowDbContext db, long id, CloseRequest r, string by, Clock clock, CancellationToken ct) =>
        ChangeAsync(db, id, a =>
        {
            var check = new Check();
            var note = check.Text("note", r.Note, 1000);
            if (!check.Ok) return Task.FromResult<DomainError?>(check.Errors[0]);
            if (a.Status == AlertStatus.Closed) return Task.FromResult<DomainError?>(new DomainError(ErrorCodes.AlertNotOpen, "id", id));
            (a.Status, a.ClosedBy, a.ClosedAt, a.CloseNote) = (AlertStatus.Closed, by, clock.Now, note);
            return Task.FromResult<DomainError?>(null);
        }, ct);

    private static async Task<Result<CreditAlertDto>> ChangeAsync(ArFlowDbContext db, long id, Func<CreditAlert, Task<DomainError?>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var alert = await db.CreditAlerts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return new DomainError(ErrorCodes.UnknownAlert, "id", id);
        if (await change(alert) is { } refused) return refused;
        alert.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DomainError(ErrorCodes.Conflict, "id", id);
        }
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == alert.CustomerId).Select(c => new { c.Code, c.Name }).SingleAsync(ct);
        return Dto(alert, customer.Code, customer.Name);
    }
}
