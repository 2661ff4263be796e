using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using ArFlow.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Features.Analytics;

/// <summary>Stress scenarios (应急预案): "what if these customers pay N days later, or not at all" — saved by
/// name to be run again each month, or tried once. A run shows the forecast under the scenario beside the
/// forecast as it stands, the customers' exposure (what they owe now) and the weeks the cash falls below budget.</summary>
public static class ForecastScenarios
{
    /// <summary>Which customers (codes, comma-separated; a grade; an industry; a region — every one given must
    /// hold) and what they do: pay <paramref name="DelayDays"/> later, or not at all.</summary>
    public sealed record Request(string? Customers = null, string? Grade = null, string? Industry = null, string? Region = null, int? DelayDays = null, bool NotAtAll = false);

    public sealed record ScenarioDto(string Name, string? Customers, string? Grade, string? Industry, string? Region, int? DelayDays, bool NotAtAll, string? UpdatedBy, DateTimeOffset? UpdatedAt);

    public sealed record ScenarioWeek(DateOnly From, DateOnly To, decimal Forecast, decimal Scenario, decimal Difference, decimal? Budget, bool BelowBudget);

    public sealed record ScenarioRun(
        ScenarioDto Scenario, int Customers, decimal Exposure, decimal Expected, decimal Shortfall,
        IReadOnlyList<ScenarioWeek> Weeks, IReadOnlyList<DateOnly> WeeksBelowBudget, CashForecastResult Forecast);

    public const int MaxDelayDays = 365;

    public static async Task<IReadOnlyList<ScenarioDto>> ListAsync(ArFlowDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await db.ForecastScenarios.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(Dto).ToList();
    }

    public static async Task<Result<ScenarioDto>> SaveAsync(ArFlowDbContext db, string name, Request? r, string user, Clock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var check = new Check();
        var title = check.Text("name", name, 100);
        var (grade, codes) = await ValidateAsync(db, r, check, ct);
        if (!check.Ok) return Result<ScenarioDto>.Fail(check.Errors);
        return await db.WriteAsync(async () =>
        {
            var row = await db.ForecastScenarios.SingleOrDefaultAsync(s => s.Name == title, ct);
            if (row is null) db.ForecastScenarios.Add(row = new ForecastScenario { Name = title!, UpdatedBy = user });
            (row.Customers, row.Grade, row.Industry, row.Region) = (codes.Count == 0 ? null : string.Join(",", codes), grade, Blank(r!.Industry), Blank(r.Region));
            (row.DelayDays, row.UpdatedBy, row.UpdatedAt) = (r.NotAtAll ? null : r.DelayDays, user, clock.Now);
            await db.SaveChangesAsync(ct);
            return Result<ScenarioDto>.Ok(Dto(row));
        }, ct);
    }

    public static async Task<bool> DeleteAsync(ArFlowDbContext db, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ForecastScenarios.Where(s => s.Name == name).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Runs a saved scenario over the forecast made today, or begun on <paramref name="from"/> (as known then when it is past).</summary>
    public static async Task<Result<ScenarioRun>?> RunSavedAsync(ArFlowDbContext db, string name, int? weeks, ArFlowOptions options, Clock clock, CancellationToken ct, DateOnly? from = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.ForecastScenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, ct);
        if (row is null) return null;
        var dto = Dto(row);
        return await RunAsync(db, dto, new Request(row.Customers, row.Grade?.ToString(), row.Industry, row.Region, row.DelayDays, row.DelayDays is null), weeks, options, clock, ct, from);
    }

    /// <summary>Tries a scenario without saving it.</summary>
    public static Task<Result<ScenarioRun>> TryAsync(ArFlowDbContext db, Request? r, int? weeks, ArFlowOptions options, Clock clock, CancellationToken ct) =>
        RunAsync(db, new ScenarioDto("", r?.Customers, r?.Grade, r?.Industry, r?.Region, r?.NotAtAll == true ? null : r?.DelayDays, r?.NotAtAll == true, null, null), r, weeks, options, clock, ct);

