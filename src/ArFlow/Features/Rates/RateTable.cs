using ArFlow.Data;
using ArFlow.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Rates;

/// <summary>Exchange rates held in memory for the checks of one request or one import.</summary>
public sealed class RateTable(Currency baseCurrency, IEnumerable<(string Currency, DateOnly Date, decimal Rate)> rates)
{
    private readonly Dictionary<string, (DateOnly Date, decimal Rate)[]> _byCurrency = rates
        .GroupBy(r => r.Currency)
        .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).Select(r => (r.Date, r.Rate)).ToArray());

    public Currency Base => baseCurrency;

    /// <summary>1 for the base currency; else the latest rate on or before <paramref name="date"/>, or null.</summary>
    public decimal? On(string currency, DateOnly date)
    {
        if (currency == baseCurrency.Code) return 1m;
        if (!_byCurrency.TryGetValue(currency, out var list)) return null;
        decimal? found = null;
        foreach (var (d, r) in list)
        {
            if (d > date) break;
            found = r;
        }
        return found;
    }

    public static async Task<RateTable> LoadAsync(ArFlowDbContext db, Currency baseCurrency, string? onlyCurrency, CancellationToken ct)
    {
        var q = db.ExchangeRates.AsNoTracking();
        if (onlyCurrency is not null) q = q.Where(r => r.Currency == onlyCurrency);
        var rows = await q.Select(r => new { r.Currency, r.Date, r.Rate }).ToListAsync(ct);
        return new RateTable(baseCurrency, rows.Select(r => (r.Currency, r.Date, r.Rate)));
    }
}
