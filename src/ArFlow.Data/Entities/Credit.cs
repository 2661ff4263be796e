namespace ArFlow.Data.Entities;

/// <summary>A customer's registration data (工商信息) in the credit file.</summary>
public sealed class CreditProfile
{
    public long CustomerId { get; set; }
    public DateOnly? FoundedOn { get; set; }
    /// <summary>注册资本, in the customer's currency.</summary>
    public decimal? RegisteredCapital { get; set; }
    public string? Industry { get; set; }
    public string? Region { get; set; }
    public int Version { get; set; }
}

/// <summary>One year's financial statement of a customer, in the customer's currency. Data entered
/// by people (corrected by entering the year again), audited like master data.</summary>
public sealed class FinancialStatementRow
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public int Year { get; set; }
    public decimal TotalAssets { get; set; }
    public decimal TotalLiabilities { get; set; }
    public decimal CurrentAssets { get; set; }
    public decimal CurrentLiabilities { get; set; }
    public decimal Revenue { get; set; }
    public decimal NetProfit { get; set; }
    public decimal OperatingCashFlow { get; set; }
    public decimal? Inventory { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
}

/// <summary>A third-party credit report (征信报告) on a customer: who issued it, when, its rating and
/// score, lawsuits and enforcement records, and the file itself.</summary>
public sealed class CreditReport
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Provider { get; set; }
    public DateOnly ReportDate { get; set; }
    public string? Rating { get; set; }
    public decimal? Score { get; set; }
    public int Lawsuits { get; set; }
    public string? Notes { get; set; }
    public string? FileName { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Content { get; set; }
    public byte[]? Sha256 { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}
