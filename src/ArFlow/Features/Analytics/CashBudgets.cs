using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Money;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Analytics;

/// <summary>The cash budget (预算): what the company plans to collect each month, in the base currency, set
/// against the forecast. Months are set (or, with no amount, removed) in one go: all or none.</summary>
public static class CashBudgets
{
    public sealed record Line(string? Month, decimal? Amount);

    public sealed record MonthDto(string Month, decimal Amount, string UpdatedBy, DateTimeOffset UpdatedAt);

    public static async Task<IReadOnlyList<MonthDto>> ListAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.CashBudgets.AsNoTracking().OrderBy(b => b.Month).ToListAsync(ct))
            .Select(b => new MonthDto(b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), b.Amount, b.UpdatedBy, b.UpdatedAt)).ToList();
    }

    /// <summary>Sets the months given; a line without an amount removes its month. Every line is checked
    /// first (the field names its place, e.g. <c>lines[2].month</c>); one bad line changes nothing.</summary>
    public static async Task<Result<int>> SetAsync(ArFlowDbContext db, IReadOnlyList<Line>? lines, string user, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var check = new Check();
        if (lines is null || lines.Count == 0) check.Add(ErrorCodes.Required, "lines");
        var parsed = new List<(DateOnly Month, decimal? Amount)>();
        for (var i = 0; i < (lines?.Count ?? 0); i++)
        {
            var line = lines![i];
            if (!DateOnly.TryParseExact((line.Month ?? "").Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                check.Add(ErrorCodes.InvalidMonth, $"lines[{i}].month", line.Month ?? "");
                continue;
            }
            if (line.Amount < 0m) check.Add(ErrorCodes.NegativeNotAllowed, $"lines[{i}].amount");
            else if (line.Amount is { } a && !new Money(a, options.Base).IsWholeMinorUnits) check.Add(ErrorCodes.TooManyDecimals, $"lines[{i}].amount", options.Base.MinorUnits);
            if (parsed.Any(p => p.Month == month)) check.Add(ErrorCodes.Duplicate, $"lines[{i}].month", line.Month!);
            parsed.Add((month, line.Amount));
        }
        if (!check.Ok) return Result<int>.Fail(check.Errors);
        return await db.WriteAsync(async () =>
        {
            var months = parsed.Select(p => p.Month).ToList();
            var existing = await db.CashBudgets.Where(b => months.Contains(b.Month)).ToDictionaryAsync(b => b.Month, ct);
            foreach (var (month, amount) in parsed)
            {
                if (amount is not { } a)
                {
                    if (existing.TryGetValue(month, out var gone)) db.CashBudgets.Remove(gone);
                    continue;
                }
                var row = existing.GetValueOrDefault(month);
                if (row is null) db.CashBudgets.Add(row = new CashBudget { Month = month, UpdatedBy = user });
                (row.Amount, row.UpdatedBy, row.UpdatedAt) = (a, user, clock.Now);
            }
            await db.SaveChangesAsync(ct);
            return Result<int>.Ok(parsed.Count);
        }, ct);
    }
}
