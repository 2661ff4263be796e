using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ArFlow.Data;
using ArFlow.Data.Configurations;
using ArFlow.Domain.Ageing;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Ageing;

public enum AgeingGroup { Customer, Owner, Grade, Currency }

/// <summary>One row of the ageing: a group (customer, owner, grade or just the currency) in one currency.</summary>
public sealed record AgeingRow(string Key, string? Name, string Currency, decimal[] Buckets, decimal Unapplied, decimal Balance, decimal BalanceBase);

public sealed record AgeingHeader(DateOnly AsOf, string Basis, string By, string BaseCurrency, IReadOnlyList<string> Buckets);

/// <summary>The ageing as set-based SQL that streams one row per group. As of a date on or after
/// the last posting it reads the open-item table only, so its cost follows what is open, not the
/// length of the history; as of an earlier date it sums the ledger entries up to that date per
/// item (a covering index scan) and ages what was open then. Two queries, whatever the size.</summary>
public static class AgeingQuery
{
    public static async IAsyncEnumerable<AgeingRow> RunAsync(
        ArFlowDbContext db, DateOnly asOf, AgeingGroup by, AgeingBuckets buckets, AgeingBasis basis,
        [EnumeratorCancellation] CancellationToken ct, string? customerCode = null)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var fromOpenItems = await NothingPostedAfterAsync(connection, asOf, ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Sql(fromOpenItems, by, buckets, basis, customerCode is not null, db.Scope);
            Add(cmd, "asOf", asOf);
            var lower = buckets.LowerDates(asOf);
            for (var i = 0; i < lower.Length; i++) Add(cmd, $"d{i}", lower[i]);
            if (customerCode is not null) Add(cmd, "customer", customerCode);
            if (db.Scope.Owner is { } owner) Add(cmd, "scopeOwner", owner);
            if (db.Scope.Collector is { } collector) Add(cmd, "scopeCollector", collector);
            using var activity = Telemetry.StartCommand("ageing", cmd);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var n = buckets.Count;
            while (await reader.ReadAsync(ct))
            {
                var values = new decimal[n];
                for (var i = 0; i < n; i++) values[i] = Amounts.FromUnits(reader.GetInt64(3 + i));
                var unapplied = Amounts.FromUnits(reader.GetInt64(3 + n));
                yield return new AgeingRow(
                    reader.IsDBNull(0) ? "" : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2), values, unapplied, values.Sum() - unapplied,
                    Amounts.FromUnits(reader.GetInt64(4 + n)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> NothingPostedAfterAsync(DbConnection connection, DateOnly asOf, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM ledger_entries WHERE posted_date > @asOf LIMIT 1";
        Add(cmd, "asOf", asOf);
        using var activity = Telemetry.StartCommand("ageing.latest-posting", cmd);
        return await cmd.ExecuteScalarAsync(ct) is null;
    }

    /// <summary>The SQL text; public so a test can pin its plan.</summary>
    public static string Sql(
        bool fromOpenItems, AgeingGroup by, AgeingBuckets buckets, AgeingBasis basis, bool oneCustomer = false, CustomerScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var date = basis == AgeingBasis.DueDate ? "o.due_date" : "o.document_date";
        // Magnitudes: what is owed on a debit item, what is unapplied on a credit item.
        var (open, openBase) = fromOpenItems
            ? ("o.open", "o.open_base")
            : ("CASE WHEN o.side = 'Debit' THEN t.amount ELSE -t.amount END", "CASE WHEN o.side = 'Debit' THEN t.base_amount ELSE -t.base_amount END");
        var bucketCount = buckets.Count;

        // Inner: bucket sums per customer and currency, read in index order (no sort, no join).
        var inner = new StringBuilder("SELECT o.customer_id, o.currency");
        for (var i = 0; i < bucketCount; i++)
        {
            // Bucket i: on or after its lower date and before the lower date of the bucket before it.
            var from = i < bucketCount - 1 ? $" AND {date} >= @d{i}" : "";
            var to = i == 0 ? "" : $" AND {date} < @d{i - 1}";
            inner.Append(CultureInfo.InvariantCulture, $",\n  SUM(CASE WHEN o.side = 'Debit'{from}{to} THEN {open} ELSE 0 END) AS b{i}");
        }
        inner.Append(CultureInfo.InvariantCulture, $",\n  SUM(CASE WHEN o.side = 'Credit' THEN {open} ELSE 0 END) AS unapplied");
        inner.Append(CultureInfo.InvariantCulture, $",\n  SUM(CASE WHEN o.side = 'Debit' THEN {openBase} ELSE -({openBase}) END) AS base\n");
        inner.Append(fromOpenItems
            // The open-item rows already hold today's amounts; the covering partial index skips settled items.
            ? "FROM open_items o\nWHERE o.open <> 0"
            : """
              FROM (SELECT e.item_id, SUM(e.amount) AS amount, SUM(e.base_amount) AS base_amount
                    FROM ledger_entries e
                    WHERE e.posted_date <= @asOf
                    GROUP BY e.item_id
                    HAVING SUM(e.amount) <> 0) t
              JOIN open_items o ON o.item_id = t.item_id
              WHERE 1 = 1
              """);
        if (oneCustomer) inner.Append(" AND o.customer_id = (SELECT id FROM customers WHERE code = @customer)");
        // Raw SQL escapes EF's query filters, so a sales person's or collector's scope is applied here.
        if (scope is { Limited: true })
        {
            var whose = string.Join(" OR ", new[] { scope.Owner is null ? null : "owner = @scopeOwner", scope.Collector is null ? null : "collector = @scopeCollector" }.OfType<string>());
            inner.Append(CultureInfo.InvariantCulture, $" AND o.customer_id IN (SELECT id FROM customers WHERE {whose})");
        }
        inner.Append("\nGROUP BY o.customer_id, o.currency");

        // Outer: names the groups. By customer each inner row is a group already; by owner, grade
        // or currency the per-customer sums are added up again (a few hundred thousand rows at most).
        string Column(string expression) => $"CAST(COALESCE({expression}, 0) AS BIGINT)";
        var sums = Enumerable.Range(0, bucketCount).Select(i => $"b{i}").Append("unapplied").Append("base");
        if (by == AgeingGroup.Customer)
            return $"SELECT c.code AS group_key, c.name AS group_name, a.currency, {string.Join(", ", sums.Select(x => Column("a." + x)))}\n" +
                   $"FROM ({inner}) a\nJOIN customers c ON c.id = a.customer_id\nORDER BY c.code, a.currency";
        var key = by switch { AgeingGroup.Owner => "c.owner", AgeingGroup.Grade => "c.grade", _ => "a.currency" };
        return $"SELECT {key} AS group_key, NULL AS group_name, a.currency, {string.Join(", ", sums.Select(x => Column($"SUM(a.{x})")))}\n" +
               $"FROM ({inner}) a\nJOIN customers c ON c.id = a.customer_id\nGROUP BY {key}, a.currency\nORDER BY {key}, a.currency";
    }

    public static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
