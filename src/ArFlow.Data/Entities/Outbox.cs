namespace ArFlow.Data.Entities;

/// <summary>A message to send after the transaction that wrote it commits: an email or a webhook
/// call. Written with the change it reports, so a change is never without its notice; the sender
/// retries with back-off and keeps the attempts here as the delivery log.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>email or webhook.</summary>
    public required string Channel { get; set; }
    /// <summary>The event, e.g. approval.requested or receipt.posted.</summary>
    public required string Topic { get; set; }
    /// <summary>An email address or a URL.</summary>
    public required string Target { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>Set after the last attempt when it will not be tried again.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>For a webhook call: the subscription whose secret signs it (at each attempt, so a
    /// rotated secret applies to retries too).</summary>
    public long? SubscriptionId { get; set; }
    /// <summary>For a reminder: the dunning action, whose items are read again when it is sent.</summary>
    public long? DunningActionId { get; set; }
    /// <summary>For a statement of account: the issued statement whose PDF (as issued) the email carries.</summary>
    public long? StatementId { get; set; }
    /// <summary>For the monthly evaluation report: the kept report whose PDF and workbook the email carries.</summary>
    public long? MonthlyReportId { get; set; }
    /// <summary>Set with <see cref="GaveUpAt"/> when the receiving server refused the address for good.</summary>
    public bool Bounced { get; set; }
    /// <summary>Set with <see cref="GaveUpAt"/> when nothing was left to send (a reminder whose invoices were paid meanwhile).</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>One attempt to send an outbox message: the delivery log.</summary>
public sealed class OutboxAttempt
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>"HTTP 200", "250 OK" or the error.</summary>
    public required string Result { get; set; }
    public int DurationMs { get; set; }
}

/// <summary>Another system's address to which ArFlow posts events (receipt.posted, invoice.overdue…),
/// each call signed with HMAC-SHA256 under the subscription's secret.</summary>
public sealed class WebhookSubscription
{
    public long Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The shared secret, shown once when the subscription is made; never in the audit trail.</summary>
    public required string Secret { get; set; }
    /// <summary>Comma-separated event names, or * for all.</summary>
    public required string Events { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public int Version { get; set; }
}

/// <summary>Where a periodic job got to (e.g. the last due date whose overdue invoices were announced),
/// so that a restart neither repeats nor skips.</summary>
public sealed class JobMark
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
