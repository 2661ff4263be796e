using System.Security.Claims;
using System.Threading.Channels;
using ArFlow.Data;
using ArFlow.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Infrastructure.Access;

/// <summary>Every request made with an API key, refused ones included, goes into api_key_uses. The
/// request only queues its row; this service writes the queue in batches (a key's read must not
/// wait for the database's writer), at the latest when the server stops.</summary>
public sealed class ApiKeyUseLog(IDbContextFactory<ArFlowDbContext> databases, TimeProvider time, ILogger<ApiKeyUseLog> log) : BackgroundService
{
    /// <summary>The claim with the key's id on a key's sign-in.</summary>
    public const string KeyIdClaim = "arflow:api-key-id";

    private const int Batch = 1000;
    private readonly Channel<ApiKeyUse> _queue = Channel.CreateUnbounded<ApiKeyUse>(new UnboundedChannelOptions { SingleReader = false });
    // Never disposed: the host may dispose this service before it stops it, and the last flush must still run.
    // (A SemaphoreSlim whose wait handle is never asked for holds nothing that needs disposing.)
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Add(long keyId, HttpContext http, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value ?? "/";
        _queue.Writer.TryWrite(new ApiKeyUse
        {
            KeyId = keyId, At = time.GetUtcNow(), Method = http.Request.Method, Path = path.Length > 400 ? path[..400] : path,
            Status = status, Address = http.Connection.RemoteIpAddress?.ToString(),
        });
    }

    /// <summary>After the response: a request made with a key, whatever its outcome.</summary>
    public async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next();
        }
        finally
        {
            if (KeyIdOf(http.User) is { } id) Add(id, http, http.Response.StatusCode);
        }
    }

    public static long? KeyIdOf(ClaimsPrincipal user) =>
        long.TryParse(user?.FindFirst(KeyIdClaim)?.Value, out var id) ? id : null;

    /// <summary>Writes what is queued now (and waits for a batch being written).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var rows = new List<ApiKeyUse>();
            while (_queue.Reader.TryRead(out var use))
            {
                rows.Add(use);
                if (rows.Count < Batch) continue;
                await WriteAsync(rows, ct);
                rows.Clear();
            }
            if (rows.Count > 0) await WriteAsync(rows, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(List<ApiKeyUse> rows, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        db.ApiKeyUses.AddRange(rows);
        await db.SaveChangesAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                try { await FlushAsync(stoppingToken); }
                catch (DbUpdateException ex)
                {
                    // A key deleted with its user takes its uses along; the rest is written next round.
                    if (log.IsEnabled(LogLevel.Warning)) log.LogWarning(ex, "Writing API key uses failed");
                }
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException ex)
        {
            // The host tore the services down first: say what could not be written rather than fail the shutdown.
            if (log.IsEnabled(LogLevel.Warning)) log.LogWarning(ex, "{Count} API key uses could not be written at shutdown", _queue.Reader.Count);
        }
    }
}
