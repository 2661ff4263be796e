namespace ArFlow.Data.Entities;

/// <summary>The payment prediction of one open invoice as of the day it was written (the daily refresh
/// rewrites them all), which the cash-flow forecast reads instead of predicting the whole book again.</summary>
public sealed class InvoiceForecast
{
    public long ItemId { get; set; }
    public int LatePerMille { get; set; }
    public DateOnly ExpectedOn { get; set; }
}

/// <summary>The cash the company plans to collect in a month (预算), in the base currency.</summary>
public sealed class CashBudget
{
    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public decimal Amount { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A week of a forecast as it was made (kept once a day), so that once the week is over the
/// forecast can be set against what came in.</summary>
public sealed class ForecastSnapshot
{
    public DateOnly MadeOn { get; set; }
    public DateOnly WeekStart { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>A saved "what if" (应急预案) of the cash-flow forecast: which customers (by code, grade, industry or
/// region — every criterion given must hold) pay how many days later, or not at all.</summary>
public sealed class ForecastScenario
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Customer codes, comma-separated; empty: any.</summary>
    public string? Customers { get; set; }
    public Domain.Customers.CustomerGrade? Grade { get; set; }
    public string? Industry { get; set; }
    public string? Region { get; set; }
    /// <summary>Days later than forecast; null: they do not pay at all.</summary>
    public int? DelayDays { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A monthly evaluation report as the scheduled run made it, in one language (the PDF and the workbook),
/// kept so that every email of the month carries exactly it; one per month and language.</summary>
public sealed class KeptMonthlyReport
{
    public long Id { get; set; }
    /// <summary>yyyy-MM.</summary>
    public required string Month { get; set; }
    public required string Language { get; set; }
    public required byte[] Pdf { get; set; }
    public required byte[] Xlsx { get; set; }
    public DateTimeOffset MadeAt { get; set; }
    public required string MadeBy { get; set; }
}
