using ArFlow.Data;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>One customer's credit figures as of a day, as the whole-book reading gives them.</summary>
public sealed record CreditFigures(ScoreResult Score, PaymentBehaviour Behaviour, decimal? Utilisation, decimal? OverdueRatio, int? Lawsuits, int? LawsuitsBefore, DateOnly? LatestReport);

/// <summary>Every customer's credit file as of a day, read in a handful of set-based queries instead
/// of one credit file per customer: what the nightly early warnings need for a whole book. Gives
/// the same scores, behaviour and utilisation as <see cref="CreditFile.GetAsync"/> (a test holds
/// the two together), and the overdue ratio from the ledger as of the day.</summary>
public static class CreditBook
{
    public static async Task<Dictionary<long, CreditFigures>> AsOfAsync(ArFlowDbContext db, DateOnly asOf, Scorecard scorecard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scorecard);
        var since = asOf.AddMonths(-12);
        var customers = await db.Customers.AsNoTracking().IgnoreQueryFilters().Select(c => new { c.Id, c.Currency, c.CreditLimit }).ToListAsync(ct);

        // Payment behaviour: the items that fell due in the twelve months, their entries by the day, write-offs.
        var items = await db.OpenItems.AsNoTracking().IgnoreQueryFilters()
            .Where(o => o.Side == ItemSide.Debit && o.DueDate > since && o.DueDate <= asOf)
            .Select(o => new { o.ItemId, o.CustomerId, o.DueDate, o.Original }).ToListAsync(ct);
        var entries = (await (
            from e in db.LedgerEntries.AsNoTracking().IgnoreQueryFilters()
            join o in db.OpenItems.IgnoreQueryFilters() on e.ItemId equals o.ItemId
            where o.Side == ItemSide.Debit && o.DueDate > since && o.DueDate <= asOf && e.PostedDate <= asOf
            select new { e.ItemId, e.PostedDate, e.Amount }).ToListAsync(ct)).ToLookup(e => e.ItemId, e => (e.PostedDate, e.Amount));
        var writtenOff = (await (
            from d in db.Documents.AsNoTracking().IgnoreQueryFilters()
            join o in db.OpenItems.IgnoreQueryFilters() on d.DebitItemId equals o.ItemId
            where d.Kind == DocumentKind.WriteOff && d.ReversedById == null && d.DocumentDate <= asOf && o.DueDate > since && o.DueDate <= asOf
            select o.ItemId).ToListAsync(ct)).ToHashSet();
        var outcomes = items.ToLookup(i => i.CustomerId, i => CreditFile.Outcome(i.DueDate, i.Original, entries[i.ItemId], writtenOff.Contains(i.ItemId)));
        var disputes = await db.Disputes.AsNoTracking().IgnoreQueryFilters().Where(d => d.OpenedOn > since && d.OpenedOn <= asOf)
            .GroupBy(d => d.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var broken = await db.Promises.AsNoTracking().IgnoreQueryFilters().Where(p => p.Status == PromiseStatus.Broken && p.SettledOn > since && p.SettledOn <= asOf)
            .GroupBy(p => p.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        // Exposure in each customer's currency, and every open debit item as of the day for the overdue ratio.
        var open = await (
            from e in db.LedgerEntries.AsNoTracking().IgnoreQueryFilters()
            join o in db.OpenItems.IgnoreQueryFilters() on e.ItemId equals o.ItemId
            where o.Side == ItemSide.Debit && e.PostedDate <= asOf
            group e by new { e.ItemId, o.CustomerId, o.DueDate, o.Currency, o.RateToBase } into g
            select new { g.Key.CustomerId, g.Key.DueDate, g.Key.Currency, g.Key.RateToBase, Open = g.Sum(x => x.Amount) }).ToListAsync(ct);
        var openByCustomer = open.Where(o => o.Open != 0m).ToLookup(o => o.CustomerId);
        var unbilled = await (
            from i in db.ContractInstallments.AsNoTracking().IgnoreQueryFilters()
            join k in db.Contracts.IgnoreQueryFilters() on i.ContractId equals k.Id
            where i.InvoiceId == null
            group i by new { k.CustomerId, k.Currency } into g
            select new { g.Key.CustomerId, g.Key.Currency, Amount = g.Sum(x => x.Amount) }).ToListAsync(ct);
        var unbilledByCustomer = unbilled.ToLookup(u => u.CustomerId);

        // The credit file's own data: latest statement, founding date, reports.
        var statements = (await db.FinancialStatements.AsNoTracking().IgnoreQueryFilters().ToListAsync(ct))
            .GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Year)!);
        var founded = await db.CreditProfiles.AsNoTracking().IgnoreQueryFilters().ToDictionaryAsync(p => p.CustomerId, p => p.FoundedOn, ct);
        var reports = (await db.CreditReports.AsNoTracking().IgnoreQueryFilters().Select(r => new { r.CustomerId, r.Id, r.ReportDate, r.Lawsuits, r.Score }).ToListAsync(ct))
            .ToLookup(r => r.CustomerId);

        var result = new Dictionary<long, CreditFigures>(customers.Count);
        foreach (var c in customers)
        {
            var behaviour = PaymentBehaviour.Of(outcomes[c.Id], asOf) with { Disputes = disputes.GetValueOrDefault(c.Id), BrokenPromises = broken.GetValueOrDefault(c.Id) };
            var mine = openByCustomer[c.Id].ToList();
            var exposure = new CreditExposure(mine.Where(o => o.Currency == c.Currency).Sum(o => o.Open),
                unbilledByCustomer[c.Id].Where(u => u.Currency == c.Currency).Sum(u => u.Amount), 0m, c.CreditLimit);
            var ratios = statements.TryGetValue(c.Id, out var s)
                ? FinancialRatios.Of(new FinancialStatement(s.Year, s.TotalAssets, s.TotalLiabilities, s.CurrentAssets, s.CurrentLiabilities, s.Revenue, s.NetProfit, s.OperatingCashFlow, s.Inventory))
                : null;
            var byDate = reports[c.Id].OrderByDescending(r => r.ReportDate).ThenByDescending(r => r.Id).ToList();
            var latest = byDate.FirstOrDefault();
            var inputs = CreditFactors.Inputs(behaviour, ratios, founded.GetValueOrDefault(c.Id), latest?.Lawsuits, latest?.Score, exposure.Utilisation, asOf);
            result[c.Id] = new CreditFigures(scorecard.Score(inputs), behaviour, exposure.Utilisation,
                EarlyWarning.OverdueRatio(mine.Select(o => (o.DueDate, o.Open * o.RateToBase)), asOf),
                latest?.Lawsuits, byDate.Skip(1).FirstOrDefault()?.Lawsuits, latest?.ReportDate);
        }
        return result;
    }
}
