namespace ArFlow.Domain.Reconciliation;

/// <summary>A balance on a bank statement: signed (negative = debit balance), on a day.</summary>
public sealed record BankBalance(DateOnly Date, decimal Amount, string Currency);

/// <summary>One movement on a bank statement. <see cref="Amount"/> is signed from the account
/// holder's side (a receipt is positive). <see cref="Details"/> is the remittance text as the bank
/// gave it (lines kept); the counterparty and references are what the format names explicitly.
/// <see cref="SourceLine"/>: where the movement starts in the file (a line, or the entry's number in XML).</summary>
public sealed record BankLine(
    int SourceLine, DateOnly ValueDate, DateOnly BookingDate, decimal Amount, string Currency, string Details,
    string? CounterpartyName = null, string? CounterpartyAccount = null, string? EndToEndId = null, string? BankReference = null,
    string? TypeCode = null, bool Reversal = false);

/// <summary>One statement (or notification, or interim report) of one account: its balances, when the
/// format carries them, and its movements.</summary>
public sealed record BankStatement(
    string Format, string? StatementId, string? Sequence, string Account, string Currency,
    BankBalance? Opening, BankBalance? Closing, IReadOnlyList<BankLine> Lines)
{
    /// <summary>Opening + movements − closing: 0 when the statement adds up; null when it carries no
    /// balances (an interim report, a notification).</summary>
    public decimal? Discrepancy => Opening is null || Closing is null ? null : Opening.Amount + Lines.Sum(l => l.Amount) - Closing.Amount;

    public bool AddsUp => Discrepancy is null or 0m;
}
