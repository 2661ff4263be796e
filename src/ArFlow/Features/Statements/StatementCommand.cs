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
    private static readonly Option<string?> Format = new("--format") { Description = "table (default), json, csv or xlsx" };
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
            if (format is not ("table" or "json" or "csv" or "xlsx")) errors.Add(new DomainError(ErrorCodes.InvalidEnum, "--format", format, "table, json, csv, xlsx"));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var result = await StatementQuery.RunAsync(db, parse.GetValue(Customer), from, to, ct);
            if (!result.IsSuccess) return Cli.Refuse(result.Errors.Select(e => e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            if (format != "table" || parse.GetValue(Output) is not null)
                await db.RecordExportAsync(parse.GetValue(Output)?.FullName ?? $"stdout ({format})", new { customer = result.Value!.CustomerCode, from, to, format }, ct);
            await WriteAsync(result.Value!, format, parse.GetValue(Output), ct);
            return Cli.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(Statement s, string format, FileInfo? output, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        await using var stream = output is null ? Console.OpenStandardOutput() : output.Create();
        if (format == "json")
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(stream, s, Cli.Json, ct);
            return;
        }
        var rows = Rows(s, culture).ToList();
        if (format == "xlsx")
        {
            await stream.SaveAsAsync(rows, sheetName: "Statement", cancellationToken: ct);
            return;
        }
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

    /// <summary>One flat sheet: per currency the opening line, the movements and the closing line.</summary>
    private static IEnumerable<Dictionary<string, object?>> Rows(Statement s, CultureInfo culture)
    {
        string T(string key) => Text.Get(culture, key);
        Dictionary<string, object?> Row(string currency, string date, string kind, string? number, string? due, decimal? debit, decimal? credit, decimal balance) => new()
        {
            [T("report.currency")] = currency, [T("report.date")] = date, [T("report.document")] = kind, [T("report.number")] = number,
            [T("report.due")] = due, [T("report.debit")] = debit, [T("report.credit")] = credit, [T("report.balance")] = balance,
        };
        foreach (var c in s.Currencies)
        {
            yield return Row(c.Currency, s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), T("report.opening"), null, null, null, null, c.OpeningBalance);
            foreach (var l in c.Lines)
                yield return Row(c.Currency, l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), DocName(l.Kind, culture),
                    l.Number ?? l.ReversesNumber, l.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Debit, l.Credit, l.Balance);
            yield return Row(c.Currency, s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), T("report.closing"), null, null, null, null, c.ClosingBalance);
        }
    }

    private static string DocName(string kebab, CultureInfo culture) =>
        Text.Get(culture, "doc." + string.Concat(kebab.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])));
}
