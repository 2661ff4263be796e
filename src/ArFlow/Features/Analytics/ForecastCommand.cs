using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using ArFlow.Shell;
using MiniExcelLibs;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Analytics;

/// <summary>`arflow forecast [--from DATE] [--weeks 13] [--format table|json|xlsx] [--output FILE]` and
/// `arflow forecast backtest --cutoff DATE [--weeks 13] …` (the same forecast made with only what was known at
/// the cutoff, beside what then came in).</summary>
public static class ForecastCommand
{
    private static readonly Option<string?> From = new("--from") { Description = "First day, YYYY-MM-DD (default: today); a past day gives the forecast as it would have been made then" };
    private static readonly Option<string> Cutoff = new("--cutoff") { Description = "The day the forecast is made as of, YYYY-MM-DD (before today)", Required = true };
    private static readonly Option<int?> Weeks = new("--weeks") { Description = $"Weeks to forecast, 1–{CashFlowForecast.MaxWeeks} (default 13)" };
    private static readonly Option<string?> Format = new("--format") { Description = "table (default: the weeks), json or xlsx (days, weeks and months)" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write to this file instead of stdout" };

    public static Command Build()
    {
        var command = new Command("forecast", "The cash-flow forecast: expected receipts by day, week and month against the budget") { From, Weeks, Format, Output };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(From), "--from", false, ct));
        var backtest = new Command("backtest", "The forecast made with only what was known at the cutoff, against what then came in (MAPE per week)") { Cutoff, Weeks, Format, Output };
        backtest.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(Cutoff), "--cutoff", true, ct));
        command.Subcommands.Add(backtest);
        command.Subcommands.Add(BuildBudget());
        command.Subcommands.Add(BuildScenario());
        return command;
    }

    private static readonly string[] ScenarioColumns = ["from", "total", "scenario", "difference", "budget"];
    private static readonly Argument<string> ScenarioName = new("name") { Description = "A saved scenario (GET /api/forecast/scenarios lists them)" };

    /// <summary>`arflow forecast scenario NAME [--weeks 13] [--format table|json]`: runs a saved stress scenario.</summary>
    private static Command BuildScenario()
    {
        var command = new Command("scenario", "Runs a saved stress scenario: the forecast under it beside the forecast as it stands, and the weeks below budget") { ScenarioName, Weeks, Format };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var name = parse.GetValue(ScenarioName)!;
            if (await ForecastScenarios.RunSavedAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), name, parse.GetValue(Weeks),
                    scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>(), ct) is not { } run)
                return Cli.Refuse([new DomainError(ErrorCodes.UnknownScenario, "name", name)], format);
            if (!run.IsSuccess) return Cli.Refuse(run.Errors, format);
            var r = run.Value!;
            if (format == "json")
            {
                Cli.WriteJson(r);
                return Cli.Ok;
            }
            var culture = CultureInfo.CurrentUICulture;
            string M(decimal? amount) => amount?.ToString("#,0.00", culture) ?? "";
            AnsiConsole.MarkupLine(Markup.Escape(Text.Get(culture, "forecast.scenario.title", name, r.Customers, M(r.Exposure), M(r.Shortfall))));
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var key in ScenarioColumns) table.AddColumn(Text.Get(culture, "forecast." + key));
            foreach (var w in r.Weeks)
                table.AddRow(Fmt.Date(w.From), M(w.Forecast), (w.BelowBudget ? "[red]" : "") + M(w.Scenario) + (w.BelowBudget ? "[/]" : ""), M(w.Difference), M(w.Budget));
            AnsiConsole.Write(table);
            return Cli.Ok;
        });
        return command;
    }

    private static readonly Option<FileInfo?> Import = new("--import") { Description = "A CSV or XLSX file with the columns month (YYYY-MM) and amount; an empty amount removes the month" };

    /// <summary>`arflow forecast budget [--import FILE]`: sets months of the cash budget from a file, then lists the budget.</summary>
    private static Command BuildBudget()
    {
        var command = new Command("budget", "The cash budget per month: list it, or set months from a file") { Import, Format };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            if (parse.GetValue(Import) is { } file)
            {
                var lines = BudgetFile.Read(file.FullName);
                if (!lines.IsSuccess) return Cli.Refuse(lines.Errors, format);
                var set = await CashBudgets.SetAsync(db, lines.Value!, "cli:" + Environment.UserName, scope.ServiceProvider.GetRequiredService<ArFlowOptions>(),
                    scope.ServiceProvider.GetRequiredService<Clock>(), ct);
                // The use case names lines by their index; the file's reader knows them by line number.
                if (!set.IsSuccess) return Cli.Refuse(set.Errors.Select(BudgetFile.AtLine).ToList(), format);
            }
            var budget = await CashBudgets.ListAsync(db, ct);
            if (format == "json") Cli.WriteJson(budget);
            else
            {
                var culture = CultureInfo.CurrentUICulture;
                var table = new Table().Border(TableBorder.Rounded).AddColumn(Text.Get(culture, "forecast.month")).AddColumn(Text.Get(culture, "forecast.budget"));
                foreach (var b in budget) table.AddRow(b.Month, b.Amount.ToString("#,0.00", culture));
                AnsiConsole.Write(table);
            }
            return Cli.Ok;
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? fromText, string fromOption, bool backtest, CancellationToken ct)
    {
        var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
        var errors = new List<DomainError>();
        var from = fromText is null ? null : Cli.ParseDate(fromText, fromOption, errors);
        if (format is not ("table" or "json" or "xlsx")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, xlsx"));
        if (errors.Count > 0) return Cli.Refuse(errors, format);
        await using var services = Cli.Services(parse);
        await Cli.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<Clock>();
        if (backtest && from >= clock.Today) return Cli.Refuse([new DomainError(ErrorCodes.OutOfRange, fromOption, fromText!)], format);
        var result = await CashFlowForecast.RunAsync(db, from, parse.GetValue(Weeks), scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), clock, ct);
        if (!result.IsSuccess) return Cli.Refuse(result.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
        var forecast = result.Value!;
        var output = parse.GetValue(Output);
        if (format != "table" || output is not null)
            await db.RecordExportAsync(output?.FullName ?? $"stdout ({format})", new { report = backtest ? "forecast-backtest" : "forecast", from = forecast.From, weeks = forecast.Weeks.Count, format }, ct);
        await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
        var culture = CultureInfo.CurrentUICulture;
        switch (format)
        {
            case "json":
                await System.Text.Json.JsonSerializer.SerializeAsync(stream, forecast, Cli.Json, ct);
                break;
            case "xlsx":
                await ForecastExport.XlsxAsync(stream, forecast, culture, ct);
                break;
            default:
                var console = Cli.Console(stream, output);
                var rows = ForecastExport.Rows(forecast, forecast.Weeks, culture).ToList();
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in rows[0].Keys) table.AddColumn(Markup.Escape(c));
                foreach (var r in rows) table.AddRow(r.Values.Select(v => Markup.Escape(v switch { decimal d => d.ToString("#,0.00", culture), null => "", _ => Convert.ToString(v, culture) ?? "" })).ToArray());
                console.MarkupLine(Markup.Escape(ForecastExport.Title(forecast, culture)));
                console.Write(table);
                foreach (var line in ForecastExport.Notes(forecast, culture)) console.MarkupLine(Markup.Escape(line));
                break;
        }
        return Cli.Ok;
    }
}

