using ArFlow.Domain.Collections;

namespace ArFlow.Data.Entities;

/// <summary>A customer's dispute (争议) over an invoice: how much, why, who owns it, and how it ended.</summary>
public sealed class Dispute
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long DocumentId { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DisputeReason Reason { get; set; }
    public DisputeStatus Status { get; set; }
    public DisputeResolution? Resolution { get; set; }
    public string? Owner { get; set; }
    public string? Note { get; set; }
    public DateOnly OpenedOn { get; set; }
    public required string OpenedBy { get; set; }
    public DateOnly? ResolvedOn { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolutionNote { get; set; }
    public int Version { get; set; }
}

/// <summary>A promise to pay (承诺付款): an amount by a date, given by someone at the customer and
/// recorded by a collector; kept or broken by what arrives (<see cref="PromiseKeeping"/>).</summary>
public sealed class PromiseToPay
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DateOnly PromisedFor { get; set; }
    public DateOnly RecordedOn { get; set; }
    public required string RecordedBy { get; set; }
    public string? PromisedBy { get; set; }
    public string? Note { get; set; }
    public PromiseStatus Status { get; set; }
    /// <summary>The day it was kept or broken.</summary>
    public DateOnly? SettledOn { get; set; }
    public int Version { get; set; }
}

/// <summary>What one dunning run did for one customer on one channel (催收动作): the step that worded
/// it, the contact and language it went to; the outbox message (email, SMS) or the task (call,
/// visit, letter, escalation, legal) it became points back to it.</summary>
public sealed class DunningAction
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public DateOnly RunDate { get; set; }
    public required string Policy { get; set; }
    public int StepOffset { get; set; }
    public DunningChannel Channel { get; set; }
    public DunningActor Actor { get; set; }
    public long? ContactId { get; set; }
    /// <summary>The address or number written to, for messages.</summary>
    public string? Target { get; set; }
    public required string Language { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<DunningActionItem> Items { get; set; } = [];
}

/// <summary>An item in a dunning action at its step. Unique per item and step: the claim that makes a
/// step happen once for an item however often or on however many instances the run repeats.</summary>
public sealed class DunningActionItem
{
    public long Id { get; set; }
    public long ActionId { get; set; }
    public long ItemId { get; set; }
    public int StepOffset { get; set; }
    /// <summary>What the run found it could ask for (open, less disputed, less promised).</summary>
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
}

public enum CollectionTaskStatus { Open, Done, Cancelled }

/// <summary>Work for a collector or a manager (催收任务): a call, a visit, a letter to post, an
/// escalation, a hand-over to legal, or a message that could not be delivered.</summary>
public sealed class CollectionTask
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    /// <summary>The dunning action that made it; null for a task a person made.</summary>
    public long? DunningActionId { get; set; }
    public DunningChannel Channel { get; set; }
    public DunningActor Actor { get; set; }
    /// <summary>The collector (or owner) the task is given to; null for a manager's task, which any finance manager takes.</summary>
    public string? AssignedTo { get; set; }
    public DateOnly DueOn { get; set; }
    public CollectionTaskStatus Status { get; set; }
    /// <summary>Why the task exists when not simply its step: e.g. "email-refused".</summary>
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? Outcome { get; set; }
    public int Version { get; set; }
}

/// <summary>A collection activity (催收记录): a call with its outcome, an email, SMS, visit, letter or
/// note, time-stamped, by whom, about which invoices; files attached to it as evidence.</summary>
public sealed class CollectionActivity
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public ActivityKind Kind { get; set; }
    public CallOutcome? Outcome { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    /// <summary>The task it closed, if any.</summary>
    public long? TaskId { get; set; }
    public List<CollectionActivityItem> Items { get; set; } = [];
}

public sealed class CollectionActivityItem
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public long ItemId { get; set; }
}

public sealed class CollectionActivityFile
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public required byte[] Sha256 { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
}

/// <summary>Late interest charged on an invoice: the charge document that carries it, up to which day,
/// and — when a dunning step charged it — the step, unique per invoice so a step charges once.</summary>
public sealed class InterestCharge
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public long ChargeDocumentId { get; set; }
    public int? StepOffset { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DateOnly AsOf { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A repayment plan (分期还款 / restructuring): installments agreed for some of a customer's
/// overdue invoices; while it is kept, those invoices are held out of dunning.</summary>
public sealed class RepaymentPlan
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Currency { get; set; }
    public decimal Total { get; set; }
    public DateOnly StartOn { get; set; }
    public RepaymentPlanStatus Status { get; set; }
    /// <summary>The day it was completed, broken or cancelled.</summary>
    public DateOnly? EndedOn { get; set; }
    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<RepaymentInstallment> Installments { get; set; } = [];
    public List<RepaymentPlanItem> Items { get; set; } = [];
}

public sealed class RepaymentInstallment
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public int Sequence { get; set; }
    public DateOnly DueOn { get; set; }
    public decimal Amount { get; set; }
    public PromiseStatus Status { get; set; }
    public DateOnly? SettledOn { get; set; }
}

public sealed class RepaymentPlanItem
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public long ItemId { get; set; }
}
