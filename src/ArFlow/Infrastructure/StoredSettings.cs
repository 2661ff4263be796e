using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Infrastructure;

/// <summary>A setting as saved, with the version a change must name (0: the default that ships,
/// never saved) and who saved it last.</summary>
public sealed record SettingDto<T>(T Value, int Version, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>Settings kept as data (JSON of the domain's records, one row per key): read by the
/// features that apply them, edited by people with the settings policy, checked by the domain
/// before they are kept. A change names the version it was made on, so two admins cannot
/// overwrite each other unseen.</summary>
public static class StoredSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public sealed record SaveRequest<T>(T? Value, int? Version);

    public static async Task<SettingDto<T>> GetAsync<T>(ArFlowDbContext db, string key, T fallback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);
        return row is null ? new(fallback, 0, null, null) : new(Read<T>(row.Json), row.Version, row.ChangedAt, row.ChangedBy);
    }

    /// <summary>Several settings at once (one query): the saved JSON by key, for <see cref="Read{T}(IReadOnlyDictionary{string, string}, string, T)"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RawAsync(ArFlowDbContext db, IEnumerable<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = keys.ToList();
        return await db.Settings.AsNoTracking().Where(s => wanted.Contains(s.Key)).ToDictionaryAsync(s => s.Key, s => s.Json, ct);
    }

    public static T Read<T>(IReadOnlyDictionary<string, string> raw, string key, T fallback)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return raw.TryGetValue(key, out var json) ? Read<T>(json) : fallback;
    }

    public static async Task<Result<SettingDto<T>>> SaveAsync<T>(
        ArFlowDbContext db, string key, SaveRequest<T> r, Func<T, IReadOnlyList<DomainError>> problems, string by, Clock clock, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(clock);
        if (r.Value is null) return new DomainError(ErrorCodes.Required, "value");
        if (r.Version is null) return new DomainError(ErrorCodes.Required, "version");
        var found = problems(r.Value);
        if (found.Count > 0) return Result<SettingDto<T>>.Fail(found.Select(p => p.Field is null ? p : p.AtField("value." + p.Field)).ToList());
        return await db.WriteAsync<SettingDto<T>>(async () =>
        {
            var row = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, ct);
            if ((row?.Version ?? 0) != r.Version) return new DomainError(ErrorCodes.Conflict, "version");
            if (row is null) db.Settings.Add(row = new StoredSetting { Key = key, Json = "", ChangedBy = by });
            (row.Json, row.ChangedAt, row.ChangedBy) = (JsonSerializer.Serialize(r.Value, Json), clock.Now, by);
            row.Version++;
            await db.SaveChangesAsync(ct);
            return new SettingDto<T>(r.Value, row.Version, row.ChangedAt, row.ChangedBy);
        }, ct);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException($"Empty setting {typeof(T).Name}.");
}
