using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Audit;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Audit;

/// <summary>The heads of both chains at one moment. Kept outside the database (a file, the log), an
/// anchor shows when records at the end were cut off, which a chain alone cannot.</summary>
public sealed record Anchor(DateTimeOffset At, long AuditId, string AuditHash, long LedgerId, string LedgerHash);

public static class AuditAnchors
{
    /// <summary>Where anchors go: the configured file, else beside the SQLite file, else (PostgreSQL)
    /// a file named after the server and database in the data folder.</summary>
    public static string FileFor(ArFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AuditAnchorFile)) return options.AuditAnchorFile;
        var location = DatabaseLocation.Parse(options.Database);
        if (location.SqliteFile is { } file) return file + ".anchors.jsonl";
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        return Path.Combine("data", $"audit-anchors-{pg.Host}-{pg.Port}-{pg.Database}.jsonl");
    }

    public static async Task<Anchor> HeadsAsync(ArFlowDbContext db, DateTimeOffset at, CancellationToken ct)
    {
        var audit = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Hash }).FirstOrDefaultAsync(ct);
        var (ledgerId, ledgerHash) = await LedgerSeal.HeadAsync(db, ct);
        return new Anchor(at, audit?.Id ?? 0, Convert.ToHexStringLower(audit?.Hash ?? new byte[32]), ledgerId, Convert.ToHexStringLower(ledgerHash));
    }

    /// <summary>Appends the current heads to the anchor file and the log, unless they are what the
    /// file's last anchor already says. Returns the anchor written, or null.</summary>
    public static async Task<Anchor?> WriteAsync(ArFlowDbContext db, string file, ILogger log, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(log);
        var anchor = await HeadsAsync(db, now, ct);
        var anchors = await ReadAsync(file, ct);
        var last = anchors.Count > 0 ? anchors[^1] : null;
        if (last is not null && last.AuditId == anchor.AuditId && last.LedgerId == anchor.LedgerId) return null;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir) Directory.CreateDirectory(dir);
        await File.AppendAllTextAsync(file, JsonSerializer.Serialize(anchor, Cli.Json) + "\n", ct);
        if (log.IsEnabled(LogLevel.Information))
            log.LogInformation("Audit anchor: audit record {AuditId} {AuditHash}, ledger entry {LedgerId} {LedgerHash}",
            anchor.AuditId, anchor.AuditHash, anchor.LedgerId, anchor.LedgerHash);
        return anchor;
    }

    public static async Task<IReadOnlyList<Anchor>> ReadAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) return [];
        var lines = await File.ReadAllLinesAsync(file, ct);
        return lines.Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Anchor>(l, Cli.Json)!).ToList();
    }
}

/// <summary>Anchors the chains when the server starts, every <see cref="ArFlowOptions.AuditAnchorMinutes"/>
/// minutes while it runs (when something changed), and when it stops.</summary>
public sealed class AuditAnchorJob(IServiceProvider services, ArFlowOptions options, TimeProvider time, ILogger<AuditAnchorJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.AuditAnchorMinutes)), time);
        do await AnchorAsync(stoppingToken);
        while (await Wait(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await AnchorAsync(cancellationToken);
    }

    private static async Task<bool> Wait(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task AnchorAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            await AuditAnchors.WriteAsync(db, AuditAnchors.FileFor(options), log, time.GetUtcNow(), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException or InvalidOperationException)
        {
            // An anchor missed is logged and retried at the next tick; it must not stop the server.
            log.LogWarning(ex, "Could not write the audit anchor");
        }
    }
}
