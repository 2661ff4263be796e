using System.Globalization;
using System.Security.Claims;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using MiniExcelLibs;

namespace ArFlow.Features.Analytics;

public static class AnalyticsEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/kpi", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, DateOnly? from, DateOnly? to, string? by, string? format, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, xlsx").ToProblem();
                var report = await KpiReport.RunAsync(db, from, to, by, options, clock, ct);
                if (!report.IsSuccess) return report.Errors.ToProblem();
                if (format != "xlsx") return Results.Ok(report.Value);
                await db.RecordExportAsync("kpi.xlsx", new { report = "kpi", from, to, by }, ct);
                using var stream = new MemoryStream();
                await stream.SaveAsAsync(KpiExport.Rows(report.Value!, CultureInfo.CurrentUICulture).ToList(), sheetName: "KPI", cancellationToken: ct);
                return Results.File(stream.ToArray(), Xlsx, "kpi.xlsx");
            })
            .WithTags("Reports").WithName("KpiReport")
            .WithSummary("The KPIs of a period (from, to; by owner|collector|grade|customer; format=xlsx), in the base currency; definitions in docs/analytics.md.");

        app.MapGet("/api/reports/kpi/trend", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, DateOnly? to, string? format, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, xlsx").ToProblem();
                var trend = await KpiTrend.RunAsync(db, to, options, clock, ct);
                if (format != "xlsx") return Results.Ok(trend);
                await db.RecordExportAsync("kpi-trend.xlsx", new { report = "kpi-trend", to }, ct);
                using var stream = new MemoryStream();
                await stream.SaveAsAsync(KpiExport.Rows(KpiExport.Of(trend), CultureInfo.CurrentUICulture).ToList(), sheetName: "KPI", cancellationToken: ct);
                return Results.File(stream.ToArray(), Xlsx, "kpi-trend.xlsx");
            })
            .WithTags("Reports").WithName("KpiTrend")
            .WithSummary("Every KPI of each of the twelve months up to the month of `to` (default: the last month over), for the whole company; format=xlsx.");

        var monthly = app.MapGroup("/api/reports/monthly").WithTags("Reports");
        monthly.MapGet("/", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, string? month, string? format, string? lang, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "pdf" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, pdf, xlsx").ToProblem();
                if (lang is not (null or "zh-CN" or "en-US")) return new DomainError(ErrorCodes.InvalidEnum, "lang", lang, "zh-CN, en-US").ToProblem();
                var report = await MonthlyReport.RunAsync(db, month, options, clock, ct);
                if (!report.IsSuccess) return report.Errors.ToProblem();
                if (format is null or "json") return Results.Ok(report.Value);
                var culture = lang is null ? CultureInfo.CurrentUICulture : Text.Closest(lang);
                var name = $"arflow-monthly-{report.Value!.Month}-{culture.Name}.{format}";
                await db.RecordExportAsync(name, new { report = "monthly", month, format, lang = culture.Name }, ct);
                if (format == "pdf") return Results.File(MonthlyReportDocument.Pdf(report.Value, culture.Name, options), "application/pdf", name);
                using var stream = new MemoryStream();
                await MonthlyReportDocument.XlsxAsync(stream, report.Value, culture, ct);
                return Results.File(stream.ToArray(), Xlsx, name);
            })
            .WithName("MonthlyReport")
            .WithSummary("The monthly evaluation report of a month (month=YYYY-MM; format=json|pdf|xlsx; lang=zh-CN|en-US): KPIs against the month before and the same month last year, ageing movement, top risks and alerts, cash against budget, collector performance, disputes, saved scenarios.");
        monthly.MapGet("/settings", (ArFlowDbContext db, CancellationToken ct) => MonthlyReportRun.SettingsAsync(db, ct))
            .WithName("MonthlyReportSettings").WithSummary("Who receives the monthly report (roles) and on which day of the month after (0: not on schedule).");
        monthly.MapPut("/settings", async (ArFlowDbContext db, StoredSettings.SaveRequest<MonthlyReportSettings> r, ClaimsPrincipal user, Clock clock, CancellationToken ct) =>
                (await MonthlyReportRun.SaveSettingsAsync(db, r, user.Identity?.Name ?? "?", clock, ct)).ToHttp(s => TypedResults.Ok(s)))
            .WithName("SaveMonthlyReportSettings").RequireAuthorization(Policies.Settings)
            .WithSummary("Saves { value: { roles: [\"Admin\", \"FinanceManager\"], day: 1 }, version } (the version read, against lost updates).");
        monthly.MapPost("/run", async (ArFlowDbContext db, MonthlyReportRun run, MonthlyReportRun.Request r, ClaimsPrincipal user, CancellationToken ct) =>
                (await run.RunAsync(db, r.Month, user.Identity?.Name ?? "?", ct)).ToHttp(o => TypedResults.Ok(o)))
            .WithName("RunMonthlyReport").RequireAuthorization(Policies.Settings)
            .WithSummary("Makes a month's report now and emails it to the people in the chosen roles, as the schedule would; a month is made once (alreadyDone).");

        var forecast = app.MapGroup("/api/forecast").WithTags("Forecast");
        forecast.MapGet("/", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, DateOnly? from, int? weeks, string? format, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "xlsx")) return new DomainError(ErrorCodes.InvalidEnum, "format", format, "json, xlsx").ToProblem();
                var result = await CashFlowForecast.RunAsync(db, from, weeks, options, clock, ct);
                if (!result.IsSuccess) return result.Errors.ToProblem();
                if (format != "xlsx") return Results.Ok(result.Value);
                var name = $"forecast-{result.Value!.From:yyyyMMdd}.xlsx";
                await db.RecordExportAsync(name, new { report = "forecast", from, weeks }, ct);
                using var stream = new MemoryStream();
                await ForecastExport.XlsxAsync(stream, result.Value, CultureInfo.CurrentUICulture, ct);
                return Results.File(stream.ToArray(), Xlsx, name);
            })
            .WithName("CashForecast")
            .WithSummary("Expected receipts by day, week and month from a day (default today) for some weeks (default 13), with the due-date view, the budget and the gap; a past day gives the forecast as it would have been made then, with the actual receipts and the weekly MAPE.");
        forecast.MapGet("/accuracy", (ArFlowDbContext db, ArFlowOptions options, Clock clock, int? weeks, CancellationToken ct) =>
                CashFlowForecast.AccuracyAsync(db, weeks ?? 13, options, clock, ct))
            .WithName("ForecastAccuracy")
            .WithSummary("The forecasts kept each day against what came in: for each week over that began on a Monday, the forecast made that morning, the actual receipts, the percentage error, and the MAPE.");
        forecast.MapGet("/scenarios", (ArFlowDbContext db, CancellationToken ct) => ForecastScenarios.ListAsync(db, ct))
            .WithName("ForecastScenarios").WithSummary("The saved stress scenarios.");
        forecast.MapPut("/scenarios/{name}", async (ArFlowDbContext db, Clock clock, ClaimsPrincipal user, string name, ForecastScenarios.Request r, CancellationToken ct) =>
                (await ForecastScenarios.SaveAsync(db, name, r, user.Identity?.Name ?? "?", clock, ct)).ToHttp(s => TypedResults.Ok(s)))
            .WithName("SaveForecastScenario").RequireAuthorization(Policies.Settings)
            .WithSummary("Saves a stress scenario: { customers: \"C1,C2\", grade, industry, region (every one given must hold), delayDays (1–365) or notAtAll }.");
        forecast.MapDelete("/scenarios/{name}", async (ArFlowDbContext db, string name, CancellationToken ct) =>
                await ForecastScenarios.DeleteAsync(db, name, ct) ? Results.NoContent() : new DomainError(ErrorCodes.UnknownScenario, "name", name).ToProblem(StatusCodes.Status404NotFound))
            .WithName("DeleteForecastScenario").RequireAuthorization(Policies.Settings).WithSummary("Deletes a saved stress scenario.");
        forecast.MapGet("/scenarios/{name}/run", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, string name, int? weeks, CancellationToken ct) =>
                await ForecastScenarios.RunSavedAsync(db, name, weeks, options, clock, ct) is { } run ? run.ToHttp(x => TypedResults.Ok(x)) : new DomainError(ErrorCodes.UnknownScenario, "name", name).ToProblem(StatusCodes.Status404NotFound))
            .WithName("RunForecastScenario")
            .WithSummary("Runs a saved scenario: the forecast under it beside the forecast as it stands, week by week, the customers' exposure, the shortfall and the weeks below budget.");
        forecast.MapPost("/what-if", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, int? weeks, ForecastScenarios.Request r, CancellationToken ct) =>
                (await ForecastScenarios.TryAsync(db, r, weeks, options, clock, ct)).ToHttp(x => TypedResults.Ok(x)))
            .WithName("TryForecastScenario").WithSummary("Runs a scenario without saving it (the body of a saved one).");
        forecast.MapGet("/budget", (ArFlowDbContext db, CancellationToken ct) => CashBudgets.ListAsync(db, ct))
            .WithName("CashBudget").WithSummary("The cash budget per month (YYYY-MM), in the base currency.");
        forecast.MapPut("/budget", async (ArFlowDbContext db, ArFlowOptions options, Clock clock, ClaimsPrincipal user, IReadOnlyList<CashBudgets.Line> lines, CancellationToken ct) =>
                (await CashBudgets.SetAsync(db, lines, user.Identity?.Name ?? "?", options, clock, ct)).ToHttp(n => TypedResults.Ok(new { months = n })))
            .WithName("SetCashBudget").RequireAuthorization(Policies.Settings)
            .WithSummary("Sets months of the cash budget ([{month: \"2026-12\", amount: 500000}]; no amount removes the month); one bad line changes nothing.");
    }
}
