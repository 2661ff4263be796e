using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ArFlow.Data.Audit;

/// <summary>Evidence is written once: a customer's reply through the portal is never changed or
/// removed, nor the PDF of a statement as it was sent. A save that tries is a bug and throws before
/// anything is written.</summary>
public static class WriteOnce
{
    public static void Check(ChangeTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        foreach (var e in tracker.Entries())
        {
            var refused = e switch
            {
                { Entity: StatementReply, State: EntityState.Modified or EntityState.Deleted } => true,
                { Entity: IssuedStatement, State: EntityState.Deleted } => true,
                // Issuing writes the row, then its PDF once the number and link (made from its id) are known.
                { Entity: IssuedStatement, State: EntityState.Modified } =>
                    e.Property(nameof(IssuedStatement.Pdf)).OriginalValue is byte[] { Length: > 0 }
                    && (e.Property(nameof(IssuedStatement.Pdf)).IsModified || e.Property(nameof(IssuedStatement.PdfSha256)).IsModified),
                _ => false,
            };
            if (refused) throw new InvalidOperationException($"{e.Metadata.ClrType.Name} {e.State}: evidence is written once.");
        }
    }
}
