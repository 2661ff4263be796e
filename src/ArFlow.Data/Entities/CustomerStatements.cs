namespace ArFlow.Data.Entities;

/// <summary>A statement of account (对账单) as issued to a customer: the PDF exactly as sent and its
/// SHA-256, the closing balances it states (JSON [{ currency, closing }]), and what the customer
/// answered: <c>issued</c>, <c>confirmed</c> or <c>disputed</c>. The PDF is written once.</summary>
public sealed class IssuedStatement
{
    public long Id { get; set; }
    public required string Number { get; set; }
    public long CustomerId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public required string Language { get; set; }
    public required string Balances { get; set; }
    public required byte[] Pdf { get; set; }
    public required string PdfSha256 { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedBy { get; set; }
    /// <summary>yyyy-MM when the monthly run issued it: one per customer and month.</summary>
    public string? RunMonth { get; set; }
    public string? SentTo { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
}

/// <summary>A link to the portal for one statement of one customer. The token in the link is this row's
/// id, signed; the row decides whether it still opens (<see cref="ExpiresAt"/>, <see cref="RevokedAt"/>).</summary>
public sealed class PortalLink
{
    public long Id { get; set; }
    public long StatementId { get; set; }
    public long CustomerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>What a customer answered through the portal, written once and never changed: a
/// confirmation of the balance (name, position, drawn signature) or a disputed line (the dispute it
/// opened, reason, comment, an attached file), with the time, address and browser, and the SHA-256
/// (<see cref="Seal"/>) of all of it together with the PDF as sent.</summary>
public sealed class StatementReply
{
    public long Id { get; set; }
    public long StatementId { get; set; }
    public long CustomerId { get; set; }
    public long LinkId { get; set; }
    /// <summary>confirmed or disputed.</summary>
    public required string Kind { get; set; }
    public required string SignerName { get; set; }
    public string? SignerPosition { get; set; }
    /// <summary>The drawn signature as PNG (confirmations).</summary>
    public byte[]? Signature { get; set; }
    public long? DisputeId { get; set; }
    public string? Comment { get; set; }
    public string? FileName { get; set; }
    public string? FileType { get; set; }
    public byte[]? File { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Ip { get; set; }
    public required string UserAgent { get; set; }
    public required string Seal { get; set; }
}
