using ArFlow.Domain.Customers;

namespace ArFlow.Data.Entities;

public sealed class Customer
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>统一社会信用代码 or another tax id.</summary>
    public string? TaxId { get; set; }
    /// <summary>The sales person who owns the customer.</summary>
    public string? Owner { get; set; }
    public string? Collector { get; set; }
    public CustomerGrade? Grade { get; set; }
    public decimal? CreditLimit { get; set; }
    public required string DefaultTerms { get; set; }
    public required string Currency { get; set; }
    public CustomerStatus Status { get; set; }
    /// <summary>When the customer's credit is to be reviewed again; set by each approved review.</summary>
    public DateOnly? NextReviewOn { get; set; }
    /// <summary>The customer's own dunning policy; null = its grade's.</summary>
    public string? DunningPolicy { get; set; }
    /// <summary>"Do not contact" (暂停催收) up to and including this day: no reminder, no task.</summary>
    public DateOnly? PausedUntil { get; set; }
    public string? PauseReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public List<CustomerContact> Contacts { get; set; } = [];
}

public sealed class CustomerContact
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>zh-CN or en-US: the language reminders and statements go out in.</summary>
    public string? Language { get; set; }
    /// <summary>When the mail server refused the address for good (a hard bounce): it is not written to again until corrected.</summary>
    public DateTimeOffset? EmailRefusedAt { get; set; }
    public string? EmailRefusal { get; set; }
}
