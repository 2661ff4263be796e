using System.Globalization;
using System.Text.Json;
using ArFlow.Data.Entities;
using ArFlow.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Data.Audit;

/// <summary>Appends audit records to the chain and says what of a record the chain covers.</summary>
public static class AuditChain
{
    /// <summary>Every field of the record but its hashes, in a fixed order and an unambiguous form.</summary>
    public static string Content(AuditRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return JsonSerializer.Serialize(new object?[]
        {
            r.Id, Micros(r.At).ToString(CultureInfo.InvariantCulture), r.Actor, r.Channel, r.Source, r.Action,
            r.Entity, r.EntityId, r.CustomerId, r.Before, r.After,
        });
    }

    /// <summary>Microseconds since 0001-01-01 UTC: what both databases keep of an instant.</summary>
    public static long Micros(DateTimeOffset at) => at.UtcTicks / 10;

    public static DateTimeOffset ToMicros(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>Gives the records their ids and links after the current head and adds them to the
    /// context. The caller holds the chain lock and saves.</summary>
    public static async Task AddAsync(ArFlowDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return;
        var head = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Hash }).FirstOrDefaultAsync(ct);
        var id = head?.Id ?? 0;
        var previous = head?.Hash ?? HashChain.Genesis.ToArray();
        foreach (var r in records)
        {
            r.Id = ++id;
            r.At = ToMicros(r.At);
            r.PreviousHash = previous;
            r.Hash = previous = HashChain.Link(previous, Content(r));
            db.AuditRecords.Add(r);
        }
    }
}
