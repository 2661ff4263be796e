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
