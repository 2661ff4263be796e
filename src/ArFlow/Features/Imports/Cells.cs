using System.Globalization;
using System.Text.RegularExpressions;
using ArFlow.Domain.Errors;

namespace ArFlow.Features.Imports;

/// <summary>Reads dates and amounts the way finance files write them.</summary>
public static partial class Cells
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日"];

    public static DateOnly? Date(string? text, string field, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.Length > 10 && t[10] is ' ' or 'T') t = t[..10]; // "2026-06-30 00:00:00" from spreadsheets
        if (DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new DomainError(ErrorCodes.InvalidDate, field, text));
        return null;
    }

    /// <summary>"1,234.56", "¥1,234.56", "1 234,56" is refused (ambiguous); a sign is kept so
    /// that the amount rule can name a negative amount as such.</summary>
    public static decimal? Amount(string? text, string field, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = CurrencySigns().Replace(text.Trim(), "");
        if (AmountPattern().IsMatch(t) && decimal.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var d))
            return d;
        errors.Add(new DomainError(ErrorCodes.InvalidAmount, field, text));
        return null;
    }

    [GeneratedRegex(@"^[¥￥$€]|\s*(元|CNY|RMB)$")]
    private static partial Regex CurrencySigns();

    [GeneratedRegex(@"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex AmountPattern();
}
