using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;
using MiniExcelLibs;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Statements;

public static class StatementCommand
{
    private static readonly Option<string> Customer = new("--customer") { Description = "Customer code", Required = true };
    private static readonly Option<string> From = new("--from") { Description = "First day, YYYY-MM-DD", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Last day, YYYY-MM-DD", Required = true };
    private static readonly Option<string?> Format = new("--format") { Description = "table (default), json, csv, xlsx or pdf" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write to this file instead of stdout" };

    public static Command Build()
    {
        var command = new Command("statement", "Statement of account for a customer and period") { Customer, From, To, Format, Output };
        command.SetAction(async (parse, ct) =>
        {
            var format = (parse.GetValue(Format) ?? "table").ToLowerInvariant();
            var errors = new List<DomainError>();
            var from = Cli.ParseDate(parse.GetValue(From), "--from", errors);
            var to = Cli.ParseDate(parse.GetValue(To), "--to", errors);
            if (format is not ("table" or "json" or "csv" or "xlsx" or "pdf")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, csv, xlsx, pdf"));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var result = await StatementQuery.RunAsync(db, parse.GetValue(Customer), from, to, ct);
            if (!result.IsSuccess) return Cli.Refuse(result.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            if (format != "table" || parse.GetValue(Output) is not null)
                await db.RecordExportAsync(parse.GetValue(Output)?.FullName ?? $"stdout ({format})", new { customer = result.Value!.CustomerCode, from, to, format }, ct);
            var options = scope.ServiceProvider.GetRequiredService<ArFlowOptions>();
            var culture = CultureInfo.CurrentUICulture;
            await using var stream = parse.GetValue(Output) is { } file ? file.Create() : Console.OpenStandardOutput();
            if (format == "pdf")
                await stream.WriteAsync(StatementPdf.Render(result.Value!, StatementPdf.Header(options, culture.Name, null, scope.ServiceProvider.GetRequiredService<Clock>().Today, null),
                    culture.Name, options.Buckets, options.Dunning.LetterFont), ct);
            else await WriteAsync(result.Value!, format, stream, parse.GetValue(Output), options, ct);
            return Cli.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(Statement s, string format, Stream stream, FileInfo? output, ArFlowOptions options, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (format == "json")
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(stream, s, Cli.Json, ct);
            return;
        }
        if (format == "xlsx")
        {
            await StatementExport.XlsxAsync(stream, s, culture, options.Buckets, ct);
            return;
        }
        var rows = StatementExport.Movements(s, culture).ToList();
        if (format == "csv")
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(output is not null));
            if (rows.Count > 0) await writer.WriteLineAsync(Csv.Line(rows[0].Keys));
            foreach (var r in rows) await writer.WriteLineAsync(Csv.Line(r.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")));
            return;
        }
        var console = Cli.Console(stream, output);
        console.MarkupLine($"[bold]{Markup.Escape(s.CustomerCode)} {Markup.Escape(s.CustomerName)}[/]  {s.From:yyyy-MM-dd} – {s.To:yyyy-MM-dd}");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in rows.Count > 0 ? rows[0].Keys : Enumerable.Empty<string>()) table.AddColumn(Markup.Escape(c));
        foreach (var r in rows) table.AddRow(r.Values.Select(v => Markup.Escape(v switch { decimal d => d.ToString("#,0.00", culture), _ => Convert.ToString(v, culture) ?? "" })).ToArray());
        console.Write(table);
    }
}
