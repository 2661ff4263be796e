namespace ArFlow.Domain.Ledger;

/// <summary>One line of the append-only ledger. <see cref="Amount"/> is signed from the company's
/// point of view: positive raises what the customer owes, negative lowers it. Every entry belongs to
/// exactly one open item (<see cref="ItemId"/>), which is how balances and ageing of any date are
/// derived from the same rows.</summary>
public readonly record struct LedgerEntry(long ItemId, DateOnly PostedDate, decimal Amount);
