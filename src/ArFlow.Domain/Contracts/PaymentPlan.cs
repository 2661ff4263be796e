using ArFlow.Domain.Errors;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Domain.Contracts;

/// <summary>One scheduled part of a contract's payment plan (回款计划).</summary>
public sealed record Installment(int Sequence, DateOnly DueDate, M Amount, string? Milestone);

/// <summary>A milestone share of a contract total, e.g. 30% on signing.</summary>
public sealed record MilestoneShare(decimal Percent, string Milestone, DateOnly DueDate);

/// <summary>Builds payment plans. Every plan's installments add up to the contract total to the
/// minor unit: each part but the last is rounded down to the minor unit and the
/// last installment takes whatever remains.</summary>
public static class PaymentPlan
{
    public const int MaxInstallments = 360;

    /// <summary><paramref name="count"/> equal installments, the first due on <paramref name="firstDueDate"/>
    /// and each later one <paramref name="monthsApart"/> months after it (month ends stay month ends:
    /// 31 Jan, 28/29 Feb, 31 Mar…).</summary>
    public static Result<IReadOnlyList<Installment>> EqualParts(M total, int count, DateOnly firstDueDate, int monthsApart = 1)
    {
        if (Check(total) is { } error) return error;
        if (count is < 1 or > MaxInstallments) return new DomainError(ErrorCodes.InvalidAmount, "count", count);
        var unit = M.MinorUnit(total.Currency);
        var part = decimal.Floor(total.Amount / count / unit) * unit;
        var dates = Schedule(firstDueDate, count, monthsApart);
        return Result<IReadOnlyList<Installment>>.Ok(Complete(total, Enumerable.Range(0, count).Select(i => (dates[i], part, (string?)null)).ToList()));
    }

    /// <summary>Installments as percentages of the total, one per milestone; the percentages must add up to 100.</summary>
    public static Result<IReadOnlyList<Installment>> Percentages(M total, IReadOnlyList<MilestoneShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (Check(total) is { } error) return error;
        if (shares.Count is 0 or > MaxInstallments) return new DomainError(ErrorCodes.PlanEmpty, "installments");
        if (shares.Any(s => s.Percent <= 0m) || shares.Sum(s => s.Percent) != 100m)
            return new DomainError(ErrorCodes.PlanDoesNotSum, "installments", shares.Sum(s => s.Percent), 100m);
        var unit = M.MinorUnit(total.Currency);
        return Result<IReadOnlyList<Installment>>.Ok(Complete(total, shares
            .Select(s => (s.DueDate, decimal.Floor(total.Amount * s.Percent / 100m / unit) * unit, (string?)s.Milestone))
            .ToList()));
    }

    /// <summary>An explicit schedule; its amounts must add up to the total exactly.</summary>
    public static Result<IReadOnlyList<Installment>> Explicit(M total, IReadOnlyList<(DateOnly DueDate, decimal Amount, string? Milestone)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Check(total) is { } error) return error;
        if (rows.Count is 0 or > MaxInstallments) return new DomainError(ErrorCodes.PlanEmpty, "installments");
        for (var i = 0; i < rows.Count; i++)
        {
            var amount = new M(rows[i].Amount, total.Currency);
            if (!amount.IsPositive) return new DomainError(ErrorCodes.AmountNotPositive, $"installments[{i}].amount");
            if (!amount.IsWholeMinorUnits) return new DomainError(ErrorCodes.TooManyDecimals, $"installments[{i}].amount", total.Currency.MinorUnits);
        }
        var sum = rows.Sum(r => r.Amount);
        if (sum != total.Amount) return new DomainError(ErrorCodes.PlanDoesNotSum, "installments", sum, total.Amount);
        return Result<IReadOnlyList<Installment>>.Ok(Ordered(rows.Select(r => (r.DueDate, r.Amount, r.Milestone)).ToList(), total));
    }

    private static DomainError? Check(M total) =>
        !total.IsPositive ? new DomainError(ErrorCodes.AmountNotPositive, "total")
        : !total.IsWholeMinorUnits ? new DomainError(ErrorCodes.TooManyDecimals, "total", total.Currency.MinorUnits)
        : null;

    private static DateOnly[] Schedule(DateOnly first, int count, int monthsApart)
    {
        var isMonthEnd = first.Day == DateTime.DaysInMonth(first.Year, first.Month);
        return Enumerable.Range(0, count).Select(i =>
        {
            var d = first.AddMonths(i * monthsApart);
            return isMonthEnd ? new DateOnly(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)) : d;
        }).ToArray();
    }

    private static List<Installment> Complete(M total, List<(DateOnly Due, decimal Amount, string? Milestone)> parts)
    {
        var last = parts[^1];
        parts[^1] = last with { Amount = total.Amount - parts.Take(parts.Count - 1).Sum(p => p.Amount) };
        return Ordered(parts, total);
    }

    private static List<Installment> Ordered(List<(DateOnly Due, decimal Amount, string? Milestone)> parts, M total) =>
        parts.Select((p, i) => new Installment(i + 1, p.Due, new M(p.Amount, total.Currency), p.Milestone)).ToList();
}
