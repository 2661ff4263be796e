using Microsoft.EntityFrameworkCore;

namespace ArFlow.Infrastructure;

/// <summary>A background job that runs at start and then every period, on instances that send the
/// outbox (<c>ArFlow:OutboxPollSeconds</c> above 0: tests and helper instances run jobs by hand).
/// A failed round is logged and the next one tries again; each job keeps its own marks and locks
/// so that several instances do its work once.</summary>
public abstract class PeriodicJob(IServiceProvider services, ArFlowOptions options, ILogger log, TimeSpan period) : BackgroundService
{
    protected abstract Task RunOnceAsync(IServiceProvider scope, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.OutboxPollSeconds <= 0) return;
        using var timer = new PeriodicTimer(period, TimeProvider.System);
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (DbUpdateException ex)
            {
                if (log.IsEnabled(LogLevel.Warning)) log.LogWarning(ex, "{Job} failed; the next round tries again", GetType().Name);
            }
        }
        while (await NextAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
