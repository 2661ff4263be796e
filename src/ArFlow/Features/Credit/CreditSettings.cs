using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>A setting as saved, with the version a change must name (0: the default that ships,
/// never saved) and who saved it last.</summary>
public sealed record CreditSettingDto<T>(T Value, int Version, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>The scorecard, the credit policy and the early-warning rules as data: read by every score, recommendation and
/// check; edited by the people with the settings policy; checked by the domain before it is kept.
/// A change names the version it was made on, so two admins cannot overwrite each other unseen.</summary>
public static class CreditSettings
{
    public const string ScorecardKey = "scorecard";
    public const string PolicyKey = "policy";
    public const string WarningsKey = "warnings";

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public sealed record SaveRequest<T>(T? Value, int? Version);

    public static async Task<(Scorecard Scorecard, CreditPolicy Policy)> LoadAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.CreditSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Json, ct);
        return (rows.TryGetValue(ScorecardKey, out var card) ? Read<Scorecard>(card) : Scorecard.Default,
            rows.TryGetValue(PolicyKey, out var policy) ? Read<CreditPolicy>(policy) : CreditPolicy.Default);
    }

    public static Task<CreditSettingDto<Scorecard>> ScorecardAsync(ArFlowDbContext db, CancellationToken ct) => GetAsync(db, ScorecardKey, Scorecard.Default, ct);

    public static Task<CreditSettingDto<CreditPolicy>> PolicyAsync(ArFlowDbContext db, CancellationToken ct) => GetAsync(db, PolicyKey, CreditPolicy.Default, ct);

    public static Task<CreditSettingDto<WarningRules>> WarningRulesAsync(ArFlowDbContext db, CancellationToken ct) => GetAsync(db, WarningsKey, WarningRules.Default, ct);

    public static Task<Result<CreditSettingDto<WarningRules>>> SaveWarningRulesAsync(ArFlowDbContext db, SaveRequest<WarningRules> r, string by, Clock clock, CancellationToken ct) =>
        SaveAsync(db, WarningsKey, r, rules => rules.Problems(), by, clock, ct);

    public static Task<Result<CreditSettingDto<Scorecard>>> SaveScorecardAsync(ArFlowDbContext db, SaveRequest<Scorecard> r, string by, Clock clock, CancellationToken ct) =>
        SaveAsync(db, ScorecardKey, r, card => card.Problems(), by, clock, ct);

    public static Task<Result<CreditSettingDto<CreditPolicy>>> SavePolicyAsync(ArFlowDbContext db, SaveRequest<CreditPolicy> r, string by, Clock clock, CancellationToken ct) =>
        SaveAsync(db, PolicyKey, r, policy => policy.Problems(), by, clock, ct);

    private static async Task<CreditSettingDto<T>> GetAsync<T>(ArFlowDbContext db, string key, T fallback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.CreditSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);
        return row is null ? new(fallback, 0, null, null) : new(Read<T>(row.Json), row.Version, row.ChangedAt, row.ChangedBy);
    }

    private static async Task<Result<CreditSettingDto<T>>> SaveAsync<T>(
        ArFlowDbContext db, string key, SaveRequest<T> r, Func<T, IReadOnlyList<DomainError>> problems, string by, Clock clock, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        if (r.Value is null) return new DomainError(ErrorCodes.Required, "value");
        if (r.Version is null) return new DomainError(ErrorCodes.Required, "version");
        var found = problems(r.Value);
        if (found.Count > 0) return Result<CreditSettingDto<T>>.Fail(found.Select(p => p.Field is null ? p : p.AtField("value." + p.Field)).ToList());
        return await db.WriteAsync<CreditSettingDto<T>>(async () =>
        {
            var row = await db.CreditSettings.SingleOrDefaultAsync(s => s.Key == key, ct);
            if ((row?.Version ?? 0) != r.Version) return new DomainError(ErrorCodes.Conflict, "version");
            if (row is null) db.CreditSettings.Add(row = new CreditSetting { Key = key, Json = "", ChangedBy = by });
            (row.Json, row.ChangedAt, row.ChangedBy) = (JsonSerializer.Serialize(r.Value, Json), clock.Now, by);
            row.Version++;
            await db.SaveChangesAsync(ct);
            return new CreditSettingDto<T>(r.Value, row.Version, row.ChangedAt, row.ChangedBy);
        }, ct);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"Empty credit setting {typeof(T).Name}.");
}
