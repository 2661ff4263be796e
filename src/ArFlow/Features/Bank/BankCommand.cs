using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Bank;

/// <summary>`arflow bank import FILE [--input-format F] [--mapping NAME] [--strict] [--format json]`.</summary>
public static class BankCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "MT940/MT942, CAMT.052/053/054 (XML), or a bank's CSV/.xlsx export" };
    private static readonly Option<string?> InputFormat = new("--input-format") { Description = "mt940, camt053, camt054, csv, xlsx or xls; default: what the file shows" };
    private static readonly Option<string?> Mapping = new("--mapping") { Description = "The column mapping of a CSV/Excel export (icbc, cmb, boc, abc, alipay, wechat); default: the one its header fits" };
    private static readonly Option<bool> Strict = new("--strict") { Description = "Refuse a statement whose balances do not add up (default: import it with a warning)" };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };
    private static readonly Option<bool> AutoPost = new("--auto-post") { Description = "Post as receipts the matches at least as sure as ArFlow:Bank:AutoPostConfidence" };

    public static Command Build()
    {
        var import = new Command("import", "Import a bank statement: each movement once, however often the file is imported") { File, InputFormat, Mapping, Strict, Format };
        import.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            var file = parse.GetValue(File)!;
            if (!file.Exists) return Cli.Refuse([new DomainError(ErrorCodes.UnreadableFile, "file", file.FullName)], format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var result = await BankImport.ImportAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), await System.IO.File.ReadAllBytesAsync(file.FullName, ct),
                file.Name, parse.GetValue(InputFormat), parse.GetValue(Mapping), parse.GetValue(Strict), "cli:" + Environment.UserName, services.GetRequiredService<Clock>(), ct);
            if (!result.IsSuccess) return Cli.Refuse(result.Errors, format);
            if (format == "json") Cli.WriteJson(result.Value);
            else Print(result.Value!);
            return Cli.Ok;
        });
        var match = new Command("match", "Match every imported credit not yet posted to a customer and its invoices; with --auto-post, post the sure ones as receipts") { AutoPost, Format };
        match.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var result = await CashApplication.RunAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), parse.GetValue(AutoPost), "cli:" + Environment.UserName,
                services.GetRequiredService<ArFlowOptions>(), services.GetRequiredService<Clock>(), ct);
            if (format == "json") Cli.WriteJson(result);
            else PrintMatches(result);
            return Cli.Ok;
        });
        return new Command("bank", "Bank statements: import, match") { import, match };
    }

    private static void Print(BankImportResult r)
    {
        foreach (var s in r.Statements)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Account,-28} {s.StatementId ?? "",-24} {s.Format,-10} ") +
                Text.Ui("cli.bank_statement", s.Lines, s.Added, s.Duplicates));
        foreach (var w in r.Warnings) Console.Error.WriteLine(w);
    }

    private static void PrintMatches(MatchRunResult r)
    {
        foreach (var m in r.Matches)
        {
            var invoices = string.Join(", ", m.Invoices.Select(i => $"{i.Number} {i.Amount.ToString("#,0.00", CultureInfo.CurrentCulture)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.Date:yyyy-MM-dd} {m.Amount,14:#,0.00} {m.Currency} {m.CustomerCode ?? "-",-10} {m.Confidence,5:0.00} {Text.Ui("bank.status." + m.Status),-8} {invoices} [{string.Join(", ", m.Reasons.Select(x => Text.Ui("bank.reason." + x)))}]"));
            if (m.Error is not null) Console.Error.WriteLine(m.Error);
        }
        Console.WriteLine(Text.Ui("cli.bank_matched", r.Lines, r.Posted, r.Proposed, r.Unmatched));
    }
}
