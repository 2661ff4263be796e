using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ArFlow.Data;

/// <summary>Rows written past EF: a reused prepared INSERT on SQLite, binary COPY on PostgreSQL, in
/// the caller's transaction. Values take the text forms EF Core's SQLite provider uses, so EF reads
/// the rows back unchanged.</summary>
public static class BulkWrite
{
    public sealed record Column<T>(string Name, NpgsqlDbType PgType, Func<T, object?> Value);

    public static async Task InsertAsync<T>(ArFlowDbContext db, string table, Column<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        if (db.Engine == DatabaseEngine.Postgres)
        {
            await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), table, columns, rows, ct);
            return;
        }
        await using var cmd = Prepared(db, table, columns, "");
        foreach (var row in rows) await Run(cmd, columns, row, ct);
    }

    /// <summary>Reserves <paramref name="count"/> ids of <paramref name="table"/> that no other writer will
    /// use: from its sequence on PostgreSQL; on SQLite above the largest, which the caller's BEGIN
    /// IMMEDIATE transaction keeps every other writer from taking until it commits.</summary>
    public static async Task<long[]> ReserveIdsAsync(ArFlowDbContext db, string table, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (count == 0) return [];
        await using var cmd = Command(db);
        if (db.Engine == DatabaseEngine.Postgres)
        {
            cmd.CommandText = $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @n)";
            Param(cmd, "n", count);
            var ids = new List<long>(count);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
            return [.. ids];
        }
        cmd.CommandText = $"SELECT COALESCE(MAX(id), 0) FROM {table}";
        var max = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(1, count).Select(i => max + i).ToArray();
    }

    internal static async Task CopyAsync<T>(NpgsqlConnection connection, string table, Column<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var c in columns)
            {
                var v = c.Value(row);
                if (v is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(v, c.PgType, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    internal static DbCommand Command(ArFlowDbContext db)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    internal static DbCommand Prepared<T>(ArFlowDbContext db, string table, Column<T>[] columns, string suffix)
    {
        var cmd = Command(db);
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) " +
                          $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}){suffix}";
        for (var i = 0; i < columns.Length; i++) Param(cmd, "p" + i, DBNull.Value);
        cmd.Prepare();
        return cmd;
    }

    internal static Task<int> Run<T>(DbCommand cmd, Column<T>[] columns, T row, CancellationToken ct)
    {
        for (var i = 0; i < columns.Length; i++) cmd.Parameters[i].Value = Sqlite(columns[i].Value(row));
        return cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The text forms EF Core's SQLite provider uses, so EF reads these rows back unchanged.</summary>
    private static object Sqlite(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    internal static void Param(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
