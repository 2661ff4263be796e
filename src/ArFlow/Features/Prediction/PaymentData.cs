using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Prediction;
using Microsoft.EntityFrameworkCore;
using Sylvan.Data.Csv;

namespace ArFlow.Features.Prediction;

/// <summary>Where invoices for payment prediction come from: the company's own ledger, or a file in
/// the layout of the public "Accounts Receivable" dataset (IBM Watson Analytics sample) for testing
/// the method on someone else's history.</summary>
public static class PaymentData
{
    /// <summary>Every invoice issued since the day (of one customer, or all), amounts in the base
    /// currency, settled on the day its last entry brought it to zero. Written-off invoices were never
    /// paid and are left out.</summary>
    public static async Task<List<InvoiceRecord>> FromLedgerAsync(ArFlowDbContext db, DateOnly since, CancellationToken ct, string? customerCode = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var invoices = await (
            from d in db.Documents.AsNoTracking().IgnoreQueryFilters()
            join o in db.OpenItems.IgnoreQueryFilters() on d.Id equals o.ItemId
            join c in db.Customers.IgnoreQueryFilters() on d.CustomerId equals c.Id
            where d.Kind == DocumentKind.Invoice && d.ReversedById == null && d.DocumentDate >= since && (customerCode == null || c.Code == customerCode)
            select new { d.Id, c.Code, d.DocumentDate, o.DueDate, d.Amount, d.RateToBase, o.Open }).ToListAsync(ct);
        // Joins rather than lists of ids: a ledger's worth of ids is more than a database takes as parameters.
        var writtenOff = (await (
            from w in db.Documents.AsNoTracking().IgnoreQueryFilters()
            join d in db.Documents.IgnoreQueryFilters() on w.DebitItemId equals d.Id
            join c in db.Customers.IgnoreQueryFilters() on d.CustomerId equals c.Id
            where w.Kind == DocumentKind.WriteOff && w.ReversedById == null && d.DocumentDate >= since && (customerCode == null || c.Code == customerCode)
            select d.Id).ToListAsync(ct)).ToHashSet();
        // The day each settled invoice was paid: its latest entry (the one that brought it to zero).
        var settledOn = await (
            from e in db.LedgerEntries.AsNoTracking().IgnoreQueryFilters()
            join d in db.Documents.IgnoreQueryFilters() on e.ItemId equals d.Id
            join o in db.OpenItems.IgnoreQueryFilters() on d.Id equals o.ItemId
            join c in db.Customers.IgnoreQueryFilters() on d.CustomerId equals c.Id
            where d.Kind == DocumentKind.Invoice && d.ReversedById == null && d.DocumentDate >= since && o.Open == 0m && (customerCode == null || c.Code == customerCode)
            group e by e.ItemId into g
            select new { ItemId = g.Key, Day = g.Max(x => x.PostedDate) }).ToDictionaryAsync(x => x.ItemId, x => x.Day, ct);
        return invoices.Where(i => !writtenOff.Contains(i.Id)).Select(i => new InvoiceRecord(
            i.Code, i.DocumentDate, i.DueDate, Math.Round(i.Amount * i.RateToBase, 2), i.Open == 0m ? settledOn.GetValueOrDefault(i.Id) : null)).ToList();
    }

    /// <summary>The credit file's inputs per customer code: the latest statement's ratios, years in
    /// business, the latest report's lawsuits.</summary>
    public static async Task<Dictionary<string, CreditInputs>> CreditInputsAsync(ArFlowDbContext db, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var codes = await db.Customers.AsNoTracking().IgnoreQueryFilters().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var statements = (await db.FinancialStatements.AsNoTracking().IgnoreQueryFilters().ToListAsync(ct))
            .GroupBy(s => s.CustomerId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Year)!);
        var founded = await db.CreditProfiles.AsNoTracking().IgnoreQueryFilters().Where(p => p.FoundedOn != null).ToDictionaryAsync(p => p.CustomerId, p => p.FoundedOn!.Value, ct);
        var lawsuits = (await db.CreditReports.AsNoTracking().IgnoreQueryFilters().Select(r => new { r.CustomerId, r.ReportDate, r.Id, r.Lawsuits }).ToListAsync(ct))
            .GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReportDate).ThenBy(r => r.Id).Last().Lawsuits);
        return codes.ToDictionary(c => c.Value, c =>
        {
            var ratios = statements.TryGetValue(c.Key, out var s)
                ? Domain.Credit.FinancialRatios.Of(new Domain.Credit.FinancialStatement(s.Year, s.TotalAssets, s.TotalLiabilities, s.CurrentAssets, s.CurrentLiabilities, s.Revenue, s.NetProfit, s.OperatingCashFlow, s.Inventory))
                : null;
            return new CreditInputs(ratios?.CurrentRatio, ratios?.AssetLiabilityRatio,
                founded.TryGetValue(c.Key, out var f) ? Math.Round((today.DayNumber - f.DayNumber) / 365.25m, 1) : null,
                lawsuits.TryGetValue(c.Key, out var l) ? l : null, null);
        }, StringComparer.Ordinal);
    }

    /// <summary>Reads the dataset's CSV (customerID, InvoiceDate, DueDate, InvoiceAmount, Disputed,
    /// SettledDate, PaperlessBill; dates M/D/YYYY). Only what is known at issue is kept, plus the
    /// settlement date as the outcome; DaysToSettle and DaysLate are derived, never read. A bad row
    /// is reported by line and column.</summary>
    public static Result<List<InvoiceRecord>> FromCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var csv = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true, Culture = CultureInfo.InvariantCulture });
        string[] required = ["customerID", "InvoiceDate", "DueDate", "InvoiceAmount", "Disputed", "SettledDate", "PaperlessBill"];
        var missing = required.Where(name => csv.GetOrdinal(name) < 0).ToList();
        if (missing.Count > 0) return new DomainError(ErrorCodes.MissingColumn, "file", string.Join(", ", missing));
        var list = new List<InvoiceRecord>();
        var line = 1;
        while (csv.Read())
        {
            line++;
            DateOnly Day(string column)
            {
                var text = csv.GetString(csv.GetOrdinal(column));
                return DateOnly.TryParseExact(text, "M/d/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
                    : throw new FormatException($"line {line}, {column}: '{text}' is not a M/D/YYYY date");
            }
            try
            {
                var amountText = csv.GetString(csv.GetOrdinal("InvoiceAmount"));
                if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                    throw new FormatException($"line {line}, InvoiceAmount: '{amountText}' is not a number");
                list.Add(new InvoiceRecord(csv.GetString(csv.GetOrdinal("customerID")), Day("InvoiceDate"), Day("DueDate"), amount, Day("SettledDate"),
                    string.Equals(csv.GetString(csv.GetOrdinal("Disputed")), "Yes", StringComparison.OrdinalIgnoreCase),
                    string.Equals(csv.GetString(csv.GetOrdinal("PaperlessBill")), "Electronic", StringComparison.OrdinalIgnoreCase)));
            }
            catch (FormatException e)
            {
                return new DomainError(ErrorCodes.UnreadableFile, "file", e.Message);
            }
        }
        return list;
    }
}
