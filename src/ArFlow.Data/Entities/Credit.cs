using ArFlow.Domain.Customers;

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

/// <summary>A credit review (信用复核) as approved: what the scorecard saw and said, what was decided
/// (grade, limit, terms), who asked and who approved, and when the next one is due.</summary>
public sealed class CreditReview
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public DateOnly ReviewedOn { get; set; }
    /// <summary>JSON of the scorecard's inputs by factor.</summary>
    public required string Inputs { get; set; }
    public decimal Score { get; set; }
    public required string ScoreGrade { get; set; }
    public CustomerGrade Grade { get; set; }
    public decimal? CreditLimit { get; set; }
    public required string Terms { get; set; }
    public DateOnly NextReview { get; set; }
    public string? Note { get; set; }
    public required string RequestedBy { get; set; }
    public required string ApprovedBy { get; set; }
    public long? ApprovalId { get; set; }
}

public enum AlertStatus { Open, Acknowledged, Closed }

/// <summary>An early warning (风险预警) raised for a customer by a rule: who looks after it, whether
/// it was seen, and how it was closed. Its message is the rule's, with <see cref="Args"/>.</summary>
public sealed class CreditAlert
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Rule { get; set; }
    /// <summary>JSON array of the figures the message names.</summary>
    public required string Args { get; set; }
    public DateOnly RaisedOn { get; set; }
    public AlertStatus Status { get; set; }
    public string? AssignedTo { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? CloseNote { get; set; }
    public int Version { get; set; }
}

/// <summary>A trained payment-prediction model: both ML.NET models zipped in <see cref="Content"/>,
/// what it was trained on, how it scored on its holdout beside the naive forecast (JSON), and the
/// book's averages the naive forecast falls back on.</summary>
public sealed class PaymentModelRow
{
    public long Id { get; set; }
    public DateTimeOffset TrainedAt { get; set; }
    public int LateDays { get; set; }
    public int TrainedOn { get; set; }
    public decimal BookLateShare { get; set; }
    public decimal BookAverageDaysLate { get; set; }
    public required string Report { get; set; }
    public byte[]? Content { get; set; }
}

/// <summary>A customer's forecast lateness as of a day: the mean predicted chance, in thousandths,
/// that its open invoices are paid late. Derived data, rewritten whole once a day and after each
/// training, so that the worklist reads it instead of forecasting the whole book on every load.</summary>
public sealed class CustomerForecast
{
    public long CustomerId { get; set; }
    public int LatePerMille { get; set; }
    public DateOnly AsOf { get; set; }
}
