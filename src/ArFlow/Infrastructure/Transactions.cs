using ArFlow.Data;
using ArFlow.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Infrastructure;

public static class Transactions
{
    /// <summary>Runs <paramref name="work"/> in one transaction and commits only when it succeeds.
    /// Inside a transaction someone else opened (the idempotency filter's, an import batch's) it
    /// works under a savepoint: a failure undoes its own writes only and leaves the commit to the
    /// transaction's owner. On SQLite the transaction starts with BEGIN IMMEDIATE, so
    /// writers queue one at a time; on PostgreSQL the open items' concurrency tokens make the
    /// second of two clashing postings fail as a conflict instead of overdrawing an item.</summary>
    public static async Task<Result<T>> WriteAsync<T>(this ArFlowDbContext db, Func<Task<Result<T>>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } outer)
        {
            var savepoint = "write_" + Guid.NewGuid().ToString("N")[..12];
            await outer.CreateSavepointAsync(savepoint, ct);
            var nested = await Guard(db, work);
            if (nested.IsSuccess) await outer.ReleaseSavepointAsync(savepoint, ct);
            else
            {
                await outer.RollbackToSavepointAsync(savepoint, ct);
                db.ChangeTracker.Clear();
            }
            return nested;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await Guard(db, work);
        if (result.IsSuccess) await tx.CommitAsync(ct);
        else
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
        return result;
    }

    /// <summary>Runs <paramref name="work"/> and undoes all of it, whatever the outcome: what a change
    /// would do, exactly as the use case does it, without doing it (approval requests show this).</summary>
    public static async Task<Result<T>> DryRunAsync<T>(this ArFlowDbContext db, Func<Task<Result<T>>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } outer)
        {
            var savepoint = "dry_" + Guid.NewGuid().ToString("N")[..12];
            await outer.CreateSavepointAsync(savepoint, ct);
            try { return await Guard(db, work); }
            finally
            {
                await outer.RollbackToSavepointAsync(savepoint, ct);
                db.ChangeTracker.Clear();
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { return await Guard(db, work); }
        finally
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<Result<T>> Guard<T>(ArFlowDbContext db, Func<Task<Result<T>>> work)
    {
        try
        {
            return await work();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new DomainError(ErrorCodes.Conflict);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return new DomainError(ErrorCodes.Conflict);
        }
    }
}
