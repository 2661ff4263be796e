using ArFlow.Domain.Approvals;

namespace ArFlow.Data.Entities;

/// <summary>A sensitive change waiting for (or past) its approval. Nothing changes until enough
/// approvers say yes; then the change in <see cref="Payload"/> runs once, provided what it was based
/// on (<see cref="Before"/>) still holds.</summary>
public sealed class ApprovalRequest
{
    public long Id { get; set; }
    /// <summary>write-off, refund, reversal, credit-terms, role-change…</summary>
    public required string Action { get; set; }
    public ApprovalStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public required string Reason { get; set; }
    /// <summary>What a person reads in the inbox: a document number, a customer, a user.</summary>
    public required string Subject { get; set; }
    public long? CustomerId { get; set; }
    public long? DocumentId { get; set; }
    /// <summary>The amount the thresholds were applied to, in the base currency.</summary>
    public decimal? Amount { get; set; }
    /// <summary>JSON of the request that runs on approval.</summary>
    public required string Payload { get; set; }
    /// <summary>JSON of the state the request was made against; approval re-reads it and refuses
    /// when it differs (the request is stale).</summary>
    public required string Before { get; set; }
    /// <summary>JSON of what would change.</summary>
    public required string After { get; set; }
    public int RequiredApprovers { get; set; }
    /// <summary>Comma-separated roles any approver must hold one of.</summary>
    public required string RequiredRoles { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The document the approved change posted, if it posted one.</summary>
    public long? ResultDocumentId { get; set; }
    public int Version { get; set; }
    public List<ApprovalDecisionRow> Decisions { get; set; } = [];
    public List<ApprovalAttachment> Attachments { get; set; } = [];

    public ApprovalRequirement Requirement => new(RequiredApprovers, RequiredRoles.Split(',', StringSplitOptions.RemoveEmptyEntries));
}

public sealed class ApprovalDecisionRow
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Approve { get; set; }
    public string? Comment { get; set; }
}

/// <summary>A file that supports a request (the customer's bankruptcy notice, a court ruling).</summary>
public sealed class ApprovalAttachment
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public required byte[] Sha256 { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}
