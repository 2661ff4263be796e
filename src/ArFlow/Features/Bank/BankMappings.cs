using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Reconciliation;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Bank;

/// <summary>The column mappings people define for banks ArFlow does not ship (kept as a setting,
/// checked before it is kept); an import looks among them first, then among the shipped ones.</summary>
public static class BankMappings
{
    public const string Key = "bank.mappings";

    public sealed record Mappings(IReadOnlyList<TabularMapping> Defined)
    {
        public IReadOnlyList<DomainError> Problems()
        {
            if (Defined is null) return [new DomainError(ErrorCodes.Required, "defined")];
            var problems = Defined.SelectMany((m, i) => m is null ? [new DomainError(ErrorCodes.Required, $"defined[{i}]")] : m.Problems($"defined[{i}]")).ToList();
            if (Defined.Where(m => m?.Name is not null).GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                problems.Add(new DomainError(ErrorCodes.Duplicate, "defined", twice.Key));
            return problems;
        }
    }

    private static readonly Mappings None = new([]);

    public static Task<SettingDto<Mappings>> GetAsync(ArFlowDbContext db, CancellationToken ct) => StoredSettings.GetAsync(db, Key, None, ct);

    public static Task<Result<SettingDto<Mappings>>> SaveAsync(ArFlowDbContext db, StoredSettings.SaveRequest<Mappings> r, string by, Clock clock, CancellationToken ct) =>
        StoredSettings.SaveAsync(db, Key, r, m => m.Problems(), by, clock, ct);

    /// <summary>Every mapping an import may use: the defined ones, then the shipped.</summary>
    public static async Task<IReadOnlyList<TabularMapping>> AllAsync(ArFlowDbContext db, CancellationToken ct) =>
        [.. (await GetAsync(db, ct)).Value.Defined, .. TabularMapping.Shipped];
}
