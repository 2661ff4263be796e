using ArFlow.Domain.Ledger;

namespace ArFlow.Data.Entities;

/// <summary>A posted document. Rows are inserted once and never updated, except for the link
/// <see cref="ReversedById"/> that is written in the same transaction as the reversal.</summary>
public sealed class Document
{
    public long Id { get; set; }
    public DocumentKind Kind { get; set; }
    public long CustomerId { get; set; }
    /// <summary>The user's number (invoice number, receipt reference…); unique per customer and kind.
    /// Allocations and reversals may have none.</summary>
    public string? Number { get; set; }
    public DateOnly DocumentDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public required string Currency { get; set; }
    /// <summary>Always positive; the kind gives the direction.</summary>
    public decimal Amount { get; set; }
    /// <summary>Units of the company's base currency per unit of <see cref="Currency"/> on the document date.</summary>
    public decimal RateToBase { get; set; } = 1m;
    public string? Terms { get; set; }
    public ReceiptMethod? Method { get; set; }
    /// <summary>For acceptance bills: the day the bill can be presented for payment.</summary>
    public DateOnly? MaturityDate { get; set; }
    public string? Reference { get; set; }
    public string? Memo { get; set; }
    /// <summary>For allocations and write-offs: the invoice or charge reduced.</summary>
    public long? DebitItemId { get; set; }
    /// <summary>For allocations and refunds: the receipt or credit note used.</summary>
    public long? CreditItemId { get; set; }
    public long? ReversesId { get; set; }
    public long? ReversedById { get; set; }
    public long? ContractInstallmentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
