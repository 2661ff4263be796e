using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Credit;

/// <summary>A customer's financial statement for one year, in the customer's currency, as the
/// credit file keeps it. <see cref="Inventory"/> is optional: without it there is no quick ratio.</summary>
public sealed record FinancialStatement(
    int Year, decimal TotalAssets, decimal TotalLiabilities, decimal CurrentAssets, decimal CurrentLiabilities,
    decimal Revenue, decimal NetProfit, decimal OperatingCashFlow, decimal? Inventory = null)
{
    /// <summary>What cannot be a real balance sheet: negative assets or liabilities, a part larger
    /// than its whole. A loss, negative cash flow and negative equity are real and allowed.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        if (Year is < 1900 or > 2200) problems.Add(new DomainError(ErrorCodes.OutOfRange, "year", Year));
        foreach (var (field, value) in new[] { ("totalAssets", TotalAssets), ("totalLiabilities", TotalLiabilities), ("currentAssets", CurrentAssets), ("currentLiabilities", CurrentLiabilities), ("revenue", Revenue) })
            if (value < 0) problems.Add(new DomainError(ErrorCodes.NegativeNotAllowed, field));
        if (Inventory is < 0) problems.Add(new DomainError(ErrorCodes.NegativeNotAllowed, "inventory"));
        if (CurrentAssets > TotalAssets) problems.Add(new DomainError(ErrorCodes.PartExceedsWhole, "currentAssets", "totalAssets"));
        if (CurrentLiabilities > TotalLiabilities) problems.Add(new DomainError(ErrorCodes.PartExceedsWhole, "currentLiabilities", "totalLiabilities"));
        if (Inventory > CurrentAssets) problems.Add(new DomainError(ErrorCodes.PartExceedsWhole, "inventory", "currentAssets"));
        return problems;
    }
}

/// <summary>The ratios a credit analyst reads off a statement. A ratio whose denominator is zero is
/// undefined (null), never a made-up number; negative equity is flagged rather than hidden in a ratio.</summary>
public sealed record FinancialRatios(
    decimal NetAssets, bool NegativeEquity, decimal? AssetLiabilityRatio, decimal? CurrentRatio, decimal? QuickRatio, decimal? NetMargin,
    decimal? CashFlowToLiabilities)
{
    public static FinancialRatios Of(FinancialStatement s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var netAssets = s.TotalAssets - s.TotalLiabilities;
        return new FinancialRatios(
            netAssets,
            netAssets < 0,
            Ratio(s.TotalLiabilities, s.TotalAssets),
            Ratio(s.CurrentAssets, s.CurrentLiabilities),
            s.Inventory is { } inventory ? Ratio(s.CurrentAssets - inventory, s.CurrentLiabilities) : null,
            Ratio(s.NetProfit, s.Revenue),
            Ratio(s.OperatingCashFlow, s.CurrentLiabilities));
    }

    /// <summary>To four decimals (a ratio is read as 0.8123 or 81.23%), null when the denominator is zero.</summary>
    private static decimal? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 4, MidpointRounding.AwayFromZero);
}
