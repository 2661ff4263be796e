using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Credit;

/// <summary>Points for values in [<see cref="From"/>, <see cref="To"/>); an open end is unbounded.</summary>
public sealed record ScoreBand(decimal? From, decimal? To, int Points)
{
    public bool Contains(decimal value) => (From is null || value >= From) && (To is null || value < To);
}

/// <summary>One thing the scorecard reads (current-ratio, on-time-amount-share…), its weight, its
/// bands, and the points it gives when the value is unknown (no statement, no history).</summary>
public sealed record ScoreFactor(string Key, decimal Weight, IReadOnlyList<ScoreBand> Bands, int MissingPoints);

/// <summary>The lowest score of a grade: A from 80, B from 65…</summary>
public sealed record GradeCut(string Grade, int From);

/// <summary>Why a score is what it is: a factor, its value (null: unknown), the band it fell in, and
/// how many of the 100 points it cost against that factor's best band.</summary>
public sealed record ScoreReason(string Factor, decimal? Value, ScoreBand? Band, decimal Impact);

public sealed record ScoreResult(decimal Score, string Grade, IReadOnlyList<ScoreReason> Reasons);

/// <summary>A transparent scorecard, kept as data an admin edits: each factor's points (0–100) come
/// from the band its value falls in; the score is their weighted average (0–100); the grade comes
/// from the cuts; the reasons are the factors that cost most, largest first.</summary>
public sealed record Scorecard(IReadOnlyList<ScoreFactor> Factors, IReadOnlyList<GradeCut> Grades)
{
    public ScoreResult Score(IReadOnlyDictionary<string, decimal?> inputs, int reasons = 3)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var totalWeight = Factors.Sum(f => f.Weight);
        var scored = Factors.Select(f =>
        {
            var value = inputs.TryGetValue(f.Key, out var v) ? v : null;
            var band = value is { } x ? f.Bands.FirstOrDefault(b => b.Contains(x)) : null;
            var points = band?.Points ?? f.MissingPoints;
            var best = f.Bands.Select(b => b.Points).DefaultIfEmpty(points).Max();
            return (Factor: f, Value: value, Band: band, Points: points, Impact: (best - points) * f.Weight / totalWeight);
        }).ToList();
        var score = Math.Round(scored.Sum(s => s.Points * s.Factor.Weight) / totalWeight, 1, MidpointRounding.AwayFromZero);
        var grade = Grades.OrderByDescending(g => g.From).FirstOrDefault(g => score >= g.From)?.Grade ?? Grades.OrderBy(g => g.From).First().Grade;
        return new ScoreResult(score, grade,
            scored.Where(s => s.Impact > 0).OrderByDescending(s => s.Impact).ThenBy(s => s.Factor.Key, StringComparer.Ordinal).Take(reasons)
                .Select(s => new ScoreReason(s.Factor.Key, s.Value, s.Band, -Math.Round(s.Impact, 1, MidpointRounding.AwayFromZero))).ToList());
    }

    /// <summary>What an edited scorecard must be: positive weights, points 0–100, bands in order
    /// without overlap, grade cuts 0–100 with one at 0 so every score has a grade.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        if (Factors.Count == 0) problems.Add(new DomainError(ErrorCodes.Required, "factors"));
        foreach (var (f, i) in Factors.Select((f, i) => (f, i)))
        {
            var at = $"factors[{i}]";
            if (string.IsNullOrWhiteSpace(f.Key)) problems.Add(new DomainError(ErrorCodes.Required, $"{at}.key"));
            if (f.Weight <= 0) problems.Add(new DomainError(ErrorCodes.AmountNotPositive, $"{at}.weight"));
            if (f.MissingPoints is < 0 or > 100) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.missingPoints", f.MissingPoints));
            if (f.Bands.Count == 0) problems.Add(new DomainError(ErrorCodes.Required, $"{at}.bands"));
            for (var b = 0; b < f.Bands.Count; b++)
            {
                var band = f.Bands[b];
                if (band.Points is < 0 or > 100) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"{at}.bands[{b}].points", band.Points));
                if (band.From is { } from && band.To is { } to && from >= to) problems.Add(new DomainError(ErrorCodes.BandsOverlap, $"{at}.bands[{b}]"));
                if (b > 0 && (f.Bands[b - 1].To is null || band.From is null || band.From != f.Bands[b - 1].To))
                    problems.Add(new DomainError(ErrorCodes.BandsOverlap, $"{at}.bands[{b}]"));
            }
        }
        if (Factors.GroupBy(f => f.Key).FirstOrDefault(g => g.Count() > 1) is { } twice) problems.Add(new DomainError(ErrorCodes.Duplicate, "factors", twice.Key));
        if (Grades.Count == 0 || Grades.All(g => g.From != 0)) problems.Add(new DomainError(ErrorCodes.Required, "grades"));
        foreach (var (g, i) in Grades.Select((g, i) => (g, i)))
        {
            if (!Enum.GetNames<CustomerGrade>().Contains(g.Grade, StringComparer.Ordinal))
                problems.Add(new DomainError(ErrorCodes.InvalidEnum, $"grades[{i}].grade", g.Grade, string.Join(", ", Enum.GetNames<CustomerGrade>())));
            if (g.From is < 0 or > 100) problems.Add(new DomainError(ErrorCodes.OutOfRange, $"grades[{i}].from", g.From));
        }
        if (Grades.GroupBy(g => g.Grade).FirstOrDefault(g => g.Count() > 1) is { } grade) problems.Add(new DomainError(ErrorCodes.Duplicate, "grades", grade.Key));
        if (Grades.GroupBy(g => g.From).FirstOrDefault(g => g.Count() > 1) is { } cut) problems.Add(new DomainError(ErrorCodes.Duplicate, "grades", cut.Key));
        return problems;
    }

    private static ScoreBand[] Bands(params (decimal? From, decimal? To, int Points)[] bands) => bands.Select(b => new ScoreBand(b.From, b.To, b.Points)).ToArray();

    /// <summary>What ships: payment behaviour weighs most (45), then the balance sheet (30), the
    /// margin, the age of the business and lawsuits. Missing data scores below the middle, so an
    /// unknown customer is not graded as a good one.</summary>
    public static readonly Scorecard Default = new(
    [
        new(CreditFactors.OnTimeAmountShare, 25m, Bands((null, 0.5m, 0), (0.5m, 0.7m, 30), (0.7m, 0.85m, 55), (0.85m, 0.95m, 80), (0.95m, null, 100)), 50),
        new(CreditFactors.AverageDaysLate, 20m, Bands((null, 3m, 100), (3m, 10m, 80), (10m, 30m, 50), (30m, 60m, 20), (60m, null, 0)), 50),
        new(CreditFactors.CurrentRatio, 15m, Bands((null, 0.8m, 10), (0.8m, 1m, 30), (1m, 1.5m, 60), (1.5m, 2m, 85), (2m, null, 100)), 40),
        new(CreditFactors.AssetLiabilityRatio, 15m, Bands((null, 0.4m, 100), (0.4m, 0.6m, 80), (0.6m, 0.8m, 50), (0.8m, 1m, 20), (1m, null, 0)), 40),
        new(CreditFactors.NetMargin, 10m, Bands((null, 0m, 10), (0m, 0.05m, 55), (0.05m, 0.1m, 80), (0.1m, null, 100)), 40),
        new(CreditFactors.YearsInBusiness, 5m, Bands((null, 2m, 20), (2m, 5m, 50), (5m, 10m, 75), (10m, null, 100)), 40),
        new(CreditFactors.Lawsuits, 10m, Bands((null, 1m, 100), (1m, 3m, 50), (3m, null, 0)), 70),
    ],
    [new("A", 80), new("B", 65), new("C", 50), new("D", 0)]);
}

