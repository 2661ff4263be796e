namespace ArFlow.Domain.Customers;

/// <summary>A optimal, B normal, C watch, D high risk.</summary>
public enum CustomerGrade { A, B, C, D }

public enum CustomerStatus
{
    Active,
    /// <summary>No new deliveries until someone releases the hold; invoices already issued stand.</summary>
    OnHold,
    /// <summary>No new business at all.</summary>
    Blocked,
}
