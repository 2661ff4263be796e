using System.Globalization;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Credit;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Credit;

/// <summary>The daily early-warning run: every customer not blocked is looked at today and 30 days
/// before; each rule that fires raises an alert unless one for the same customer and rule is still
/// being dealt with or was raised in the last 30 days. New alerts go to the customer's collector (or
/// owner) and, in one digest email a day, to them and the finance managers.</summary>
public static class CreditWarnings
{
    private const string Mark = "credit.warnings";
    private const int Window = 30;

    /// <summary>Runs for today unless it already ran today (<paramref name="force"/>: run anyway);
    /// answers the alerts it raised. The reading happens outside the write, which is short and
    /// checks the mark again, so instances running at once raise each alert once.</summary>
    public static async Task<IReadOnlyList<CreditAlertDto>> RunAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, CancellationToken ct, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var today = clock.Today;
        if (!force && await AlreadyRanAsync(db, today, ct)) return [];
        var rules = (await CreditSettings.WarningRulesAsync(db, ct)).Value;
        // Promises whose date passed unpaid become broken first, so today's run sees them.
        await Collections.Promises.SettleAllAsync(db, clock, ct);
        var fired = await EvaluateAsync(db, today, rules, options, ct);
        var raised = await db.WriteAsync<List<CreditAlert>>(async () =>
        {
            if (db.Engine == DatabaseEngine.Postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4212003)", ct);
            if (!force && await AlreadyRanAsync(db, today, ct)) return new List<CreditAlert>();
            var since = today.AddDays(-Window);
            var busy = (await db.CreditAlerts.IgnoreQueryFilters().Where(a => a.Status != AlertStatus.Closed || a.RaisedOn > since)
                .Select(a => new { a.CustomerId, a.Rule }).ToListAsync(ct)).Select(a => (a.CustomerId, a.Rule)).ToHashSet();
            var alerts = fired.Where(f => !busy.Contains((f.Customer.Id, f.Warning.Rule))).Select(f => new CreditAlert
            {
                CustomerId = f.Customer.Id, Rule = f.Warning.Rule, Args = JsonSerializer.Serialize(f.Warning.Args), RaisedOn = today,
                Status = AlertStatus.Open, AssignedTo = f.Customer.Collector ?? f.Customer.Owner,
            }).ToList();
            db.CreditAlerts.AddRange(alerts);
            var mark = await db.JobMarks.SingleOrDefaultAsync(m => m.Name == Mark, ct);
            if (mark is null) db.JobMarks.Add(new JobMark { Name = Mark, Value = Day(today) });
            else mark.Value = Day(today);
            await db.SaveChangesAsync(ct);
            await QueueDigestAsync(db, alerts, fired.Select(f => f.Customer).DistinctBy(c => c.Id).ToDictionary(c => c.Id), options, clock, ct);
            return alerts;
        }, ct);
        var customers = fired.Select(f => f.Customer).DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        return raised.ValueOrThrow().Select(a => CreditAlerts.Dto(a, customers[a.CustomerId].Code, customers[a.CustomerId].Name)).ToList();
    }

    private static async Task<bool> AlreadyRanAsync(ArFlowDbContext db, DateOnly today, CancellationToken ct) =>
        await db.JobMarks.AsNoTracking().SingleOrDefaultAsync(m => m.Name == Mark, ct) is { } mark
        && DateOnly.ParseExact(mark.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture) >= today;

    private sealed record Fired(Customer Customer, Warning Warning);

    private static async Task<List<Fired>> EvaluateAsync(ArFlowDbContext db, DateOnly today, WarningRules rules, ArFlowOptions options, CancellationToken ct)
    {
        var before = today.AddDays(-Window);
        var customers = await db.Customers.AsNoTracking().IgnoreQueryFilters().Where(c => c.Status != CustomerStatus.Blocked).OrderBy(c => c.Id).ToListAsync(ct);
        var scorecard = (await CreditSettings.LoadAsync(db, ct)).Scorecard;
        // The whole book read twice, set-based, rather than two credit files per customer.
        var now = await CreditBook.AsOfAsync(db, today, scorecard, ct);
        var then = await CreditBook.AsOfAsync(db, before, scorecard, ct);
        var openByCustomer = await OpenInBaseAsync(db, today, options, ct);
        var total = openByCustomer.Values.Sum();
        var broken = await db.Promises.IgnoreQueryFilters().Where(p => p.Status == PromiseStatus.Broken && p.SettledOn > before && p.SettledOn <= today)
            .GroupBy(p => p.CustomerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var fired = new List<Fired>();
        foreach (var customer in customers)
        {
            var (n, t) = (now[customer.Id], then[customer.Id]);
            var recent = n.LatestReport > before;
            var signals = new WarningSignals(
                n.Score.Grade, t.Score.Grade,
                n.OverdueRatio, t.OverdueRatio,
                n.Utilisation,
                broken.GetValueOrDefault(customer.Id),
                recent ? n.Lawsuits : null, recent ? n.LawsuitsBefore : null,
                n.Behaviour.Invoices == 0 ? null : n.Behaviour.AverageDaysLate, t.Behaviour.Invoices == 0 ? null : t.Behaviour.AverageDaysLate,
                total == 0m ? null : openByCustomer.GetValueOrDefault(customer.Id) / total,
                customer.NextReviewOn is { } review ? today.DayNumber - review.DayNumber : null);
            fired.AddRange(EarlyWarning.Evaluate(signals, rules).Select(w => new Fired(customer, w)));
        }
        return fired;
    }

    /// <summary>What each customer has open today in the base currency, at today's rates.</summary>
    private static async Task<Dictionary<long, decimal>> OpenInBaseAsync(ArFlowDbContext db, DateOnly today, ArFlowOptions options, CancellationToken ct)
    {
        var open = await db.OpenItems.AsNoTracking().IgnoreQueryFilters().Where(o => o.Side == ItemSide.Debit && o.Open > 0m)
            .GroupBy(o => new { o.CustomerId, o.Currency }).Select(g => new { g.Key.CustomerId, g.Key.Currency, Open = g.Sum(o => o.Open) }).ToListAsync(ct);
        var rates = new Dictionary<string, decimal>();
        foreach (var currency in open.Select(o => o.Currency).Distinct())
            rates[currency] = (await db.RateAsync(currency, today, options.Base, ct)) is { IsSuccess: true } r ? r.Value : 1m;
        return open.GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Sum(o => o.Open * rates[o.Currency]));
    }

    /// <summary>One email per person with an address: finance managers get every new alert, the
    /// people alerts are assigned to get theirs; in each one's language, with a link to the inbox.</summary>
    private static async Task QueueDigestAsync(ArFlowDbContext db, List<CreditAlert> alerts, Dictionary<long, Customer> customers, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        if (alerts.Count == 0) return;
        var assignees = alerts.Select(a => a.AssignedTo).OfType<string>().Distinct().ToArray();
        var people = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && (assignees.Contains(u.UserName!)
                || db.UserRoles.Any(l => l.UserId == u.Id && db.Roles.Any(r => r.Id == l.RoleId && r.Name == Roles.FinanceManager))))
            .Select(u => new { u.UserName, u.Email, u.Language, Manager = db.UserRoles.Any(l => l.UserId == u.Id && db.Roles.Any(r => r.Id == l.RoleId && r.Name == Roles.FinanceManager)) })
            .ToListAsync(ct);
        foreach (var person in people)
        {
            var theirs = alerts.Where(a => person.Manager || a.AssignedTo == person.UserName).ToList();
            if (theirs.Count == 0) continue;
            var culture = Text.Closest(person.Language);
            var lines = theirs.Select(a => $"- {customers[a.CustomerId].Code} {customers[a.CustomerId].Name}: {CreditAlerts.Message(a.Rule, a.Args, culture)}");
            db.Outbox.Add(new OutboxMessage
            {
                Channel = OutboxChannels.Email,
                Topic = "credit.alerts",
                Target = person.Email!,
                Subject = Text.Get(culture, "alert.mail.subject", theirs.Count, Day(clock.Today)),
                Body = Text.Get(culture, "alert.mail.body", string.Join("\n", lines), $"{options.PublicUrl.TrimEnd('/')}/credit/alerts"),
                CreatedAt = clock.Now,
                NextAttemptAt = clock.Now,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Runs the early warnings once a day; the mark and the lock make one instance raise each day's alerts.</summary>
public sealed class CreditWarningsJob(IServiceProvider services, ArFlowOptions options, ILogger<CreditWarningsJob> log)
    : PeriodicJob(services, options, log, TimeSpan.FromMinutes(15))
{
    protected override Task RunOnceAsync(IServiceProvider scope, CancellationToken ct) =>
        CreditWarnings.RunAsync(scope.GetRequiredService<ArFlowDbContext>(), scope.GetRequiredService<ArFlowOptions>(), scope.GetRequiredService<Clock>(), ct);
}
