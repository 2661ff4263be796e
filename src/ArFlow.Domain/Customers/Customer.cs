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

public static class CreditHold
{
    /// <summary>Active &lt; on hold &lt; blocked. Loosening a hold (towards active) needs an approver;
    /// tightening one never waits: stopping credit is always allowed at once.</summary>
    public static bool Loosens(CustomerStatus from, CustomerStatus to) => to < from;
}
