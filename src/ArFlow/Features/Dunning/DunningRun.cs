using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Dunning;

public sealed record DunnedItemDto(string Number, DateOnly DueDate, int Step, decimal Amount, string Currency);

/// <summary>One action of a run: a message to a contact (email, SMS) or a task for a person.</summary>
public sealed record DunningActionDto(
    string CustomerCode, string Policy, int Step, string Channel, string Actor, string Language, string? Target, string? Task, string? AssignedTo,
    IReadOnlyList<DunnedItemDto> Items);

/// <summary>What a run did (or, dry, would do). <see cref="WorkingDay"/> false: the day is a weekend or a holiday and nothing was done.</summary>
public sealed record DunningRunResult(
    DateOnly Date, bool DryRun, bool WorkingDay, int Customers, int Items, int Messages, int Tasks, IReadOnlyList<DunningActionDto> Actions, int InterestCharges = 0);

/// <summary>The dunning run (催收运行): every open item's due step under its customer's policy,
/// less what is disputed, promised or paused, consolidated per customer and channel; each action is
/// written with its items (unique per item and step: the claim), and its outbox message or task,
/// in one transaction. Messages are worded when they are sent, from the balance at that moment.</summary>
public static class DunningRun
{
    /// <summary>Why a step became a task rather than a message.</summary>
    public const string NoEmail = "no-email";
    public const string NoPhone = "no-phone";
    public const string EmailRefused = "email-refused";
    public const string SmsRefused = "sms-refused";
    public const string Topic = "dunning.reminder";

    private sealed record Candidate(
        long ItemId, long CustomerId, string Number, string Currency, DateOnly DueDate, decimal Open, decimal Disputed, int? Last, bool InPlan);

    private sealed record CustomerRow(long Id, string Code, Domain.Customers.CustomerGrade? Grade, string? Policy, string? Collector, string? Owner);

    internal sealed record ContactRow(long Id, long CustomerId, string? Email, string? Phone, string? Language, bool Refused);

    private const string Mark = "dunning.run";

    /// <summary>A run for <paramref name="date"/>, by hand (the command line, the API): it may repeat; steps already done are skipped.</summary>
    public static async Task<DunningRunResult> RunAsync(ArFlowDbContext db, Clock clock, ArFlowOptions options, DateOnly date, bool dryRun, CancellationToken ct) =>
        (await RunCoreAsync(db, clock, options, date, dryRun, scheduled: false, ct))!;

    /// <summary>The daily run, once the configured time of day has come on the company's clock; null
    /// when it is not yet time or today's run already happened (here or on another instance).</summary>
    public static async Task<DunningRunResult?> RunScheduledAsync(ArFlowDbContext db, Clock clock, ArFlowOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (TimeOnly.FromDateTime(clock.Local(clock.Now).DateTime) < options.Dunning.RunTime) return null;
        return await RunCoreAsync(db, clock, options, clock.Today, dryRun: false, scheduled: true, ct);
    }

