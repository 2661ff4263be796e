using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArFlow.Data.Configurations;

/// <summary>Amounts are stored as whole ten-thousandths in a 64-bit integer: exact, sortable and
/// summable in SQL on SQLite (which has no decimal type) as on PostgreSQL.</summary>
public static class Amounts
{
    public const decimal Scale = 10_000m;

    public static long ToUnits(decimal amount) => decimal.ToInt64(decimal.Round(amount * Scale, 0, MidpointRounding.AwayFromZero));

    public static decimal FromUnits(long units) => units / Scale;

    private static readonly ValueConverter<decimal, long> Converter = new(a => ToUnits(a), u => FromUnits(u));
    private static readonly ValueConverter<decimal?, long?> NullableConverter =
        new(a => a.HasValue ? ToUnits(a.Value) : null, u => u.HasValue ? FromUnits(u.Value) : null);

    public static PropertyBuilder<decimal> IsAmount(this PropertyBuilder<decimal> property) =>
        property.HasConversion(Converter);

    public static PropertyBuilder<decimal?> IsAmount(this PropertyBuilder<decimal?> property) =>
        property.HasConversion(NullableConverter);

    /// <summary>Exchange rates keep eight decimals, as text on SQLite and numeric on PostgreSQL.</summary>
    public static PropertyBuilder<decimal> IsRate(this PropertyBuilder<decimal> property) =>
        property.HasPrecision(18, 8);
}
