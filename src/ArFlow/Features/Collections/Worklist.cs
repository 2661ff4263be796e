using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Prediction;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Collections;

public sealed record WorklistRowDto(
    string CustomerCode, string CustomerName, string? Collector, string? Grade, decimal OverdueBase, int DaysOverdue, int OverdueItems,
    int BrokenPromises, int OpenTasks, DateOnly? NextActionOn, decimal? LateChance, decimal Score);

public sealed record CollectorLoadDto(string? Collector, int Customers, decimal OverdueBase, int OpenTasks);

/// <summary>The collector's worklist (催收工作台): every customer with something overdue, ordered by the
/// priority score (<see cref="CollectionPriority"/>), with the next action's date (the earliest open
/// task or open promise); filters by collector, grade and amount. Managers see each collector's load
/// and move customers between collectors. Within the person's customer scope, as everything is.</summary>
public static class Worklist
{
    public sealed record Filter(string? Collector = null, string? Grade = null, decimal? MinOverdue = null, int? Page = null, int? PageSize = null);

    public sealed record AssignRequest(IReadOnlyList<string>? Customers, string? Collector);

    private sealed record Overdue(long CustomerId, decimal Amount, DateOnly Oldest, int Items);

    public static async Task<Page<WorklistRowDto>> ListAsync(ArFlowDbContext db, Filter f, DateOnly today, CancellationToken ct) =>
        List(await RowsAsync(db, today, ct), f);

    public static async Task<IReadOnlyList<CollectorLoadDto>> LoadAsync(ArFlowDbContext db, DateOnly today, CancellationToken ct) =>
        Load(await RowsAsync(db, today, ct));

    /// <summary>The filtered page of <paramref name="rows"/> (from <see cref="RowsAsync"/>), by score.</summary>
    public static Page<WorklistRowDto> List(IReadOnlyList<WorklistRowDto> rows, Filter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        IEnumerable<WorklistRowDto> q = rows;
        if (!string.IsNullOrWhiteSpace(f.Collector)) q = q.Where(r => r.Collector == f.Collector.Trim());
        if (!string.IsNullOrWhiteSpace(f.Grade)) q = q.Where(r => string.Equals(r.Grade, f.Grade.Trim(), StringComparison.OrdinalIgnoreCase));
        if (f.MinOverdue is { } min) q = q.Where(r => r.OverdueBase >= min);
        var list = q.OrderByDescending(r => r.Score).ThenByDescending(r => r.OverdueBase).ThenBy(r => r.CustomerCode, StringComparer.Ordinal).ToList();
        var (skip, take, page, size) = Paging.Normalize(f.Page, f.PageSize);
        return new Page<WorklistRowDto>(list.Skip(skip).Take(take).ToList(), list.Count, page, size);
    }

    /// <summary>Each collector's share of <paramref name="rows"/>.</summary>
    public static IReadOnlyList<CollectorLoadDto> Load(IReadOnlyList<WorklistRowDto> rows) =>
        rows.GroupBy(r => r.Collector).Select(g => new CollectorLoadDto(g.Key, g.Count(), g.Sum(r => r.OverdueBase), g.Sum(r => r.OpenTasks)))
            .OrderByDescending(l => l.OverdueBase).ToList();

    /// <summary>Gives customers to a collector (null: none). Every code must be one the person may see.</summary>
    public static async Task<Result<int>> AssignAsync(ArFlowDbContext db, AssignRequest r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(r);
        if (r.Customers is not { Count: > 0 } codes) return new DomainError(ErrorCodes.Required, "customers");
        var check = new Check();
        var collector = check.OptionalText("collector", r.Collector, 100);
        var customers = await db.Customers.Where(c => codes.Contains(c.Code)).ToListAsync(ct);
        for (var i = 0; i < codes.Count; i++)
            if (customers.All(c => c.Code != codes[i])) check.Add(ErrorCodes.UnknownCustomer, $"customers[{i}]", codes[i]);
        if (!check.Ok) return Result<int>.Fail(check.Errors);
        foreach (var c in customers)
        {
            c.Collector = collector;
            c.Version++;
        }
        await db.SaveChangesAsync(ct);
        return customers.Count;
    }

    /// <summary>Every customer the person sees with something overdue, scored: one grouped pass over the overdue items, the smaller facts beside it
    /// (the forecast lateness is the day's, written by <see cref="PaymentPredictions.RefreshForecastsAsync"/>; none yet: unknown).</summary>
    public static async Task<IReadOnlyList<WorklistRowDto>> RowsAsync(ArFlowDbContext db, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var overdue = await db.OpenItems.AsNoTracking()
            .Where(o => o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate < today)
            .GroupBy(o => o.CustomerId)
            .Select(g => new Overdue(g.Key, g.Sum(o => o.OpenBase), g.Min(o => o.DueDate), g.Count()))
            .ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking()
            .Where(c => db.OpenItems.Any(o => o.CustomerId == c.Id && o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate < today))
            .Select(c => new { c.Id, c.Code, c.Name, c.Collector, c.Grade }).ToDictionaryAsync(c => c.Id, ct);
        var yearAgo = today.AddYears(-1);
        var broken = await db.Promises.AsNoTracking().Where(p => p.Status == PromiseStatus.Broken && p.SettledOn >= yearAgo)
            .GroupBy(p => p.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var tasks = await db.CollectionTasks.AsNoTracking().Where(t => t.Status == CollectionTaskStatus.Open)
            .GroupBy(t => t.CustomerId).Select(g => new { g.Key, Count = g.Count(), Next = g.Min(t => t.DueOn) }).ToDictionaryAsync(x => x.Key, ct);
        var promised = await db.Promises.AsNoTracking().Where(p => p.Status == PromiseStatus.Open)
            .GroupBy(p => p.CustomerId).Select(g => new { g.Key, Next = g.Min(p => p.PromisedFor) }).ToDictionaryAsync(x => x.Key, x => x.Next, ct);
        var forecasts = await db.CustomerForecasts.AsNoTracking().ToDictionaryAsync(f => f.CustomerId, f => f.LatePerMille, ct);
        var rows = new List<WorklistRowDto>(overdue.Count);
        foreach (var o in overdue)
        {
            if (!customers.TryGetValue(o.CustomerId, out var c)) continue;
            var days = today.DayNumber - o.Oldest.DayNumber;
            var brokenCount = broken.GetValueOrDefault(o.CustomerId);
            var task = tasks.GetValueOrDefault(o.CustomerId);
            DateOnly? next = (task?.Next, promised.TryGetValue(o.CustomerId, out var p) ? p : (DateOnly?)null) switch
            {
                ({ } t, { } q) => t < q ? t : q,
                ({ } t, null) => t,
                (null, { } q) => q,
                _ => null,
            };
            var grade = c.Grade?.ToString();
            decimal? late = forecasts.TryGetValue(c.Id, out var perMille) ? perMille / 1000m : null;
            var score = CollectionPriority.Score(new PriorityInputs(o.Amount, days, grade, late, brokenCount));
            rows.Add(new WorklistRowDto(c.Code, c.Name, c.Collector, grade, o.Amount, days, o.Items, brokenCount, task?.Count ?? 0, next, late, score));
        }
        return rows;
    }
}
