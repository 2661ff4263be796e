namespace ArFlow.Domain.Ledger;

/// <summary>The documents that post to the ledger. Once posted none is edited or deleted: a mistake
/// is undone by a <see cref="Reversal"/>.</summary>
public enum DocumentKind
{
    Invoice,
    CreditNote,
    Receipt,
    /// <summary>Applies a receipt or credit note to an invoice or charge; moves no money in or out.</summary>
    Allocation,
    WriteOff,
    /// <summary>Pays unapplied credit back to the customer.</summary>
    Refund,
    /// <summary>Late-payment interest or a fee.</summary>
    Charge,
    Reversal,
}

public enum ReceiptMethod
{
    BankTransfer,
    Cash,
    Card,
    Online,
    /// <summary>银行承兑汇票: not cash until it matures or is discounted.</summary>
    BankAcceptanceBill,
    /// <summary>商业承兑汇票: not cash until it matures or is discounted.</summary>
    CommercialAcceptanceBill,
}

/// <summary>Which way an open item points: a debit item is owed by the customer (invoice, charge),
/// a credit item is owed to the customer until it is applied (receipt, credit note).</summary>
public enum ItemSide { Debit, Credit }

public static class DocumentKinds
{
    /// <summary>Documents that open an item of their own in the ledger.</summary>
    public static ItemSide? OpensItem(this DocumentKind kind) => kind switch
    {
        DocumentKind.Invoice or DocumentKind.Charge => ItemSide.Debit,
        DocumentKind.Receipt or DocumentKind.CreditNote => ItemSide.Credit,
        _ => null,
    };

    public static bool IsBill(this ReceiptMethod method) =>
        method is ReceiptMethod.BankAcceptanceBill or ReceiptMethod.CommercialAcceptanceBill;
}
