namespace ArFlow.Data.Entities;

/// <summary>A sales contract and its payment plan. The plan is a schedule, not a receivable: an
/// installment becomes an open item when it is billed as an invoice (which then links back to it).</summary>
public sealed class Contract
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Number { get; set; }
    public decimal Total { get; set; }
    public required string Currency { get; set; }
    public DateOnly SignedDate { get; set; }
    public required string Terms { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ContractInstallment> Installments { get; set; } = [];
}

public sealed class ContractInstallment
{
    public long Id { get; set; }
    public long ContractId { get; set; }
    public int Sequence { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Amount { get; set; }
    public string? Milestone { get; set; }
    /// <summary>The invoice that billed this installment, once billed.</summary>
    public long? InvoiceId { get; set; }
}
