using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Users;

/// <summary>A key as the admin sees it: never the key itself, which is shown once when made.</summary>
public sealed record ApiKeyDto(
    long Id, string UserName, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string Status);

public sealed record ApiKeyUseDto(long Id, DateTimeOffset At, string Method, string Path, int Status, string? Address);

/// <summary>What creating a key answers: the key, this once.</summary>
public sealed record IssuedApiKey(string Key, ApiKeyDto Details);

/// <summary>Admins issue, list and revoke API keys; every use is in the key's log.</summary>
public static class ApiKeyAdmin
{
    public sealed record Request(string? UserName, string? Name, IReadOnlyList<string>? Scopes = null, DateTimeOffset? ExpiresAt = null);

    /// <summary>A key for a person. Only a key for oneself may decide approvals: otherwise an admin
    /// could approve in someone else's name.</summary>
    public static async Task<Result<IssuedApiKey>> IssueAsync(ArFlowDbContext db, Request r, string issuer, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var check = new Check();
        var name = check.Text("name", r.Name ?? "api", 100);
        var scopes = ApiKeyScopes.Normalize(r.Scopes ?? [Policies.Read]);
        if (!scopes.IsSuccess) return Result<IssuedApiKey>.Fail(scopes.Errors);
        if (r.ExpiresAt is { } expires && expires <= clock.Now) check.Add(ErrorCodes.ApiKeyExpiryPast, "expiresAt");
        var normalized = (r.UserName ?? "").Trim().ToUpperInvariant();
        var user = normalized.Length == 0 ? null : await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        if (user is null) check.Add(ErrorCodes.UnknownUser, "userName", r.UserName ?? "");
        else if (scopes.Value!.Split(',').Contains(Policies.Approve) && !string.Equals(user.UserName, issuer, StringComparison.OrdinalIgnoreCase))
            check.Add(ErrorCodes.ApiKeyApproveForSelf, "scopes");
        if (!check.Ok) return Result<IssuedApiKey>.Fail(check.Errors);
        var (key, row) = ApiKeyAuthentication.Create(user!.Id, name, scopes.Value!, r.ExpiresAt?.ToUniversalTime(), issuer, clock.Now);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new IssuedApiKey(key, (await ListAsync(db, clock, ct, row.Id)).Single());
    }

    public static async Task<IReadOnlyList<ApiKeyDto>> ListAsync(ArFlowDbContext db, Clock clock, CancellationToken ct, long? id = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ApiKeys.AsNoTracking().Where(k => id == null || k.Id == id)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { Key = k, User = u.UserName })
            .OrderByDescending(x => x.Key.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.Key.Id).ToArray();
        // The last use of each key: its newest row in the log.
        var lastIds = await db.ApiKeyUses.Where(u => ids.Contains(u.KeyId)).GroupBy(u => u.KeyId).Select(g => g.Max(u => u.Id)).ToListAsync(ct);
        var last = await db.ApiKeyUses.AsNoTracking().Where(u => lastIds.Contains(u.Id)).ToDictionaryAsync(u => u.KeyId, u => u.At, ct);
        var now = clock.Now;
        return rows.Select(x => new ApiKeyDto(
            x.Key.Id, x.User ?? "?", x.Key.Name, x.Key.Prefix, x.Key.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries),
            x.Key.CreatedAt, x.Key.CreatedBy, x.Key.ExpiresAt, x.Key.RevokedAt, last.TryGetValue(x.Key.Id, out var at) ? at : null,
            x.Key.RevokedAt is not null ? "revoked" : x.Key.ExpiresAt <= now ? "expired" : "active")).ToList();
    }

    public static async Task<Result<ApiKeyDto>> RevokeAsync(ArFlowDbContext db, long id, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return new DomainError(ErrorCodes.UnknownApiKey, "id", id);
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.Now;
            await db.SaveChangesAsync(ct);
        }
        return (await ListAsync(db, clock, ct, id)).Single();
    }

    public static async Task<Page<ApiKeyUseDto>?> UsesAsync(ArFlowDbContext db, long id, int? page, int? pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, ct)) return null;
        var (skip, take, p, size) = Paging.Normalize(page, pageSize);
        var q = db.ApiKeyUses.AsNoTracking().Where(u => u.KeyId == id);
        var rows = await q.OrderByDescending(u => u.Id).Skip(skip).Take(take)
            .Select(u => new ApiKeyUseDto(u.Id, u.At, u.Method, u.Path, u.Status, u.Address)).ToListAsync(ct);
        return new Page<ApiKeyUseDto>(rows, await q.CountAsync(ct), p, size);
    }
}
