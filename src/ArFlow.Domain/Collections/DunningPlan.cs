namespace ArFlow.Domain.Collections;

/// <summary>An open item as a dunning run sees it: what is open and disputed on it, whether a kept
/// repayment plan covers it, and the last step done for it (null: none yet).</summary>
public sealed record DunningItem(
    long ItemId, string Currency, DateOnly DueDate, decimal Open, decimal Disputed = 0m, int? LastOffset = null, bool InKeptPlan = false);

/// <summary>An item in a planned action: the step it is at and the amount the reminder may ask for.</summary>
public sealed record DunnedItem(DunningItem Item, DunningStep Step, decimal Amount);

/// <summary>What one run does for one customer on one channel: one message (or task) listing every
/// item due a step on that channel, worded by the most advanced of those steps.</summary>
public sealed record PlannedAction(DunningStep Step, IReadOnlyList<DunnedItem> Items);

public static class DunningPlan
{
    /// <summary>The amount of each item that may be dunned: what is open, less what is disputed, less
    /// what the customer's open promises to pay cover (per currency, oldest due first), nothing for
    /// an item under a kept repayment plan. Never negative, never more than open.</summary>
    public static IReadOnlyList<(DunningItem Item, decimal Amount)> Dunnable(IEnumerable<DunningItem> items, IReadOnlyDictionary<string, decimal> promised)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(promised);
        var left = new Dictionary<string, decimal>(promised);
        var result = new List<(DunningItem, decimal)>();
        foreach (var item in items.OrderBy(i => i.DueDate).ThenBy(i => i.ItemId))
        {
            var amount = item.InKeptPlan ? 0m : Math.Max(0m, item.Open - Math.Max(0m, item.Disputed));
            if (amount > 0m && left.TryGetValue(item.Currency, out var cover) && cover > 0m)
            {
                var take = Math.Min(cover, amount);
                left[item.Currency] = cover - take;
                amount -= take;
            }
            result.Add((item, amount));
        }
        return result;
    }

    /// <summary>What a run does today for one customer: each item with something to dun takes its due
    /// step (<see cref="DunningPolicy.DueStep"/>); items are consolidated per channel and actor into one
    /// action worded by the latest of their steps.</summary>
    public static IReadOnlyList<PlannedAction> ForCustomer(
        DunningPolicy policy, IEnumerable<DunningItem> items, IReadOnlyDictionary<string, decimal> promised, DateOnly today, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var dunned = new List<DunnedItem>();
        foreach (var (item, amount) in Dunnable(items, promised))
        {
            if (amount <= 0m) continue;
            if (policy.DueStep(item.DueDate, item.LastOffset, today, calendar) is { } step) dunned.Add(new DunnedItem(item, step, amount));
        }
        return dunned.GroupBy(d => (d.Step.Channel, d.Step.Actor))
            .Select(g => new PlannedAction(g.MaxBy(d => d.Step.Offset)!.Step, g.OrderBy(d => d.Item.DueDate).ThenBy(d => d.Item.ItemId).ToList()))
            .OrderBy(a => a.Step.Offset).ToList();
    }
}
