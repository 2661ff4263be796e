using ArFlow.Data;

namespace ArFlow.Infrastructure;

/// <summary>Data leaving ArFlow as a file (a console export, a CSV from the API, a report written
/// by a command) is in the audit trail: who, which file, and what chose the rows.</summary>
public static class Exports
{
    public const string Action = "data.exported";

    public static async Task RecordExportAsync(this ArFlowDbContext db, string file, object details, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Record(Action, "export", file, after: details);
        await db.SaveChangesAsync(ct);
    }
}
