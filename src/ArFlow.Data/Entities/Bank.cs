namespace ArFlow.Data.Entities;

/// <summary>A bank statement as imported: where it came from (the file, its SHA-256, who and when),
/// its account and balances, and whether it added up (<see cref="Discrepancy"/>: opening + movements −
/// closing; null when the format carries no balances).</summary>
public sealed class BankStatementRecord
{
    public long Id { get; set; }
    public required string Format { get; set; }
    public string? StatementId { get; set; }
    public string? Sequence { get; set; }
    public required string Account { get; set; }
    public required string Currency { get; set; }
    public DateOnly? OpeningDate { get; set; }
    public decimal? Opening { get; set; }
    public DateOnly? ClosingDate { get; set; }
    public decimal? Closing { get; set; }
    public decimal? Discrepancy { get; set; }
    public required string FileName { get; set; }
    public required string FileSha256 { get; set; }
    /// <summary>Movements added, and those already imported from an earlier file (not added again).</summary>
    public int Added { get; set; }
    public int Duplicates { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
}

/// <summary>One movement of an imported statement. <see cref="Fingerprint"/> (unique) is what makes
/// importing the same movement twice add nothing: account, days, amount, references, counterparty and
/// text, and its place among identical movements of its statement.</summary>
public sealed class BankLineRecord
{
    public long Id { get; set; }
    public long StatementId { get; set; }
    public int SourceLine { get; set; }
    public required string Account { get; set; }
    public DateOnly BookingDate { get; set; }
    public DateOnly ValueDate { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public required string Details { get; set; }
    public string? CounterpartyName { get; set; }
    public string? CounterpartyAccount { get; set; }
    public string? EndToEndId { get; set; }
    public string? BankReference { get; set; }
    public string? TypeCode { get; set; }
    public bool Reversal { get; set; }
    public required string Fingerprint { get; set; }
}

/// <summary>What cash application proposed for a credit on a statement, and what became of it:
/// <c>proposed</c> (waits in the review queue), <c>posted</c> (a receipt was made: <see cref="ReceiptId"/>),
/// or <c>unmatched</c>. <see cref="Allocations"/>: JSON [{ itemId, amount }]; <see cref="ConfidencePerMille"/>: 0–1000.</summary>
public sealed class BankMatch
{
    public long Id { get; set; }
    public long LineId { get; set; }
    public long? CustomerId { get; set; }
    public required string Allocations { get; set; }
    public decimal Unapplied { get; set; }
    public int ConfidencePerMille { get; set; }
    public required string Reasons { get; set; }
    public required string Status { get; set; }
    public long? ReceiptId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? By { get; set; }
}

/// <summary>A bank account a customer paid from (normalized: letters and digits), learnt when a
/// person or the matcher posted its payment: the next credit from it is that customer's.</summary>
public sealed class BankPayerAccount
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Account { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public required string LinkedBy { get; set; }
}
