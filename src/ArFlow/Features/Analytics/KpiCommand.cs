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
            var report = await KpiReport.RunAsync(db, from, to, parse.GetValue(By), scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), ct);
            if (!report.IsSuccess) return Cli.Refuse(report.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            var output = parse.GetValue(Output);
            if (format != "table" || output is not null)
                await db.RecordExportAsync(output?.FullName ?? $"stdout ({format})", new { report = "kpi", from, to, by = report.Value!.By, format }, ct);
            await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
            var culture = CultureInfo.CurrentUICulture;
            switch (format)
            {
                case "json":
                    await System.Text.Json.JsonSerializer.SerializeAsync(stream, report.Value, Cli.Json, ct);
                    break;
                case "xlsx":
                    await stream.SaveAsAsync(KpiExport.Rows(report.Value!, culture).ToList(), sheetName: "KPI", cancellationToken: ct);
                    break;
                default:
                    var console = Cli.Console(stream, output);
                    var table = new Table().Border(TableBorder.Rounded);
                    var rows = KpiExport.Rows(report.Value!, culture).ToList();
                    foreach (var c in rows.FirstOrDefault()?.Keys ?? Enumerable.Empty<string>()) table.AddColumn(Markup.Escape(c));
                    foreach (var r in rows) table.AddRow(r.Values.Select(v => Markup.Escape(v switch { decimal d => d.ToString("#,0.##", culture), null => "", _ => Convert.ToString(v, culture) ?? "" })).ToArray());
                    console.MarkupLine(Markup.Escape(Text.Get(culture, "kpi.title", report.Value!.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.Value.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.Value.BaseCurrency)));
                    console.Write(table);
                    break;
            }
            return Cli.Ok;
        });
        return command;
    }
}

/// <summary>The report as rows with headings in the reader's language.</summary>
public static class KpiExport
{
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
            };
    }
}
