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
            cmd.CommandText = Sql(fromOpenItems, by, buckets, basis, customerCode is not null);
            Add(cmd, "asOf", asOf);
            var lower = buckets.LowerDates(asOf);
            for (var i = 0; i < lower.Length; i++) Add(cmd, $"d{i}", lower[i]);
            if (customerCode is not null) Add(cmd, "customer", customerCode);
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
    public static string Sql(bool fromOpenItems, AgeingGroup by, AgeingBuckets buckets, AgeingBasis basis, bool oneCustomer = false)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var (key, name) = by switch
        {
            AgeingGroup.Customer => ("c.code", "MIN(c.name)"),
            AgeingGroup.Owner => ("c.owner", "NULL"),
            AgeingGroup.Grade => ("c.grade", "NULL"),
            _ => ("o.currency", "NULL"),
        };
        var date = basis == AgeingBasis.DueDate ? "o.due_date" : "o.document_date";
        // Magnitudes: what is owed on a debit item, what is unapplied on a credit item.
        var (open, openBase) = fromOpenItems
            ? ("o.open", "o.open_base")
            : ("CASE WHEN o.side = 'Debit' THEN t.amount ELSE -t.amount END", "CASE WHEN o.side = 'Debit' THEN t.base_amount ELSE -t.base_amount END");
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {key} AS group_key, {name} AS group_name, o.currency");
        var lowerCount = buckets.UpperDays.Count + 1;
        for (var i = 0; i <= lowerCount; i++)
        {
            // Bucket i: on or after its lower date and before the lower date of the bucket before it.
            var from = i < lowerCount ? $" AND {date} >= @d{i}" : "";
            var to = i == 0 ? "" : $" AND {date} < @d{i - 1}";
            sql.Append(CultureInfo.InvariantCulture, $",\n  CAST(COALESCE(SUM(CASE WHEN o.side = 'Debit'{from}{to} THEN {open} ELSE 0 END), 0) AS BIGINT)");
        }
        sql.Append(CultureInfo.InvariantCulture, $",\n  CAST(COALESCE(SUM(CASE WHEN o.side = 'Credit' THEN {open} ELSE 0 END), 0) AS BIGINT)");
        sql.Append(CultureInfo.InvariantCulture, $",\n  CAST(COALESCE(SUM(CASE WHEN o.side = 'Debit' THEN {openBase} ELSE -({openBase}) END), 0) AS BIGINT)\n");
        if (fromOpenItems)
        {
            // The open-item rows already hold today's amounts; the partial index skips settled items.
            sql.Append("FROM open_items o\nJOIN customers c ON c.id = o.customer_id\nWHERE o.open <> 0");
        }
        else
        {
            sql.Append("""
                FROM (SELECT e.item_id, SUM(e.amount) AS amount, SUM(e.base_amount) AS base_amount
                      FROM ledger_entries e
                      WHERE e.posted_date <= @asOf
                      GROUP BY e.item_id
                      HAVING SUM(e.amount) <> 0) t
                JOIN open_items o ON o.item_id = t.item_id
                JOIN customers c ON c.id = o.customer_id
                WHERE 1 = 1
                """);
        }
        if (oneCustomer) sql.Append(" AND c.code = @customer");
        sql.Append(CultureInfo.InvariantCulture, $"\nGROUP BY {key}, o.currency\nORDER BY {key}, o.currency");
        return sql.ToString();
    }

    public static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