    private static async Task<DunningRunResult?> RunCoreAsync(
        ArFlowDbContext db, Clock clock, ArFlowOptions options, DateOnly date, bool dryRun, bool scheduled, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        var (policies, calendar) = await DunningSettings.LoadAsync(db, ct);
        // A dry run does exactly what the run does and undoes it, so it cannot tell a different story.
        if (dryRun) return (await db.DryRunAsync<DunningRunResult>(async () => await PlanAndWriteAsync(db, clock, options, policies, calendar, date, true, ct), ct)).ValueOrThrow();
        var result = await db.WriteAsync<DunningRunResult?>(async () =>
        {
            // Instances take turns; the day's mark (scheduled runs) and the unique (item, step) rows make each step happen once.
            if (db.Engine == DatabaseEngine.Postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4212004)", ct);
            if (scheduled)
            {
                var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var mark = await db.JobMarks.SingleOrDefaultAsync(m => m.Name == Mark, ct);
                if (mark?.Value == day) return (DunningRunResult?)null;
                if (mark is null) db.JobMarks.Add(new JobMark { Name = Mark, Value = day });
                else mark.Value = day;
                await db.SaveChangesAsync(ct);
            }
            return await PlanAndWriteAsync(db, clock, options, policies, calendar, date, false, ct);
        }, ct);
        // A clash on the claim means another instance did this run's work at the same moment: nothing is left to do.
        return result.IsSuccess ? result.Value : result.Errors.Any(e => e.Code == ErrorCodes.Conflict)
            ? scheduled ? null : new DunningRunResult(date, false, true, 0, 0, 0, 0, [])
            : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    private static async Task<DunningRunResult> PlanAndWriteAsync(
        ArFlowDbContext db, Clock clock, ArFlowOptions options, DunningPolicies policies, BusinessCalendar calendar, DateOnly date, bool dryRun, CancellationToken ct)
    {
        if (!calendar.IsBusinessDay(date)) return new DunningRunResult(date, dryRun, false, 0, 0, 0, 0, []);
        // Promises and plans broken by now no longer hold their invoices out: settle them first.
        await Collections.Promises.SettleAllAsync(db, clock, ct);
        await Collections.RepaymentPlans.SettleAllAsync(db, date, ct);
        var earliest = policies.Policies.SelectMany(p => p.Steps).Min(s => s.Offset);
        // An item can be at a step only once its due date plus the earliest offset has come.
        var horizon = date.AddDays(-earliest);
        var candidates = await (
            from o in db.OpenItems.IgnoreQueryFilters()
            join d in db.Documents.IgnoreQueryFilters() on o.ItemId equals d.Id
            where o.Side == ItemSide.Debit && o.Open > 0m && o.DueDate <= horizon
            select new Candidate(o.ItemId, o.CustomerId, d.Number ?? "", o.Currency, o.DueDate, o.Open,
                db.Disputes.Where(x => x.DocumentId == o.ItemId && x.Status == DisputeStatus.Open).Sum(x => (decimal?)x.Amount) ?? 0m,
                db.DunningActionItems.Where(x => x.ItemId == o.ItemId).Max(x => (int?)x.StepOffset),
                db.RepaymentPlanItems.Any(p => p.ItemId == o.ItemId && db.RepaymentPlans.Any(x => x.Id == p.PlanId && x.Status == RepaymentPlanStatus.Active))))
            .AsNoTracking().ToListAsync(ct);
        // The run works on the whole book, whoever started it.
        var customers = await db.Customers.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.PausedUntil == null || c.PausedUntil < date)
            .Select(c => new CustomerRow(c.Id, c.Code, c.Grade, c.DunningPolicy, c.Collector, c.Owner))
            .ToDictionaryAsync(c => c.Id, ct);
        var promised = (await db.Promises.AsNoTracking().Where(p => p.Status == PromiseStatus.Open)
                .GroupBy(p => new { p.CustomerId, p.Currency }).Select(g => new { g.Key.CustomerId, g.Key.Currency, Amount = g.Sum(p => p.Amount) }).ToListAsync(ct))
            .ToLookup(p => p.CustomerId);

        var planned = new List<(CustomerRow Customer, DunningPolicy Policy, PlannedAction Action)>();
        var shown = new Dictionary<long, (string Number, DateOnly DueDate)>();
        foreach (var group in candidates.GroupBy(c => c.CustomerId))
        {
            if (!customers.TryGetValue(group.Key, out var customer)) continue;
            var policy = policies.For(customer.Policy, customer.Grade?.ToString());
            foreach (var c in group) shown[c.ItemId] = (c.Number, c.DueDate);
            var promises = promised[group.Key].ToDictionary(p => p.Currency, p => p.Amount);
            var items = group.Select(c => new DunningItem(c.ItemId, c.Currency, c.DueDate, c.Open, c.Disputed, c.Last, c.InPlan));
            foreach (var action in DunningPlan.ForCustomer(policy, items, promises, date, calendar)) planned.Add((customer, policy, action));
        }

        var contacts = (await db.CustomerContacts.IgnoreQueryFilters().AsNoTracking()
                .Select(c => new ContactRow(c.Id, c.CustomerId, c.Email, c.Phone, c.Language, c.EmailRefusedAt != null)).ToListAsync(ct))
            .ToLookup(c => c.CustomerId);
        var sendAt = SendAt(clock, options, calendar);
        var dtos = new List<DunningActionDto>(planned.Count);
        var actions = new List<DunningAction>(planned.Count);
        var reasons = new List<string?>(planned.Count);
        foreach (var (customer, policy, action) in planned)
        {
            var step = action.Step;
            var (contact, reason) = Recipient(contacts[customer.Id], step.Channel);
            actions.Add(new DunningAction
            {
                CustomerId = customer.Id, RunDate = date, Policy = policy.Code, StepOffset = step.Offset, Channel = step.Channel, Actor = step.Actor,
                ContactId = contact?.Id, Target = !step.IsMessage || reason is not null ? null : step.Channel == DunningChannel.Sms ? contact?.Phone : contact?.Email,
                Language = contact?.Language ?? DunningPolicies.Chinese, CreatedAt = clock.Now,
                Items = action.Items.Select(i => new DunningActionItem { ItemId = i.Item.ItemId, StepOffset = i.Step.Offset, Amount = i.Amount, Currency = i.Item.Currency }).ToList(),
            });
            reasons.Add(reason);
        }
        await BulkDunning.NumberActionsAsync(db, actions, ct);
        var messages = new List<OutboxMessage>();
        var tasks = new List<CollectionTask>();
        for (var i = 0; i < actions.Count; i++)
        {
            var (row, reason, customer) = (actions[i], reasons[i], planned[i].Customer);
            string? assignedTo = null;
            if (row.Target is not null)
                messages.Add(new OutboxMessage
                {
                    Channel = row.Channel == DunningChannel.Sms ? OutboxChannels.Sms : OutboxChannels.Email, Topic = Topic, Target = row.Target,
                    Body = "", CreatedAt = clock.Now, NextAttemptAt = sendAt, DunningActionId = row.Id,
                });
            else
            {
                assignedTo = row.Actor == DunningActor.Manager ? null : customer.Collector ?? customer.Owner;
                tasks.Add(new CollectionTask
                {
                    CustomerId = customer.Id, DunningActionId = row.Id, Channel = row.Channel, Actor = row.Actor == DunningActor.System ? DunningActor.Collector : row.Actor,
                    AssignedTo = assignedTo, DueOn = date, Status = CollectionTaskStatus.Open, Reason = reason, CreatedAt = clock.Now,
                });
            }
            dtos.Add(new DunningActionDto(customer.Code, row.Policy, row.StepOffset, Check.Kebab(row.Channel.ToString()), Check.Kebab(row.Actor.ToString()), row.Language,
                row.Target, row.Target is null ? reason ?? Check.Kebab(row.Channel.ToString()) : null, assignedTo,
                row.Items.Select(x => new DunnedItemDto(shown[x.ItemId].Number, shown[x.ItemId].DueDate, x.StepOffset, x.Amount, x.Currency)).ToList()));
        }
        await BulkDunning.WriteAsync(db, actions, messages, tasks, ct);
        var charges = await ChargeInterestAsync(db, planned, date, options, clock, ct);
        return new DunningRunResult(date, dryRun, true, planned.Select(p => p.Customer.Id).Distinct().Count(), dtos.Sum(a => a.Items.Count), messages.Count, tasks.Count, dtos, charges);
    }

