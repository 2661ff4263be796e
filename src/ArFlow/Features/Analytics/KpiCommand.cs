using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using MiniExcelLibs;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Analytics;

/// <summary>`arflow report kpi --from DATE --to DATE [--by owner|collector|grade|customer] [--format table|json|xlsx] [--output FILE]`.</summary>
public static class KpiCommand
{
    private static readonly Option<string> From = new("--from") { Description = "First day, YYYY-MM-DD", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Last day, YYYY-MM-DD", Required = true };
    private static readonly Option<string?> By = new("--by") { Description = "owner, collector, grade or customer (default: the whole company)" };
    private static readonly Option<string?> Format = new("--format") { Description = "table (default), json or xlsx" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write to this file instead of stdout" };

    private static readonly Option<string?> TrendTo = new("--to") { Description = "A day of the last month, YYYY-MM-DD (default: the last month over)" };

    /// <summary>`arflow report kpi-trend [--to DATE] [--format table|json|xlsx] [--output FILE]`: the twelve months up to a month.</summary>
    public static Command BuildTrend()
    {
        var command = new Command("kpi-trend", "Every KPI of each of the last twelve months, for the whole company") { TrendTo, Format, Output };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            var errors = new List<DomainError>();
            var to = parse.GetValue(TrendTo) is { } text ? Cli.ParseDate(text, "--to", errors) : null;
            if (format is not ("table" or "json" or "xlsx")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, xlsx"));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var trend = await KpiTrend.RunAsync(db, to, scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>(), ct);
            return await WriteAsync(db, format == "json" ? trend : null, KpiExport.Of(trend), format, parse.GetValue(Output), "kpi-trend", ct);
        });
        return command;
    }

    public static Command Build()
    {
        var command = new Command("kpi", "DSO, CEI, overdue and bad-debt ratios, turnover, concentration, promises and disputes for a period") { From, To, By, Format, Output };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            var errors = new List<DomainError>();
            var from = Cli.ParseDate(parse.GetValue(From), "--from", errors);
            var to = Cli.ParseDate(parse.GetValue(To), "--to", errors);
            if (format is not ("table" or "json" or "xlsx")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, xlsx"));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var report = await KpiReport.RunAsync(db, from, to, parse.GetValue(By), scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>(), ct);
            if (!report.IsSuccess) return Cli.Refuse(report.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            return await WriteAsync(db, null, report.Value!, format, parse.GetValue(Output), "kpi", ct);
        });
        return command;
    }

    /// <summary>Writes a report (or, as JSON, <paramref name="document"/> when given) in the format asked.</summary>
    private static async Task<int> WriteAsync(ArFlowDbContext db, object? document, KpiReportResult report, string format, FileInfo? output, string name, CancellationToken ct)
    {
        if (format != "table" || output is not null)
            await db.RecordExportAsync(output?.FullName ?? $"stdout ({format})", new { report = name, report.From, report.To, report.By, format }, ct);
        await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
        var culture = CultureInfo.CurrentUICulture;
        switch (format)
        {
            case "json":
                await System.Text.Json.JsonSerializer.SerializeAsync(stream, document ?? report, Cli.Json, ct);
                break;
            case "xlsx":
                await stream.SaveAsAsync(KpiExport.Rows(report, culture).ToList(), sheetName: "KPI", cancellationToken: ct);
                break;
            default:
                var console = Cli.Console(stream, output);
                var table = new Table().Border(TableBorder.Rounded);
                var rows = KpiExport.Rows(report, culture).ToList();
                foreach (var c in rows.FirstOrDefault()?.Keys ?? Enumerable.Empty<string>()) table.AddColumn(Markup.Escape(c));
                foreach (var r in rows) table.AddRow(r.Values.Select(v => Markup.Escape(v switch { decimal d => d.ToString("#,0.##", culture), null => "", _ => Convert.ToString(v, culture) ?? "" })).ToArray());
                console.MarkupLine(Markup.Escape(Text.Get(culture, "kpi.title", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.BaseCurrency)));
                console.Write(table);
                break;
        }
        return Cli.Ok;
    }
}

/// <summary>The report as rows with headings in the reader's language.</summary>
public static class KpiExport
{
    /// <summary>A trend as a report of twelve rows, one per month.</summary>
    public static KpiReportResult Of(KpiTrendResult trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        return new KpiReportResult(trend.Months[0].From, trend.Months[^1].To, trend.Months[^1].To.DayNumber - trend.Months[0].From.DayNumber + 1, "month", trend.BaseCurrency,
            trend.Months.Select(m => m.Figures).ToList());
    }

    public static IEnumerable<Dictionary<string, object?>> Rows(KpiReportResult report, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(report);
        string T(string key) => Text.Get(culture, "kpi." + key);
        foreach (var r in report.Rows)
            yield return new()
            {
                [T("group")] = r.Key.Length == 0 ? T("all") : r.Key, [T("name")] = r.Name,
                [T("opening")] = r.Opening, [T("sales")] = r.Sales, [T("written_off")] = r.WrittenOff, [T("closing")] = r.Closing,
                [T("current")] = r.Current, [T("overdue")] = r.Overdue, [T("dso")] = r.Dso, [T("count_back_dso")] = r.CountBackDso,
                [T("best_possible_dso")] = r.BestPossibleDso, [T("add")] = r.AverageDaysDelinquent, [T("cei")] = r.CollectionEffectiveness,
                [T("overdue_ratio")] = r.OverdueRatio, [T("overdue_count_ratio")] = r.OverdueCountRatio, [T("bad_debt_ratio")] = r.BadDebtRatio,
                [T("turnover")] = r.Turnover, [T("turnover_days")] = r.TurnoverDays, [T("top_ten")] = r.TopTenShare, [T("hhi")] = r.Herfindahl,
                [T("promise_rate")] = r.PromiseKeptRate, [T("disputes")] = r.DisputesOpened, [T("disputed")] = r.DisputedAmount, [T("resolve_days")] = r.DaysToResolve,
                [T("collected")] = r.Collected, [T("actions")] = r.ActionsDone, [T("oldest_paid_down")] = r.OldestPaidDown,
            };
    }
}
