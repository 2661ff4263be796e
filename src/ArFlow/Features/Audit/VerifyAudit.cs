using ArFlow.Data;
using ArFlow.Data.Audit;
using ArFlow.Data.Entities;
using ArFlow.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Audit;

/// <summary>Walks the audit trail and the ledger from their first record to their last and checks
/// every hash, then the anchors kept outside the database. Finds an edited, removed, inserted or
/// moved record (the first one, by id) and records cut off the end.</summary>
public static class VerifyAudit
{
    public sealed record ChainReport(long Verified, long LastId, long? FaultId, string? Fault);

    public sealed record Report(bool Ok, ChainReport Audit, ChainReport Ledger, int AnchorsChecked, string AnchorFile);

    public static async Task<Report> Handle(ArFlowDbContext db, string anchorFile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var anchors = await AuditAnchors.ReadAsync(anchorFile, ct);

        var audit = new ChainWalk();
        var auditAnchors = anchors.GroupBy(a => a.AuditId).ToDictionary(g => g.Key, g => g.Last().AuditHash);
        await foreach (var r in db.AuditRecords.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
            if (!audit.Step(r.Id, r.PreviousHash, r.Hash, AuditChain.Content(r)) || !Anchored(audit, auditAnchors, r.Id, r.Hash)) break;

        var ledger = new ChainWalk();
        var ledgerAnchors = anchors.GroupBy(a => a.LedgerId).ToDictionary(g => g.Key, g => g.Last().LedgerHash);
        var rows = db.LedgerEntries.IgnoreQueryFilters().AsNoTracking()
            .Join(db.Documents.IgnoreQueryFilters().AsNoTracking(), e => e.DocumentId, d => d.Id, (e, d) => new { e, d })
            .OrderBy(x => x.e.Id);
        await foreach (var x in rows.AsAsyncEnumerable().WithCancellation(ct))
            if (!ledger.Step(x.e.Id, x.e.Hash ?? [], LedgerSeal.Content(x.e, x.d)) || !Anchored(ledger, ledgerAnchors, x.e.Id, x.e.Hash!)) break;
        // An entry whose document is gone drops out of the join above; its successor then fails to link.

        var auditReport = Close(audit, anchors.Count == 0 ? 0 : anchors.Max(a => a.AuditId));
        var ledgerReport = Close(ledger, anchors.Count == 0 ? 0 : anchors.Max(a => a.LedgerId));
        var ok = auditReport.FaultId is null && ledgerReport.FaultId is null;
        db.Record("audit.verified", after: new { ok, audit = auditReport, ledger = ledgerReport, anchors = anchors.Count });
        await db.SaveChangesAsync(ct);
        return new Report(ok, auditReport, ledgerReport, anchors.Count, anchorFile);
    }

    private static bool Anchored(ChainWalk walk, Dictionary<long, string> anchors, long id, byte[] hash)
    {
        if (!anchors.TryGetValue(id, out var expected) || expected == Convert.ToHexStringLower(hash)) return true;
        walk.Break(id, ChainBreak.AnchorMismatch);
        return false;
    }

    /// <summary>The walk's result; an anchor beyond the last record means the end was cut off.</summary>
    private static ChainReport Close(ChainWalk walk, long lastAnchored)
    {
        if (walk.Fault is null && lastAnchored > walk.LastId) walk.Break(lastAnchored, ChainBreak.AnchorMismatch);
        return new ChainReport(walk.Count, walk.LastId, walk.Fault?.Id, walk.Fault is { } f ? Code(f.Break) : null);
    }

    public static string Code(ChainBreak b) => b switch
    {
        ChainBreak.ContentChanged => "audit.content_changed",
        ChainBreak.LinkBroken => "audit.link_broken",
        _ => "audit.anchor_mismatch",
    };
}
