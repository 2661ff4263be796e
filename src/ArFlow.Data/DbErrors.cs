using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArFlow.Data;

public static class DbErrors
{
    /// <summary>True when a save failed on a unique index: someone else inserted the same key first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) => ex?.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
