using System.Data.Common;
using ArFlow.Data.Audit;
using ArFlow.Data.Configurations;
using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ArFlow.Data;

/// <summary>The bulk path into the ledger. EF's SaveChanges costs far more per row than a prepared
/// command, so imports and generators write documents, entries and open items here: a reused
/// prepared INSERT on SQLite, binary COPY on PostgreSQL. Callers hold the transaction.</summary>
public static class BulkLedger
{
    private static readonly BulkWrite.Column<Document>[] DocumentColumns =
    [
        new("id", NpgsqlDbType.Bigint, d => d.Id),
        new("kind", NpgsqlDbType.Text, d => d.Kind.ToString()),
        new("customer_id", NpgsqlDbType.Bigint, d => d.CustomerId),
        new("number", NpgsqlDbType.Text, d => d.Number),
        new("document_date", NpgsqlDbType.Date, d => d.DocumentDate),
        new("due_date", NpgsqlDbType.Date, d => d.DueDate),
        new("currency", NpgsqlDbType.Text, d => d.Currency),
        new("amount", NpgsqlDbType.Bigint, d => Amounts.ToUnits(d.Amount)),
        new("rate_to_base", NpgsqlDbType.Numeric, d => d.RateToBase),
        new("terms", NpgsqlDbType.Text, d => d.Terms),
        new("method", NpgsqlDbType.Text, d => d.Method?.ToString()),
        new("maturity_date", NpgsqlDbType.Date, d => d.MaturityDate),
        new("reference", NpgsqlDbType.Text, d => d.Reference),
        new("memo", NpgsqlDbType.Text, d => d.Memo),
        new("debit_item_id", NpgsqlDbType.Bigint, d => d.DebitItemId),
        new("credit_item_id", NpgsqlDbType.Bigint, d => d.CreditItemId),
        new("reverses_id", NpgsqlDbType.Bigint, d => d.ReversesId),
        new("reversed_by_id", NpgsqlDbType.Bigint, d => d.ReversedById),
        new("contract_installment_id", NpgsqlDbType.Bigint, d => d.ContractInstallmentId),
        new("created_at", NpgsqlDbType.TimestampTz, d => d.CreatedAt.ToUniversalTime()),
    ];

    private static readonly BulkWrite.Column<LedgerEntryRow>[] EntryColumns =
    [
        new("id", NpgsqlDbType.Bigint, e => e.Id),
        new("document_id", NpgsqlDbType.Bigint, e => e.DocumentId),
        new("item_id", NpgsqlDbType.Bigint, e => e.ItemId),
        new("customer_id", NpgsqlDbType.Bigint, e => e.CustomerId),
        new("posted_date", NpgsqlDbType.Date, e => e.PostedDate),
        new("currency", NpgsqlDbType.Text, e => e.Currency),
        new("amount", NpgsqlDbType.Bigint, e => Amounts.ToUnits(e.Amount)),
        new("base_amount", NpgsqlDbType.Bigint, e => Amounts.ToUnits(e.BaseAmount)),
        new("hash", NpgsqlDbType.Bytea, e => e.Hash),
    ];

    private static readonly BulkWrite.Column<OpenItem>[] ItemColumns =
    [
        new("item_id", NpgsqlDbType.Bigint, o => o.ItemId),
        new("customer_id", NpgsqlDbType.Bigint, o => o.CustomerId),
        new("kind", NpgsqlDbType.Text, o => o.Kind.ToString()),
        new("side", NpgsqlDbType.Text, o => o.Side.ToString()),
        new("currency", NpgsqlDbType.Text, o => o.Currency),
        new("document_date", NpgsqlDbType.Date, o => o.DocumentDate),
        new("due_date", NpgsqlDbType.Date, o => o.DueDate),
        new("original", NpgsqlDbType.Bigint, o => Amounts.ToUnits(o.Original)),
        new("open", NpgsqlDbType.Bigint, o => Amounts.ToUnits(o.Open)),
        new("rate_to_base", NpgsqlDbType.Numeric, o => o.RateToBase),
        new("open_base", NpgsqlDbType.Bigint, o => Amounts.ToUnits(o.OpenBase)),
        new("original_base", NpgsqlDbType.Bigint, o => Amounts.ToUnits(o.OriginalBase)),
        new("version", NpgsqlDbType.Integer, o => o.Version),
    ];

    /// <summary>Reserves <paramref name="count"/> document ids that no other writer will use.</summary>
    public static Task<long[]> ReserveDocumentIdsAsync(ArFlowDbContext db, int count, CancellationToken ct) => BulkWrite.ReserveIdsAsync(db, "documents", count, ct);