    private static async Task<Result<ScenarioRun>> RunAsync(ArFlowDbContext db, ScenarioDto scenario, Request? r, int? weeks, ArFlowOptions options, Clock clock, CancellationToken ct, DateOnly? from = null)
    {
        var check = new Check();
        var (grade, codes) = await ValidateAsync(db, r, check, ct);
        if (!check.Ok) return Result<ScenarioRun>.Fail(check.Errors);
        var (industry, region) = (Blank(r!.Industry), Blank(r.Region));
        var chosen = (await (
                from c in db.Customers.AsNoTracking()
                join p in db.CreditProfiles on c.Id equals p.CustomerId into profiles
                from p in profiles.DefaultIfEmpty()
                where (grade == null || c.Grade == grade) && (industry == null || (p != null && p.Industry == industry)) && (region == null || (p != null && p.Region == region))
                select new { c.Id, c.Code }).ToListAsync(ct))
            .Where(c => codes.Count == 0 || codes.Contains(c.Code)).Select(c => c.Id).ToHashSet();
        var asIs = await CashFlowForecast.RunAsync(db, from, weeks, options, clock, ct);
        if (!asIs.IsSuccess) return Result<ScenarioRun>.Fail(asIs.Errors);
        var stressed = (await CashFlowForecast.RunAsync(db, from, weeks, options, clock, ct, new CashFlowForecast.Stress(chosen, r.NotAtAll ? null : r.DelayDays))).Value!;
        var ids = chosen.ToList();
        var exposure = (await db.OpenItems.AsNoTracking().Where(o => o.Side == ItemSide.Debit && o.Open > 0m && ids.Contains(o.CustomerId)).Select(o => o.OpenBase).ToListAsync(ct)).Sum();
        var rows = asIs.Value!.Weeks.Zip(stressed.Weeks, (a, s) => new ScenarioWeek(a.From, a.To, a.Total, s.Total, s.Total - a.Total, s.Budget, s.Budget is { } b && s.Total < b)).ToList();
        return new ScenarioRun(scenario, chosen.Count, exposure, stressed.Stressed, rows.Sum(w => w.Forecast - w.Scenario), rows,
            rows.Where(w => w.BelowBudget).Select(w => w.From).ToList(), stressed);
    }

    /// <summary>At least one criterion; a known grade; codes that are customers; a delay of 1–365 days or "not at all", not both.</summary>
    private static async Task<(CustomerGrade? Grade, List<string> Codes)> ValidateAsync(ArFlowDbContext db, Request? r, Check check, CancellationToken ct)
    {
        var codes = (r?.Customers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (r is null || (codes.Count == 0 && Blank(r.Grade) is null && Blank(r.Industry) is null && Blank(r.Region) is null))
        {
            check.Add(ErrorCodes.Required, "customers");
            return (null, codes);
        }
        CustomerGrade? grade = null;
        if (Blank(r.Grade) is { } g)
        {
            if (Enum.TryParse<CustomerGrade>(g, true, out var parsed) && Enum.IsDefined(parsed)) grade = parsed;
            else check.Add(ErrorCodes.InvalidEnum, "grade", g, string.Join(", ", Enum.GetNames<CustomerGrade>()));
        }
        if (codes.Count > 0)
        {
            var known = (await db.Customers.AsNoTracking().Where(c => codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in codes.Where(c => !known.Contains(c))) check.Add(ErrorCodes.UnknownCustomer, "customers", unknown);
        }
        if (r.NotAtAll && r.DelayDays is not null) check.Add(ErrorCodes.OutOfRange, "delayDays", r.DelayDays.Value);
        else if (!r.NotAtAll && r.DelayDays is not (>= 1 and <= MaxDelayDays)) check.Add(ErrorCodes.OutOfRange, "delayDays", r.DelayDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return (grade, codes);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ScenarioDto Dto(ForecastScenario s) =>
        new(s.Name, s.Customers, s.Grade?.ToString(), s.Industry, s.Region, s.DelayDays, s.DelayDays is null, s.UpdatedBy, s.UpdatedAt);
}
