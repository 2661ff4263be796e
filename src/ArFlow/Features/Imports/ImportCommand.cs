using System.CommandLine;
using ArFlow.Data;
using ArFlow.Infrastructure;
using Spectre.Console;
using Text = ArFlow.Infrastructure.Text;

namespace ArFlow.Features.Imports;

public static class ImportCommand
{
    private static readonly Argument<string> Kind = new("kind") { Description = "customers, invoices, receipts or credit-notes" };
    private static readonly Argument<FileInfo> File = new("file") { Description = "CSV (comma or tab, UTF-8 with or without BOM) or .xlsx" };
    private static readonly Option<bool> SkipInvalid = new("--skip-invalid") { Description = "Import the valid rows and report the others" };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command Build()
    {
        Kind.AcceptOnlyFromAmong("customers", "invoices", "receipts", "credit-notes");
        var command = new Command("import", "Import customers, invoices, receipts or credit notes; importing the same file twice creates no duplicates")
        {
            Kind, File, SkipInvalid, Format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            var file = parse.GetValue(File)!;
            await using var services = Cli.Services(parse);
            if (!file.Exists)
                return Cli.Refuse([new Domain.Errors.DomainError(Domain.Errors.ErrorCodes.UnreadableFile, "file", file.FullName)], format);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var kind = ImportSpec.Parse(parse.GetValue(Kind)!);
            var result = await Cli.WithProgressAsync(format, Text.Ui("cli.importing"), null, progress =>
                ImportFile.RunAsync(db, kind, file.FullName, parse.GetValue(SkipInvalid) ? ImportMode.SkipInvalid : ImportMode.AllOrNothing, services.GetRequiredService<ArFlowOptions>(),
                    services.GetRequiredService<Clock>(), progress is null ? null : new Progress<ImportFile.Progress>(p => progress.Report(p.Rows)), ct));
            Report(result, format);
            return result.Problems.Count > 0 ? Cli.BadInput : Cli.Ok;
        });
        return command;
    }

    private static void Report(ImportResult result, string? format)
    {
        if (format == "json")
        {
            Cli.WriteJson(result);
            return;
        }
        foreach (var p in result.Problems)
            Console.Error.WriteLine(p.Line > 0
                ? $"{Text.Ui("cli.line", p.Line)}, {p.Column}: {p.Message}"
                : p.Message);
        var summary = result.Committed
            ? Text.Ui("cli.import_done", result.Imported, Text.Ui("kind." + result.Kind), result.AlreadyPresent, result.Invalid)
            : Text.Ui("cli.import_refused", result.Problems.Count);
        if (Cli.Interactive(format)) AnsiConsole.MarkupLine(result.Committed ? $"[green]{Markup.Escape(summary)}[/]" : $"[red]{Markup.Escape(summary)}[/]");
        else (result.Committed ? Console.Out : Console.Error).WriteLine(summary);
    }
}
