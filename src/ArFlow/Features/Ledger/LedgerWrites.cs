using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Ledger;

/// <summary>Turns what the domain's posting rules decided into rows: the document, its ledger
/// entries and the open items it changes, all in the caller's transaction.</summary>
public static class LedgerWrites
{
    /// <summary>Posts a document that opens an item of its own (invoice, charge, receipt, credit note).</summary>
    public static async Task OpenItemAsync(this ArFlowDbContext db, Document doc, DateOnly dueDate, Currency baseCurrency, CancellationToken ct)
    {
        var side = doc.Kind.OpensItem() ?? throw new ArgumentException($"{doc.Kind} opens no item.", nameof(doc));
        db.Documents.Add(doc);
        await db.SaveChangesAsync(ct); // the id is needed by the entry and the open item
        var entry = Posting.Opening(doc.Kind, doc.Id, doc.DocumentDate, doc.Amount);
        var row = Row(doc, entry, doc.Currency, doc.RateToBase, baseCurrency);
        db.LedgerEntries.Add(row);
        db.OpenItems.Add(new OpenItem
        {
            ItemId = doc.Id,
            CustomerId = doc.CustomerId,
            Kind = doc.Kind,
            Side = side,
            Currency = doc.Currency,
            DocumentDate = doc.DocumentDate,
            DueDate = dueDate,
            Original = doc.Amount,
            Open = doc.Amount,
            RateToBase = doc.RateToBase,
            OpenBase = Math.Abs(row.BaseAmount),
            OriginalBase = Math.Abs(row.BaseAmount),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The items with their full history, keyed by item id; the rows are tracked so that
    /// <see cref="PostAsync"/> can update them under their concurrency token.</summary>
    public static async Task<Dictionary<long, (OpenItem Row, ItemHistory History)>> LoadItemsAsync(
        this ArFlowDbContext db, IEnumerable<long> itemIds, CancellationToken ct, bool tracked = true)
    {
        var ids = itemIds.Distinct().ToArray();
        var query = db.OpenItems.Where(o => ids.Contains(o.ItemId));
        var rows = await (tracked ? query : query.AsNoTracking()).ToListAsync(ct);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.ItemId))
            .Select(e => new { e.ItemId, e.PostedDate, e.Amount }).ToListAsync(ct);
        var byItem = entries.ToLookup(e => e.ItemId, e => new LedgerEntry(e.ItemId, e.PostedDate, e.Amount));
        return rows.ToDictionary(r => r.ItemId, r => (r, new ItemHistory(Facts(r), byItem[r.ItemId])));
    }

    public static OpenItemFacts Facts(OpenItem r) => new(r.ItemId, r.Kind, r.CustomerId, r.Currency, r.DocumentDate, r.DueDate);

    /// <summary>Posts a document whose entries change existing items (allocation, write-off, refund,
    /// reversal) and brings each item's open amount up to date.</summary>
    public static async Task PostAsync(
        this ArFlowDbContext db, Document doc, IReadOnlyList<LedgerEntry> entries,
        IReadOnlyDictionary<long, (OpenItem Row, ItemHistory History)> items, Currency baseCurrency, CancellationToken ct)
    {
        db.Documents.Add(doc);
        await db.SaveChangesAsync(ct);
        foreach (var e in entries)
        {
            var (row, history) = items[e.ItemId];
            var entryRow = Row(doc, e, row.Currency, row.RateToBase, baseCurrency);
            db.LedgerEntries.Add(entryRow);
            row.OpenBase += history.Side == ItemSide.Debit ? entryRow.BaseAmount : -entryRow.BaseAmount;
            history.Add(e);
        }
        foreach (var itemId in entries.Select(e => e.ItemId).Distinct())
        {
            var (row, history) = items[itemId];
            row.Open = history.Open;
            row.Version++;
        }
        await db.SaveChangesAsync(ct);
    }

    private static LedgerEntryRow Row(Document doc, LedgerEntry e, string currency, decimal rate, Currency baseCurrency) => new()
    {
        DocumentId = doc.Id,
        ItemId = e.ItemId,
        CustomerId = doc.CustomerId,
        PostedDate = e.PostedDate,
        Currency = currency,
        Amount = e.Amount,
        BaseAmount = new M(e.Amount, Currency.Parse(currency)).ConvertTo(baseCurrency, rate).Amount,
    };

    /// <summary>The rate to the base currency on <paramref name="date"/>: 1 for the base currency,
    /// else the latest rate on or before that date.</summary>
    public static async Task<Result<decimal>> RateAsync(this ArFlowDbContext db, string currency, DateOnly date, Currency baseCurrency, CancellationToken ct)
    {
        if (currency == baseCurrency.Code) return 1m;
        var rate = await db.ExchangeRates.Where(r => r.Currency == currency && r.Date <= date)
            .OrderByDescending(r => r.Date).Select(r => (decimal?)r.Rate).FirstOrDefaultAsync(ct);
        return rate is { } r ? r : new DomainError(ErrorCodes.RateMissing, "rateToBase", currency, date);
    }
}
