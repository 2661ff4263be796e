using System.Globalization;
using ArFlow.Domain.Ageing;
using ArFlow.Features.Ageing;
using ArFlow.Infrastructure;
using ArFlow.Shell;
using MiniExcelLibs;

namespace ArFlow.Features.Statements;

/// <summary>A statement as rows: the movements (per currency the opening line, each movement with the
/// running balance, the closing line) and the open items with their ageing; as a workbook, one sheet each.</summary>
public static class StatementExport
{
    public static async Task XlsxAsync(Stream stream, Statement s, CultureInfo culture, AgeingBuckets buckets, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            [Text.Get(culture, "statement.sheet.movements")] = Movements(s, culture).ToList(),
            [Text.Get(culture, "statement.sheet.open_items")] = OpenItems(s, culture, buckets).ToList(),
        };
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
    }

    public static IEnumerable<Dictionary<string, object?>> Movements(Statement s, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(s);
        string T(string key) => Text.Get(culture, key);
        Dictionary<string, object?> Row(string currency, string date, string kind, string? number, string? due, decimal? debit, decimal? credit, decimal balance) => new()
        {
            [T("report.currency")] = currency, [T("report.date")] = date, [T("report.document")] = kind, [T("report.number")] = number,
            [T("report.due")] = due, [T("report.debit")] = debit, [T("report.credit")] = credit, [T("report.balance")] = balance,
        };
        foreach (var c in s.Currencies)
        {
            yield return Row(c.Currency, Fmt.Date(s.From), T("report.opening"), null, null, null, null, c.OpeningBalance);
            foreach (var l in c.Lines)
                yield return Row(c.Currency, Fmt.Date(l.Date), StatementQuery.DocName(l.Kind, culture), l.Number ?? l.ReversesNumber, l.DueDate is { } d ? Fmt.Date(d) : null, l.Debit, l.Credit, l.Balance);
            yield return Row(c.Currency, Fmt.Date(s.To), T("report.closing"), null, null, null, null, c.ClosingBalance);
        }
    }

    public static IEnumerable<Dictionary<string, object?>> OpenItems(Statement s, CultureInfo culture, AgeingBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(buckets);
        string T(string key) => Text.Get(culture, key);
        var labels = buckets.Labels();
        foreach (var c in s.Currencies)
            foreach (var o in c.OpenItems)
                yield return new()
                {
                    [T("report.currency")] = c.Currency, [T("report.document")] = StatementQuery.DocName(o.Kind, culture), [T("report.number")] = o.Number,
                    [T("report.date")] = Fmt.Date(o.DocumentDate), [T("report.due")] = Fmt.Date(o.DueDate), [T("statement.days_overdue")] = o.DaysOverdue,
                    [T("statement.bucket")] = AgeingOutput.BucketTitle(labels[buckets.IndexOf(o.DaysOverdue)], culture), [T("report.open")] = o.Open,
                };
    }
}
