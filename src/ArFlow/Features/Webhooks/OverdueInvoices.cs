using System.Globalization;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Webhooks;

/// <summary>invoice.overdue: once a day has passed an invoice's (or charge's) due date with money
/// still open, subscribers hear of it once. A mark keeps the last due date announced, so a restart
/// neither repeats nor skips; a first run announces only what fell due yesterday, not all history.</summary>
public sealed class OverdueInvoices(IServiceProvider services, ILogger<OverdueInvoices> log) : BackgroundService
{
    private const string Mark = "webhooks.invoice-overdue";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every quarter of an hour, the first a quarter after start: a day's overdue items are announced early that day.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15), TimeProvider.System);
        while (await Next(timer, stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await AnnounceAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), scope.ServiceProvider.GetRequiredService<Clock>(), stoppingToken);
            }
            catch (DbUpdateException ex)
            {
                if (log.IsEnabled(LogLevel.Warning)) log.LogWarning(ex, "Announcing overdue invoices failed; the next round tries again");
            }
        }
    }

    private static async Task<bool> Next(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Queues the calls for every item that fell due since the mark and is still open; returns how many.</summary>
    public static async Task<int> AnnounceAsync(ArFlowDbContext db, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var yesterday = clock.Today.AddDays(-1);
        var result = await db.WriteAsync<int>(async () =>
        {
            // Several instances take turns (SQLite's writer lock does this by itself), so each day is announced once.
            if (db.Engine == DatabaseEngine.Postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4212002)", ct);
            var mark = await db.JobMarks.SingleOrDefaultAsync(m => m.Name == Mark, ct);
            var first = mark is null ? yesterday : DateOnly.ParseExact(mark.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1);
            if (first > yesterday) return 0;
            var overdue = await (
                from o in db.OpenItems
                join d in db.Documents on o.ItemId equals d.Id
                join c in db.Customers on o.CustomerId equals c.Id
                where o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate >= first && o.DueDate <= yesterday
                orderby o.DueDate, o.ItemId
                select new { DocumentId = d.Id, d.Kind, CustomerCode = c.Code, d.Number, o.DueDate, o.Currency, o.Original, o.Open })
                .AsNoTracking().ToListAsync(ct);
            await WebhookEvents.RaiseAsync(db, WebhookEvents.InvoiceOverdue, overdue.Select(item => (object)new
            {
                item.DocumentId, Kind = Check.Kebab(item.Kind.ToString()), item.CustomerCode, item.Number, item.DueDate, item.Currency,
                item.Original, item.Open, DaysOverdue = clock.Today.DayNumber - item.DueDate.DayNumber,
            }).ToList(), clock, ct);
            if (mark is null) db.JobMarks.Add(new JobMark { Name = Mark, Value = Day(yesterday) });
            else mark.Value = Day(yesterday);
            await db.SaveChangesAsync(ct);
            return overdue.Count;
        }, ct);
        return result.ValueOrThrow();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
