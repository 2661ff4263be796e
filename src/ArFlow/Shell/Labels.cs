using System.Globalization;
using ArFlow.Infrastructure;

namespace ArFlow.Shell;

/// <summary>The console's words, from the same resource files as every other message:
/// <c>@T["nav.customers"]</c> in a page.</summary>
public sealed class Labels
{
    public string this[string key] => Text.Ui(key);

    public string this[string key, params object?[] args] => Text.Ui(key, args);
}

/// <summary>How the console shows amounts and dates: ¥1,234.50 and 2026-06-30 in both languages
/// (grouping and decimal marks follow the person's culture).</summary>
public static class Fmt
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["CNY"] = "¥", ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["HKD"] = "HK$", ["JPY"] = "JP¥",
    };

    public static string Money(decimal amount, string currency)
    {
        var decimals = ArFlow.Domain.Money.Currency.TryParse(currency, out var c) ? c.MinorUnits : 2;
        var number = Math.Abs(amount).ToString("N" + decimals, CultureInfo.CurrentCulture);
        var sign = amount < 0 ? "-" : "";
        return Symbols.TryGetValue(currency, out var symbol) ? $"{sign}{symbol}{number}" : $"{sign}{currency} {number}";
    }

    public static string Money(decimal? amount, string currency) => amount is { } a ? Money(a, currency) : "";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>An instant on the company's clock, to the minute.</summary>
    public static string Time(Clock clock, DateTimeOffset? at) =>
        at is { } a ? clock.Local(a).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Percent(decimal ratio) => ratio.ToString("P1", CultureInfo.CurrentCulture);
}
