using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data.Audit;

/// <summary>The audit trail and the ledger are chains, so their records must be appended one
/// writer at a time. SQLite's writers already queue (BEGIN IMMEDIATE); on PostgreSQL a
/// transaction-scoped advisory lock does it, released by the commit or rollback.</summary>
public static class ChainLock
{
    private const long Key = 0x4172466C6F77; // "ArFlow"

    public static async Task EnterAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("The chain lock is taken inside a transaction.");
        if (db.Engine == DatabaseEngine.Postgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
    }
}
