using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using MiniExcelLibs;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Ageing;

public static class AgeingCommand
{
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "YYYY-MM-DD (default: today in the company's time zone)" };
    private static readonly Option<string?> By = new("--by") { Description = "customer (default), owner, grade or currency" };
    private static readonly Option<string?> Basis = new("--basis") { Description = "due-date (default) or document-date" };
    private static readonly Option<string?> Format = new("--format") { Description = "table (default), json, csv or xlsx" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write to this file instead of stdout" };

    public static Command Build()
    {
        var command = new Command("ageing", "Ageing of receivables as of any date") { AsOf, By, Basis, Format, Output };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            await using var services = Cli.Services(parse);
            var options = services.GetRequiredService<ArFlowOptions>();
            var errors = new List<DomainError>();
            var check = new Check();
            var group = check.Choice("--by", parse.GetValue(By), AgeingGroup.Customer);
            var basis = check.Choice("--basis", parse.GetValue(Basis), options.AgeingBasis);
            if (format is not ("table" or "json" or "csv" or "xlsx")) check.Add(ErrorCodes.InvalidEnum, "--format", format, "table, json, csv, xlsx");
            var asOf = Cli.ParseDate(parse.GetValue(AsOf), "--as-of", errors);
            errors.AddRange(check.Errors);
            if (errors.Count > 0) return Cli.Refuse(errors, format);

            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var date = asOf ?? services.GetRequiredService<Clock>().Today;
            var buckets = options.Buckets;
            var header = new AgeingHeader(date, Check.Kebab(basis.ToString()), Check.Kebab(group.ToString()), options.BaseCurrency, buckets.Labels());
            var rows = AgeingQuery.RunAsync(db, date, group, buckets, basis, ct);
            if (format != "table" || parse.GetValue(Output) is not null)
                await db.RecordExportAsync(parse.GetValue(Output)?.FullName ?? $"stdout ({format})", new { header.AsOf, header.By, header.Basis, format }, ct);
            await WriteAsync(header, rows, format, parse.GetValue(Output), ct);
            return Cli.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(AgeingHeader header, IAsyncEnumerable<AgeingRow> rows, string format, FileInfo? output, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
        switch (format)
        {
            case "json":
                await AgeingOutput.WriteJsonAsync(stream, header, rows, ct);
                break;
            case "csv":
                await using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(output is not null)))
                    await AgeingOutput.WriteCsvAsync(writer, header, rows, culture, ct);
                break;
            case "xlsx":
                var columns = AgeingOutput.Columns(header, culture);
                var totals = new AgeingOutput.Totals(header.Buckets.Count);
                IEnumerable<Dictionary<string, object?>> Sheet()
                {
                    foreach (var row in rows.ToBlockingEnumerable(ct))
                    {
                        totals.Add(row);
                        yield return SheetRow(columns, row, header.By);
                    }
                    foreach (var t in totals.Rows) yield return SheetRow(columns, t with { Key = Text.Get(culture, "report.total"), Name = header.By == "customer" ? "" : null }, header.By);
                }
                await stream.SaveAsAsync(Sheet(), sheetName: "Ageing", cancellationToken: ct);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in AgeingOutput.Columns(header, culture)) table.AddColumn(new TableColumn(Markup.Escape(c)));
                var sums = new AgeingOutput.Totals(header.Buckets.Count);
                await foreach (var row in rows.WithCancellation(ct))
                {
                    sums.Add(row);
                    table.AddRow(AgeingOutput.Cells(row, header.By).Select(Markup.Escape).ToArray());
                }
                foreach (var t in sums.Rows)
                    table.AddRow(AgeingOutput.Cells(t with { Key = Text.Get(culture, "report.total"), Name = header.By == "customer" ? "" : null }, header.By)
                        .Select(c => $"[bold]{Markup.Escape(c)}[/]").ToArray());
                Cli.Console(stream, output).Write(table);
                break;
        }
    }

    private static Dictionary<string, object?> SheetRow(IReadOnlyList<string> columns, AgeingRow row, string by)
    {
        var values = new List<object?>();
        if (by != "currency") values.Add(row.Key);
        if (row.Name is not null) values.Add(row.Name);
        values.Add(row.Currency);
        values.AddRange(row.Buckets.Cast<object?>());
        values.Add(row.Unapplied);
        values.Add(row.Balance);
        values.Add(row.BalanceBase);
        return columns.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }
}