    /// <summary>Inserts documents whose ids are already assigned (generators filling an empty
    /// ledger) with their entries, which are numbered and sealed into the ledger's chain here.</summary>
    public static async Task WriteAsync(
        ArFlowDbContext db, IReadOnlyList<Document> documents, IReadOnlyList<LedgerEntryRow> entries, IReadOnlyList<OpenItem> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(documents);
        await SealAsync(db, entries, documents.ToDictionary(d => d.Id), ct);
        if (db.Engine == DatabaseEngine.Postgres)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await BulkWrite.CopyAsync(connection, "documents", DocumentColumns, documents, ct);
            await BulkWrite.CopyAsync(connection, "ledger_entries", EntryColumns, entries, ct);
            await BulkWrite.CopyAsync(connection, "open_items", ItemColumns, items, ct);
            return;
        }
        await using var doc = BulkWrite.Prepared(db, "documents", DocumentColumns, "");
        foreach (var d in documents) await BulkWrite.Run(doc, DocumentColumns, d, ct);
        await InsertAsync(db, entries, items, ct);
    }

    /// <summary>Inserts documents that open their own item (invoices, charges, receipts, credit
    /// notes), each with its opening entry and open item, skipping any whose number the customer
    /// already has for that kind. Returns how many were new. Only the new documents' entries are
    /// sealed, so the ledger's chain has no gaps.</summary>
    public static async Task<int> InsertOpeningAsync(
        ArFlowDbContext db, IReadOnlyList<(Document Document, LedgerEntryRow Entry, OpenItem Item)> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return 0;
        var ids = await ReserveDocumentIdsAsync(db, rows.Count, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var (d, e, o) = rows[i];
            d.Id = ids[i];
            e.DocumentId = e.ItemId = o.ItemId = ids[i];
        }
        var inserted = db.Engine == DatabaseEngine.Postgres ? await InsertDocumentsPostgresAsync(db, rows, ct) : await InsertDocumentsSqliteAsync(db, rows, ct);
        var fresh = rows.Where(r => inserted.Contains(r.Document.Id)).ToList();
        var entries = fresh.Select(r => r.Entry).ToList();
        await SealAsync(db, entries, fresh.ToDictionary(r => r.Document.Id, r => r.Document), ct);
        await InsertAsync(db, entries, fresh.Select(r => r.Item).ToList(), ct);
        return fresh.Count;
    }

    private static async Task SealAsync(ArFlowDbContext db, IReadOnlyList<LedgerEntryRow> entries, Dictionary<long, Document> documents, CancellationToken ct)
    {
        await ChainLock.EnterAsync(db, ct);
        LedgerSeal.Seal(entries.Select(e => (e, documents[e.DocumentId])), await LedgerSeal.HeadAsync(db, ct));
    }

    private static async Task<HashSet<long>> InsertDocumentsSqliteAsync(
        ArFlowDbContext db, IReadOnlyList<(Document Document, LedgerEntryRow Entry, OpenItem Item)> rows, CancellationToken ct)
    {
        await using var doc = BulkWrite.Prepared(db, "documents", DocumentColumns, " ON CONFLICT (customer_id, kind, number) DO NOTHING");
        var inserted = new HashSet<long>();
        foreach (var (d, _, _) in rows)
            if (await BulkWrite.Run(doc, DocumentColumns, d, ct) > 0) inserted.Add(d.Id);
        return inserted;
    }

    private static async Task<HashSet<long>> InsertDocumentsPostgresAsync(
        ArFlowDbContext db, IReadOnlyList<(Document Document, LedgerEntryRow Entry, OpenItem Item)> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var create = BulkWrite.Command(db))
        {
            create.CommandText = """
                CREATE TEMP TABLE IF NOT EXISTS staged_documents (LIKE documents INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
                TRUNCATE staged_documents;
                """;
            await create.ExecuteNonQueryAsync(ct);
        }
        await BulkWrite.CopyAsync(connection, "staged_documents", DocumentColumns, rows.Select(r => r.Document).ToList(), ct);
        var docCols = string.Join(", ", DocumentColumns.Select(c => c.Name));
        await using var insert = BulkWrite.Command(db);
        insert.CommandText = $"INSERT INTO documents ({docCols}) SELECT {docCols} FROM staged_documents ON CONFLICT (customer_id, kind, number) DO NOTHING RETURNING id";
        var inserted = new HashSet<long>();
        await using var reader = await insert.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetInt64(0));
        return inserted;
    }

    private static async Task InsertAsync(ArFlowDbContext db, IReadOnlyList<LedgerEntryRow> entries, IReadOnlyList<OpenItem> items, CancellationToken ct)
    {
        if (db.Engine == DatabaseEngine.Postgres)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await BulkWrite.CopyAsync(connection, "ledger_entries", EntryColumns, entries, ct);
            await BulkWrite.CopyAsync(connection, "open_items", ItemColumns, items, ct);
            return;
        }
        await using var entry = BulkWrite.Prepared(db, "ledger_entries", EntryColumns, "");
        foreach (var e in entries) await BulkWrite.Run(entry, EntryColumns, e, ct);
        await using var item = BulkWrite.Prepared(db, "open_items", ItemColumns, "");
        foreach (var o in items) await BulkWrite.Run(item, ItemColumns, o, ct);
    }
}
