namespace ArFlow.Domain.Collections;

/// <summary>What the worklist weighs for one customer: the overdue amount in the base currency, how
/// late its oldest overdue item is, its grade (A best … D worst; null ungraded), the predicted chance
/// that its open invoices are paid late (0–1; null when unknown), and promises broken in the last year.</summary>
public sealed record PriorityInputs(decimal OverdueBase, int DaysOverdue, string? Grade, decimal? LateChance, int BrokenPromises);

/// <summary>The collector's priority score (0–100): who to call first. Amount weighs most, on a
/// logarithmic scale (1 → 0, each power of ten a sixth, 1,000,000 and more → 40), then lateness (120 days and more → 25),
/// grade (A 0, B 5, C 10, D 15; ungraded 7), predicted lateness (up to 10) and broken promises
/// (5 each, up to 10). Each input can only raise the score.</summary>
public static class CollectionPriority
{
    public static decimal Score(PriorityInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var amount = Math.Min(1m, Decades(inputs.OverdueBase) / 6m) * 40m;
        var days = Math.Min(1m, Math.Max(0, inputs.DaysOverdue) / 120m) * 25m;
        var grade = inputs.Grade switch { "A" => 0m, "B" => 5m, "C" => 10m, "D" => 15m, _ => 7m };
        var late = Math.Clamp(inputs.LateChance ?? 0m, 0m, 1m) * 10m;
        var broken = Math.Min(10m, Math.Max(0, inputs.BrokenPromises) * 5m);
        return Math.Round(amount + days + grade + late + broken, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>A logarithm to base ten in decimal, linear between powers of ten (exact at 1, 10,
    /// 100 …, rising with the amount): 0 for 1 or less.</summary>
    private static decimal Decades(decimal amount)
    {
        if (amount <= 1m) return 0m;
        var decades = 0;
        for (; amount >= 10m; amount /= 10m) decades++;
        return decades + (amount - 1m) / 9m;
    }
}
