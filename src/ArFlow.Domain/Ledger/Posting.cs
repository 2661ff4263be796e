using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Ledger;

/// <summary>The entries each document posts, and the rules that keep every open item between zero
/// and its original amount on every date.</summary>
public static class Posting
{
    /// <summary>The single entry of a document that opens its own item: invoices and charges raise
    /// the balance, receipts and credit notes lower it.</summary>
    public static LedgerEntry Opening(DocumentKind kind, long itemId, DateOnly date, decimal amount)
    {
        if (amount <= 0m) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts are positive; the kind gives the sign.");
        return kind.OpensItem() switch
        {
            ItemSide.Debit => new(itemId, date, amount),
            ItemSide.Credit => new(itemId, date, -amount),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind opens no item."),
        };
    }

    /// <summary>Applies <paramref name="amount"/> of a receipt or credit note to an invoice or charge
    /// of the same customer and currency, as of <paramref name="date"/>.</summary>
    public static Result<LedgerEntry[]> Allocate(ItemHistory credit, ItemHistory debit, DateOnly date, decimal amount)
    {
        ArgumentNullException.ThrowIfNull(credit);
        ArgumentNullException.ThrowIfNull(debit);
        if (amount <= 0m) return new DomainError(ErrorCodes.AmountNotPositive, "amount");
        if (credit.Side != ItemSide.Credit) return new DomainError(ErrorCodes.NotAllocatable, "from", credit.Item.Kind);
        if (debit.Side != ItemSide.Debit) return new DomainError(ErrorCodes.NotAllocatable, "to", debit.Item.Kind);
        if (credit.Item.CustomerId != debit.Item.CustomerId) return new DomainError(ErrorCodes.CustomerMismatch, "to");
        if (credit.Item.Currency != debit.Item.Currency)
            return new DomainError(ErrorCodes.CurrencyMismatch, "to", credit.Item.Currency, debit.Item.Currency);

        var debitAvailable = debit.AvailableFrom(date);
        if (amount > debitAvailable) return new DomainError(ErrorCodes.AllocationExceedsOpen, "amount", amount, debitAvailable);
        var creditAvailable = credit.AvailableFrom(date);
        if (amount > creditAvailable) return new DomainError(ErrorCodes.AllocationExceedsCredit, "amount", amount, creditAvailable);

        return new[] { new LedgerEntry(debit.Item.Id, date, -amount), new LedgerEntry(credit.Item.Id, date, amount) };
    }

    /// <summary>Writes off part or all of what is open on an invoice or charge.</summary>
    public static Result<LedgerEntry[]> WriteOff(ItemHistory debit, DateOnly date, decimal amount)
    {
        ArgumentNullException.ThrowIfNull(debit);
        if (amount <= 0m) return new DomainError(ErrorCodes.AmountNotPositive, "amount");
        if (debit.Side != ItemSide.Debit) return new DomainError(ErrorCodes.NotAllocatable, "item", debit.Item.Kind);
        var available = debit.AvailableFrom(date);
        if (amount > available) return new DomainError(ErrorCodes.AllocationExceedsOpen, "amount", amount, available);
        return new[] { new LedgerEntry(debit.Item.Id, date, -amount) };
    }

    /// <summary>Pays back unapplied credit of a receipt or credit note.</summary>
    public static Result<LedgerEntry[]> Refund(ItemHistory credit, DateOnly date, decimal amount)
    {
        ArgumentNullException.ThrowIfNull(credit);
        if (amount <= 0m) return new DomainError(ErrorCodes.AmountNotPositive, "amount");
        if (credit.Side != ItemSide.Credit) return new DomainError(ErrorCodes.NotAllocatable, "item", credit.Item.Kind);
        var available = credit.AvailableFrom(date);
        if (amount > available) return new DomainError(ErrorCodes.AllocationExceedsCredit, "amount", amount, available);
        return new[] { new LedgerEntry(credit.Item.Id, date, amount) };
    }

    /// <summary>Undoes a posted document by posting the opposite of each of its entries on
    /// <paramref name="date"/>. Refused when that would leave any item below zero on some date,
    /// e.g. reversing an invoice that still has receipts applied to it: reverse those first.</summary>
    public static Result<LedgerEntry[]> Reverse(
        IReadOnlyList<LedgerEntry> original, DateOnly originalDate, IReadOnlyDictionary<long, ItemHistory> items, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(items);
        if (date < originalDate) return new DomainError(ErrorCodes.DateBeforeDocument, "date", originalDate);
        var reversal = original.Select(e => new LedgerEntry(e.ItemId, date, -e.Amount)).ToArray();
        foreach (var group in reversal.GroupBy(e => e.ItemId))
        {
            var item = items[group.Key];
            var sign = item.Side == ItemSide.Debit ? 1m : -1m;
            var reduction = -sign * group.Sum(e => e.Amount);
            if (reduction > 0m && reduction > item.AvailableFrom(date))
                return new DomainError(ErrorCodes.HasAllocations, null, item.Item.Id);
        }
        return reversal;
    }
}