/// <summary>The forecast as rows with headings in the reader's language: a sheet each for days, weeks and months.</summary>
public static class ForecastExport
{
    public static async Task XlsxAsync(Stream stream, CashForecastResult forecast, CultureInfo culture, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var sheets = new Dictionary<string, object>
        {
            [Text.Get(culture, "forecast.sheet.weeks")] = Rows(forecast, forecast.Weeks, culture).ToList(),
            [Text.Get(culture, "forecast.sheet.months")] = Rows(forecast, forecast.Months, culture).ToList(),
            [Text.Get(culture, "forecast.sheet.days")] = Rows(forecast, forecast.Days, culture).ToList(),
            [Text.Get(culture, "forecast.sheet.notes")] = Notes(forecast, culture).Prepend(Title(forecast, culture)).Select(n => new Dictionary<string, object?> { [Text.Get(culture, "forecast.sheet.notes")] = n }).ToList(),
        };
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
    }

    public static IEnumerable<Dictionary<string, object?>> Rows(CashForecastResult forecast, IEnumerable<ForecastPeriod> periods, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(periods);
        string T(string key) => Text.Get(culture, "forecast." + key);
        foreach (var p in periods)
        {
            var row = new Dictionary<string, object?>
            {
                [T("from")] = p.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [T("to")] = p.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [T("invoices")] = p.Invoices, [T("installments")] = p.Installments, [T("repayment_plans")] = p.RepaymentPlans,
                [T("promises")] = p.Promises, [T("bills")] = p.Bills, [T("total")] = p.Total, [T("on_due_date")] = p.OnDueDate,
                [T("budget")] = p.Budget, [T("gap")] = p.Gap,
            };
            if (forecast.AsKnownThen) row[T("actual")] = p.Actual;
            yield return row;
        }
    }

