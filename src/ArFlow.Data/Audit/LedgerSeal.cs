using System.Globalization;
using System.Text.Json;
using ArFlow.Data.Configurations;
using ArFlow.Data.Entities;
using ArFlow.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data.Audit;

/// <summary>The ledger's own chain. Each entry's hash covers the previous entry's hash, the entry
/// and the document that posted it, so neither an amount nor the document behind it can change,
/// and no entry can vanish or move, without the walk noticing.</summary>
public static class LedgerSeal
{
    /// <summary>The entry and its document in a fixed order and an unambiguous form. A reversal's
    /// link back (<see cref="Document.ReversedById"/>) is written after the original and is not
    /// covered; the reversal's own <see cref="Document.ReversesId"/> is.</summary>
    public static string Content(LedgerEntryRow e, Document d)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(d);
        return JsonSerializer.Serialize(new object?[]
        {
            e.Id, e.DocumentId, e.ItemId, e.CustomerId, Day(e.PostedDate), e.Currency, Amounts.ToUnits(e.Amount), Amounts.ToUnits(e.BaseAmount),
            d.Id, d.Kind.ToString(), d.CustomerId, d.Number, Day(d.DocumentDate), Day(d.DueDate), d.Currency, Amounts.ToUnits(d.Amount),
            d.RateToBase.ToString("G29", CultureInfo.InvariantCulture), d.Terms, d.Method?.ToString(), Day(d.MaturityDate), d.Reference, d.Memo,
            d.DebitItemId, d.CreditItemId, d.ReversesId, d.ContractInstallmentId, AuditChain.Micros(d.CreatedAt),
        });
    }

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The last sealed entry: where new entries continue the chain.</summary>
    public static async Task<(long Id, byte[] Hash)> HeadAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking().OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
        if (head is null) return (0, HashChain.Genesis.ToArray());
        return (head.Id, head.Hash ?? throw new InvalidOperationException("The ledger has unsealed entries; start-up seals them before anything is posted."));
    }

    /// <summary>Numbers and seals <paramref name="entries"/> after <paramref name="head"/>, in order;
    /// returns the new head. The caller holds the chain lock.</summary>
    public static (long Id, byte[] Hash) Seal(IEnumerable<(LedgerEntryRow Entry, Document Document)> entries, (long Id, byte[] Hash) head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var (id, previous) = head;
        foreach (var (e, d) in entries)
        {
            e.Id = ++id;
            e.Hash = previous = HashChain.Link(previous, Content(e, d));
        }
        return (id, previous);
    }

    /// <summary>Seals entries written before the ledger had a chain (a database from an earlier
    /// version), oldest first, in batches. Returns how many it sealed.</summary>
    public static async Task<long> SealUnsealedAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.LedgerEntries.IgnoreQueryFilters();
        if (!await entries.AnyAsync(e => e.Hash == null, ct)) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ChainLock.EnterAsync(db, ct);
        var previous = HashChain.Genesis.ToArray();
        long sealedCount = 0, after = 0;
        while (true)
        {
            var batch = await entries.Where(e => e.Id > after)
                .Join(db.Documents.IgnoreQueryFilters().AsNoTracking(), e => e.DocumentId, d => d.Id, (e, d) => new { e, d })
                .OrderBy(x => x.e.Id).Take(5000).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var x in batch)
            {
                var hash = HashChain.Link(previous, Content(x.e, x.d));
                if (x.e.Hash is null) { x.e.Hash = hash; sealedCount++; }
                previous = x.e.Hash;
            }
            after = batch[^1].e.Id;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        db.Record("ledger.sealed", after: new { entries = sealedCount });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sealedCount;
    }
}
