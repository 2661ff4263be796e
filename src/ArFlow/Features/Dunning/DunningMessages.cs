using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Collections;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Dunning;

/// <summary>Words a reminder when it is sent: its items are read again (paid, credited, disputed or
/// promised meanwhile drops them; nothing left withdraws the message), under the policy as it is
/// now. A hard bounce marks the contact's address refused and gives the collector a task.</summary>
public sealed class DunningMessages(ArFlowOptions options, Clock clock) : IOutboxComposer
{
    public const string Paused = "dunning.withdrawn.paused";
    public const string NothingDue = "dunning.withdrawn.nothing_due";
    public const string StepRemoved = "dunning.withdrawn.step_removed";

    public bool Handles(OutboxMessage message) => message?.DunningActionId is not null;

    public async Task<ComposedMessage> ComposeAsync(ArFlowDbContext db, OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var now = await NowAsync(db, message.DunningActionId!.Value, ct);
        if (now.Withdrawn is { } why) return ComposedMessage.Withdrawn(why);
        var (subject, body) = DunningTemplates.Render(now.Step!.TemplateFor(now.Language), now.Data!);
        if (!now.Step.AttachLetter || message.Channel != OutboxChannels.Email) return new ComposedMessage(subject, body);
        return new ComposedMessage(subject, body, Attachments: [Letter(now)]);
    }

    /// <summary>What an action asks for as things stand: its step under the policy now and the data
    /// its words are made from, or why nothing is to be sent (paused, step removed, nothing due).</summary>
    private sealed record Now(string? Withdrawn, DunningStep? Step = null, TemplateData? Data = null, string Language = "", string Reference = "");

    private async Task<Now> NowAsync(ArFlowDbContext db, long actionId, CancellationToken ct)
    {
        var action = await db.DunningActions.AsNoTracking().Include(a => a.Items).SingleAsync(a => a.Id == actionId, ct);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Id == action.CustomerId, ct);
        var today = clock.Today;
        if (customer.PausedUntil >= today) return new Now(Paused);
        var (policies, _) = await DunningSettings.LoadAsync(db, ct);
        var step = (policies.Find(action.Policy) ?? policies.For(customer.DunningPolicy, customer.Grade?.ToString())).Steps.FirstOrDefault(s => s.Offset == action.StepOffset);
        if (step is null) return new Now(StepRemoved);
        var due = await DueNowAsync(db, customer.Id, action.Items.Select(i => i.ItemId).ToHashSet(), ct);
        if (due.Count == 0) return new Now(NothingDue);
        var contact = customer.Contacts.FirstOrDefault(c => c.Id == action.ContactId);
        var data = new TemplateData(customer.Code, customer.Name, customer.Collector, customer.Owner, contact?.Name, contact?.Email, contact?.Phone,
            due, options.Dunning.CompanyName, options.Dunning.PaymentInstructions.GetValueOrDefault(action.Language), null, today, step.Offset);
        return new Now(null, step, data, action.Language, $"{customer.Code}-{action.RunDate:yyyyMMdd}-{action.Id}");
    }

    private MessageAttachment Letter(Now now) =>
        new($"letter-{now.Reference}.pdf", "application/pdf", DunningLetter.Render(now.Data!, now.Language, now.Reference, options.Dunning.LetterFont));

    /// <summary>The formal letter of an action (a letter task's print-and-post, or the letter an email
    /// carries) drawn from the balance now; a reason instead when there is nothing left to ask for.</summary>
    public async Task<(MessageAttachment? Letter, string? Withdrawn)> LetterAsync(ArFlowDbContext db, long actionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = await NowAsync(db, actionId, ct);
        return now.Withdrawn is { } why ? (null, why) : (Letter(now), null);
    }

    /// <summary>The action's items as they stand: what may still be asked for on each (open, less
    /// disputed, less what the customer's open promises cover, oldest first over all its open items).</summary>
    private async Task<List<TemplateInvoice>> DueNowAsync(ArFlowDbContext db, long customerId, HashSet<long> ids, CancellationToken ct)
    {
        var open = await (
            from o in db.OpenItems
            join d in db.Documents on o.ItemId equals d.Id
            where o.CustomerId == customerId && o.Side == ItemSide.Debit && o.Open > 0m
            select new
            {
                o.ItemId, Number = d.Number ?? "", d.DocumentDate, o.DueDate, o.Original, o.Open, o.Currency,
                Disputed = db.Disputes.Where(x => x.DocumentId == o.ItemId && x.Status == DisputeStatus.Open).Sum(x => (decimal?)x.Amount) ?? 0m,
                InPlan = db.RepaymentPlanItems.Any(p => p.ItemId == o.ItemId && db.RepaymentPlans.Any(x => x.Id == p.PlanId && x.Status == RepaymentPlanStatus.Active)),
            }).AsNoTracking().ToListAsync(ct);
        var promised = await db.Promises.AsNoTracking().Where(p => p.CustomerId == customerId && p.Status == PromiseStatus.Open)
            .GroupBy(p => p.Currency).Select(g => new { Currency = g.Key, Amount = g.Sum(p => p.Amount) }).ToDictionaryAsync(p => p.Currency, p => p.Amount, ct);
        var amounts = DunningPlan.Dunnable(open.Select(o => new DunningItem(o.ItemId, o.Currency, o.DueDate, o.Open, o.Disputed, InKeptPlan: o.InPlan)), promised)
            .ToDictionary(x => x.Item.ItemId, x => x.Amount);
        return open.Where(o => ids.Contains(o.ItemId) && amounts[o.ItemId] > 0m).OrderBy(o => o.DueDate).ThenBy(o => o.ItemId)
            .Select(o => new TemplateInvoice(o.Number, o.DocumentDate, o.DueDate, o.Original, amounts[o.ItemId], o.Currency, clock.Today)).ToList();
    }

    public async Task RefusedAsync(ArFlowDbContext db, OutboxMessage message, string answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var action = await db.DunningActions.AsNoTracking().SingleAsync(a => a.Id == message.DunningActionId, ct);
        var contact = await db.CustomerContacts.IgnoreQueryFilters().SingleOrDefaultAsync(c => c.Id == action.ContactId, ct);
        var email = message.Channel == OutboxChannels.Email;
        if (email && contact is not null && string.Equals(contact.Email, message.Target, StringComparison.OrdinalIgnoreCase))
            (contact.EmailRefusedAt, contact.EmailRefusal) = (clock.Now, answer.Length > 500 ? answer[..500] : answer);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == action.CustomerId).Select(c => new { c.Collector, c.Owner }).SingleAsync(ct);
        db.CollectionTasks.Add(new CollectionTask
        {
            CustomerId = action.CustomerId, DunningActionId = action.Id, Channel = action.Channel, Actor = DunningActor.Collector,
            AssignedTo = customer.Collector ?? customer.Owner, DueOn = clock.Today, Status = CollectionTaskStatus.Open, Reason = email ? DunningRun.EmailRefused : DunningRun.SmsRefused, CreatedAt = clock.Now,
        });
        await db.SaveChangesAsync(ct);
    }
}