    /// <summary>A scenario's weeks: the forecast as it stands, under the scenario, the difference and the budget.</summary>
    public static IEnumerable<Dictionary<string, object?>> ScenarioRows(ForecastScenarios.ScenarioRun run, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(run);
        string T(string key) => Text.Get(culture, "forecast." + key);
        return run.Weeks.Select(w => new Dictionary<string, object?>
        {
            [T("from")] = w.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [T("to")] = w.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [T("total")] = w.Forecast, [T("scenario")] = w.Scenario, [T("difference")] = w.Difference, [T("budget")] = w.Budget,
        });
    }

    public static string Title(CashForecastResult f, CultureInfo culture) => Text.Get(culture, f.AsKnownThen ? "forecast.title.then" : "forecast.title",
        Fmt.Date(f.From), Fmt.Date(f.To), f.BaseCurrency, Fmt.Date(f.MadeOn));

    public static IEnumerable<string> Notes(CashForecastResult f, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(f);
        string M(decimal amount) => amount.ToString("#,0.00", culture);
        if (f.BeforeWindow != 0) yield return Text.Get(culture, "forecast.note.before", M(f.BeforeWindow));
        yield return Text.Get(culture, "forecast.note.after", M(f.AfterWindow));
        yield return Text.Get(culture, "forecast.note.overdue", M(f.OverdueAtStart));
        yield return Text.Get(culture, "forecast.note.doubtful", M(f.Doubtful));
        if (f.AsKnownThen)
            yield return f.WeeklyMape is { } mape ? Text.Get(culture, "forecast.note.mape", (mape * 100m).ToString("0.0", culture)) : Text.Get(culture, "forecast.note.no_mape");
    }
}

/// <summary>A budget file: CSV or XLSX, a header row naming the columns month (月份) and amount (金额).</summary>
public static class BudgetFile
{
    public static Result<List<CashBudgets.Line>> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static Result<List<CashBudgets.Line>> Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        List<IDictionary<string, object?>> rows;
        try
        {
            var type = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ExcelType.CSV : ExcelType.XLSX;
            rows = MiniExcel.Query(stream, useHeaderRow: true, excelType: type).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException)
        {
            return new DomainError(ErrorCodes.UnreadableFile, "file", e.Message);
        }
        string? Column(IDictionary<string, object?> row, params string[] names) => row.Keys.FirstOrDefault(k => names.Contains(k.Trim(), StringComparer.OrdinalIgnoreCase));
        var first = rows.FirstOrDefault();
        var month = first is null ? null : Column(first, "month", "月份");
        var amount = first is null ? null : Column(first, "amount", "金额");
        if (month is null || amount is null) return new DomainError(ErrorCodes.MissingColumn, "file", string.Join(", ", new[] { month is null ? "month" : null, amount is null ? "amount" : null }.OfType<string>()));
        var lines = new List<CashBudgets.Line>();
        for (var i = 0; i < rows.Count; i++)
        {
            var text = Convert.ToString(rows[i][amount], CultureInfo.InvariantCulture)?.Trim();
            decimal? value = null;
            if (!string.IsNullOrEmpty(text))
            {
                if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
                    return new DomainError(ErrorCodes.InvalidAmount, $"line {i + 2}, amount", text);
                value = v;
            }
            var m = rows[i][month] switch { DateTime d => d.ToString("yyyy-MM", CultureInfo.InvariantCulture), var o => Convert.ToString(o, CultureInfo.InvariantCulture) };
            lines.Add(new CashBudgets.Line(m, value));
        }
        return lines;
    }

    /// <summary><c>lines[3].month</c> becomes <c>line 5, month</c> (the header is line 1).</summary>
    public static DomainError AtLine(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var match = System.Text.RegularExpressions.Regex.Match(error.Field ?? "", @"^lines\[(\d+)\]\.(\w+)$");
        return match.Success ? error.AtField($"line {int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 2}, {match.Groups[2].Value}") : error;
    }
}