/// <summary>The inputs a scorecard can read, by key.</summary>
public static class CreditFactors
{
    public const string OnTimeShare = "on-time-share";
    public const string OnTimeAmountShare = "on-time-amount-share";
    public const string AverageDaysLate = "average-days-late";
    public const string MaxDaysLate = "max-days-late";
    public const string TrendDaysLate = "trend-days-late";
    public const string CurrentRatio = "current-ratio";
    public const string QuickRatio = "quick-ratio";
    public const string AssetLiabilityRatio = "asset-liability-ratio";
    public const string NetMargin = "net-margin";
    public const string YearsInBusiness = "years-in-business";
    public const string Lawsuits = "lawsuits";
    public const string ReportScore = "report-score";
    public const string Utilisation = "utilisation";
    public const string Disputes = "disputes";
    public const string BrokenPromises = "broken-promises";

    public static readonly string[] All =
        [OnTimeShare, OnTimeAmountShare, AverageDaysLate, MaxDaysLate, TrendDaysLate, CurrentRatio, QuickRatio, AssetLiabilityRatio, NetMargin, YearsInBusiness, Lawsuits, ReportScore, Utilisation, Disputes, BrokenPromises];

    /// <summary>The inputs from what the credit file knows: the behaviour, the latest statement's
    /// ratios, the registration and the latest third-party report.</summary>
    public static Dictionary<string, decimal?> Inputs(PaymentBehaviour behaviour, FinancialRatios? ratios, DateOnly? founded, int? lawsuits, decimal? reportScore, decimal? utilisation, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        return new Dictionary<string, decimal?>
        {
            [OnTimeShare] = behaviour.OnTimeShare,
            [OnTimeAmountShare] = behaviour.OnTimeAmountShare,
            [AverageDaysLate] = behaviour.AverageDaysLate,
            [MaxDaysLate] = behaviour.Invoices == 0 ? null : behaviour.MaxDaysLate,
            [TrendDaysLate] = behaviour.TrendDaysLate,
            [CurrentRatio] = ratios?.CurrentRatio,
            [QuickRatio] = ratios?.QuickRatio,
            [AssetLiabilityRatio] = ratios?.AssetLiabilityRatio,
            [NetMargin] = ratios?.NetMargin,
            [YearsInBusiness] = founded is { } f ? Math.Round((asOf.DayNumber - f.DayNumber) / 365.25m, 1, MidpointRounding.AwayFromZero) : null,
            [Lawsuits] = lawsuits,
            [ReportScore] = reportScore,
            [Utilisation] = utilisation,
            [Disputes] = behaviour.Disputes,
            [BrokenPromises] = behaviour.BrokenPromises,
        };
    }
}
