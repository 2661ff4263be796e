using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Analytics;

/// <summary>`arflow report monthly --month YYYY-MM [--format table|json|pdf|xlsx] [--output FILE] [--send]`.</summary>
public static class MonthlyReportCommand
{
    private static readonly Option<string> Month = new("--month") { Description = "The month, YYYY-MM", Required = true };
    private static readonly Option<string?> Format = new("--format") { Description = "table (default), json, pdf or xlsx (in the language of --lang)" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write to this file instead of stdout" };
    private static readonly Option<bool> Send = new("--send") { Description = "Make the month's report and email it to the roles chosen in settings, as the schedule does (once per month)" };

    public static Command Build()
    {
        var command = new Command("monthly", "The monthly evaluation report: KPIs against the month before and a year before, ageing movement, risks, cash against budget, collectors, disputes, scenarios")
            { Month, Format, Output, Send };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            var errors = new List<DomainError>();
            MonthlyReport.ParseMonth(parse.GetValue(Month), "--month", errors);
            if (format is not ("table" or "json" or "pdf" or "xlsx")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, pdf, xlsx"));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var (options, clock) = (scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>());
            if (parse.GetValue(Send))
            {
                var run = await scope.ServiceProvider.GetRequiredService<MonthlyReportRun>().RunAsync(db, parse.GetValue(Month), Environment.UserName, ct);
                if (!run.IsSuccess) return Cli.Refuse(run.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
                if (format == "json") await System.Text.Json.JsonSerializer.SerializeAsync(Console.OpenStandardOutput(), run.Value, Cli.Json, ct);
                else Console.WriteLine(Text.Get(CultureInfo.CurrentUICulture, run.Value!.AlreadyDone ? "monthly.cli.already" : "monthly.cli.sent", run.Value.Month, run.Value.Recipients));
                return Cli.Ok;
            }
            var report = await MonthlyReport.RunAsync(db, parse.GetValue(Month), options, clock, ct);
            if (!report.IsSuccess) return Cli.Refuse(report.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            var r = report.Value!;
            var output = parse.GetValue(Output);
            if (format != "table" || output is not null)
                await db.RecordExportAsync(output?.FullName ?? $"stdout ({format})", new { report = "monthly", month = r.Month, format }, ct);
            var culture = CultureInfo.CurrentUICulture;
            await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
            switch (format)
            {
                case "json":
                    await System.Text.Json.JsonSerializer.SerializeAsync(stream, r, Cli.Json, ct);
                    break;
                case "pdf":
                    await stream.WriteAsync(MonthlyReportDocument.Pdf(r, culture.Name, options), ct);
                    break;
                case "xlsx":
                    await MonthlyReportDocument.XlsxAsync(stream, r, culture, ct);
                    break;
                default:
                    var console = Cli.Console(stream, output);
                    console.MarkupLine("[bold]" + Markup.Escape(MonthlyReportDocument.Title(r, culture)) + "[/]");
                    foreach (var s in MonthlyReportDocument.Sections(r, culture))
                    {
                        console.MarkupLine("");
                        console.MarkupLine("[bold]" + Markup.Escape(s.Title) + "[/]");
                        if (s.Rows.Count > 0)
                        {
                            var table = new Table().Border(TableBorder.Rounded);
                            foreach (var c in s.Columns) table.AddColumn(new TableColumn(Markup.Escape(c.Title)) { Alignment = c.Kind == ColumnKind.Text ? Justify.Left : Justify.Right });
                            foreach (var row in s.Rows) table.AddRow(row.Select((v, i) => Markup.Escape(MonthlyReportDocument.Show(v, s.Columns[i].Kind))).ToArray());
                            console.Write(table);
                        }
                        if (s.Note is { } note) console.MarkupLine("[grey]" + Markup.Escape(note) + "[/]");
                    }
                    break;
            }
            return Cli.Ok;
        });
        return command;
    }
}
