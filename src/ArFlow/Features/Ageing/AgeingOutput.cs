using System.Globalization;
using System.Text.Json;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Ageing;

/// <summary>Writes an ageing as it streams from the database: rows go out as they are read, and the
/// per-currency totals follow at the end.</summary>
public static class AgeingOutput
{
    public static async Task WriteJsonAsync(Stream stream, AgeingHeader header, IAsyncEnumerable<AgeingRow> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        await using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteString("asOf", header.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("basis", header.Basis);
        w.WriteString("by", header.By);
        w.WriteString("baseCurrency", header.BaseCurrency);
        w.WriteStartArray("buckets");
        foreach (var b in header.Buckets) w.WriteStringValue(b);
        w.WriteEndArray();
        w.WriteStartArray("rows");
        var totals = new Totals(header.Buckets.Count);
        var n = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            totals.Add(row);
            WriteRow(w, row);
            if (++n % 1000 == 0) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        w.WriteStartArray("totals");
        foreach (var t in totals.Rows) WriteRow(w, t);
        w.WriteEndArray();
        w.WriteNumber("totalBalanceBase", totals.Rows.Sum(r => r.BalanceBase));
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    private static void WriteRow(Utf8JsonWriter w, AgeingRow row)
    {
        w.WriteStartObject();
        w.WriteString("key", row.Key);
        if (row.Name is not null) w.WriteString("name", row.Name);
        w.WriteString("currency", row.Currency);
        w.WriteStartArray("buckets");
        foreach (var b in row.Buckets) w.WriteNumberValue(b);
        w.WriteEndArray();
        w.WriteNumber("unapplied", row.Unapplied);
        w.WriteNumber("balance", row.Balance);
        w.WriteNumber("balanceBase", row.BalanceBase);
        w.WriteEndObject();
    }

    public static async Task WriteCsvAsync(TextWriter writer, AgeingHeader header, IAsyncEnumerable<AgeingRow> rows, CultureInfo culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        await writer.WriteLineAsync(Csv.Line(Columns(header, culture)));
        var totals = new Totals(header.Buckets.Count);
        await foreach (var row in rows.WithCancellation(ct))
        {
            totals.Add(row);
            await writer.WriteLineAsync(Csv.Line(Cells(row, header.By)));
        }
        foreach (var t in totals.Rows) await writer.WriteLineAsync(Csv.Line(Cells(t with { Key = Text.Get(culture, "report.total") }, header.By)));
    }

    /// <summary>Column titles in the reader's language: Customer, Currency, Not yet due, 1-30 days…</summary>
    public static IReadOnlyList<string> Columns(AgeingHeader header, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = new List<string>();
        if (header.By != "currency") columns.Add(Text.Get(culture, "report." + header.By));
        if (header.By == "customer") columns.Add(Text.Get(culture, "report.customer_code"));
        columns.Add(Text.Get(culture, "report.currency"));
        columns.AddRange(header.Buckets.Select(b => BucketTitle(b, culture)));
        columns.Add(Text.Get(culture, "report.unapplied"));
        columns.Add(Text.Get(culture, "report.balance"));
        columns.Add(Text.Get(culture, "report.balance") + " (" + header.BaseCurrency + ")");
        if (header.By == "customer") (columns[0], columns[1]) = (columns[1], Text.Get(culture, "report.customer"));
        return columns;
    }

    public static string BucketTitle(string label, CultureInfo culture)
    {
        if (label == "current") return Text.Get(culture, "report.current");
        if (label.StartsWith("over-", StringComparison.Ordinal)) return Text.Get(culture, "report.over", label[5..]);
        var parts = label.Split('-');
        return Text.Get(culture, "report.days", parts[0], parts[1]);
    }

    /// <summary>The cells of a row in column order; by currency the key is the currency itself.</summary>
    public static IEnumerable<string> Cells(AgeingRow row, string by)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (by != "currency") yield return row.Key;
        if (row.Name is not null) yield return row.Name;
        yield return row.Currency;
        foreach (var b in row.Buckets) yield return Amount(b);
        yield return Amount(row.Unapplied);
        yield return Amount(row.Balance);
        yield return Amount(row.BalanceBase);
    }

    public static string Amount(decimal d) => d.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Running totals per currency.</summary>
    public sealed class Totals(int buckets)
    {
        private readonly SortedDictionary<string, AgeingRow> _byCurrency = new(StringComparer.Ordinal);

        public void Add(AgeingRow row)
        {
            ArgumentNullException.ThrowIfNull(row);
            var t = _byCurrency.TryGetValue(row.Currency, out var existing)
                ? existing
                : new AgeingRow("", null, row.Currency, new decimal[buckets], 0m, 0m, 0m);
            for (var i = 0; i < buckets; i++) t.Buckets[i] += row.Buckets[i];
            _byCurrency[row.Currency] = t with
            {
                Unapplied = t.Unapplied + row.Unapplied,
                Balance = t.Balance + row.Balance,
                BalanceBase = t.BalanceBase + row.BalanceBase,
            };
        }

        public IEnumerable<AgeingRow> Rows => _byCurrency.Values;
    }
}