    /// <summary>Steps that charge interest charge it on each of their invoices (once per invoice and step), when the interest policy is on.</summary>
    private static async Task<int> ChargeInterestAsync(
        ArFlowDbContext db, List<(CustomerRow Customer, DunningPolicy Policy, PlannedAction Action)> planned, DateOnly date, ArFlowOptions options, Clock clock, CancellationToken ct)
    {
        var charging = planned.SelectMany(p => p.Action.Items.Where(i => i.Step.ChargeInterest).Select(i => (p.Customer.Id, i.Step.Offset, i.Item.ItemId))).ToList();
        if (charging.Count == 0 || !(await Collections.Interest.PolicyAsync(db, ct)).Value.On) return 0;
        var count = 0;
        foreach (var group in charging.GroupBy(c => (c.Id, c.Offset)))
        {
            var charged = await Collections.Interest.ChargeAsync(db, group.Key.Id, group.Select(c => c.ItemId).ToList(), date, group.Key.Offset, options, clock, ct);
            count += charged.ValueOrThrow().Count;
        }
        return count;
    }

    /// <summary>The contact a message goes to (the first entered with a usable address), or why there
    /// is none, and the step becomes a task for the collector.</summary>
    internal static (ContactRow? Contact, string? Reason) Recipient(IEnumerable<ContactRow> contacts, DunningChannel channel)
    {
        var all = contacts.OrderBy(c => c.Id).ToList();
        return channel switch
        {
            DunningChannel.Email => all.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email) && !c.Refused) is { } e ? (e, null)
                : (all.FirstOrDefault(), all.Any(c => c.Refused) ? EmailRefused : NoEmail),
            DunningChannel.Sms => all.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Phone)) is { } p ? (p, null) : (all.FirstOrDefault(), NoPhone),
            _ => (all.FirstOrDefault(), null),
        };
    }

    /// <summary>Now, or when the quiet hours (on the company's clock) end on a working day.</summary>
    private static DateTimeOffset SendAt(Clock clock, ArFlowOptions options, BusinessCalendar calendar)
    {
        var local = clock.Local(clock.Now);
        var allowed = options.Dunning.Quiet.NextAllowed(local.DateTime, calendar);
        if (allowed == local.DateTime) return clock.Now;
        var day = DateOnly.FromDateTime(allowed);
        return clock.StartOf(day) + allowed.TimeOfDay;
    }
}
