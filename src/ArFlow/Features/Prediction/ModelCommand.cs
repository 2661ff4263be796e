using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Prediction;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Prediction;

/// <summary>`arflow model train` and `arflow model backtest --cutoff DATE [--file CSV] [--late-days N]
/// [--format json]`: payment prediction by hand, on the ledger or on a file in the public dataset's layout.</summary>
public static class ModelCommand
{
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };
    private static readonly Option<string?> Cutoff = new("--cutoff") { Description = "Train on invoices settled before this day (YYYY-MM-DD); score those issued on or after it", Required = true };
    private static readonly Option<FileInfo?> File = new("--file") { Description = "A CSV in the layout of the public Accounts Receivable dataset instead of the ledger" };
    private static readonly Option<int?> LateDays = new("--late-days") { Description = "Late means paid more than this many days after the due date (default ArFlow:PredictionLateDays, 30)" };

    public static Command Build()
    {
        var train = new Command("train", "Train the payment-prediction model on the ledger now and keep it") { Format };
        train.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var result = await PaymentPredictions.TrainAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(),
                services.GetRequiredService<ArFlowOptions>(), services.GetRequiredService<Clock>(), ct);
            if (parse.GetValue(Format) == "json") Cli.WriteJson(result);
            else
            {
                Console.WriteLine(Text.Ui(result.Trained ? "cli.model_trained" : "cli.model_too_little", result.Invoices, PaymentModel.MinimumRows));
                Print(result.Holdout);
            }
            return 0;
        });

        var backtest = new Command("backtest", "Train on what was known before a cutoff and score the invoices issued after it, beside a naive forecast")
            { Cutoff, File, LateDays, Format };
        backtest.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            var errors = new List<DomainError>();
            var cutoff = Cli.ParseDate(parse.GetValue(Cutoff), "--cutoff", errors);
            if (parse.GetValue(LateDays) is < 0) errors.Add(new DomainError(ErrorCodes.NegativeNotAllowed, "--late-days"));
            var file = parse.GetValue(File);
            if (file is { Exists: false }) errors.Add(new DomainError(ErrorCodes.UnreadableFile, "--file", file.FullName));
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            var options = services.GetRequiredService<ArFlowOptions>();
            var lateDays = parse.GetValue(LateDays) ?? options.PredictionLateDays;
            List<InvoiceRecord> invoices;
            IReadOnlyDictionary<string, CreditInputs>? credit = null;
            if (file is not null)
            {
                var read = PaymentData.FromCsv(file.FullName);
                if (!read.IsSuccess) return Cli.Refuse(read.Errors, format);
                invoices = read.Value!;
            }
            else
            {
                await Cli.MigrateAsync(services, ct);
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
                var today = services.GetRequiredService<Clock>().Today;
                invoices = await PaymentData.FromLedgerAsync(db, today.AddYears(-3), ct);
                credit = await PaymentData.CreditInputsAsync(db, today, ct);
            }
            var report = PaymentBacktest.Run(invoices, cutoff!.Value, lateDays, credit);
            if (format == "json") Cli.WriteJson(report);
            else Print(report);
            return 0;
        });
        return new Command("model", "Payment prediction: train, backtest") { train, backtest };
    }

    private static void Print(BacktestReport r)
    {
        Console.WriteLine(Text.Ui("cli.backtest_head", r.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.TrainedOn, r.LateInTraining, r.Naive.Invoices, r.LateDays));
        Console.WriteLine($"{"",-8}{"AUC",8}{Text.Ui("cli.backtest_accuracy"),10}{Text.Ui("cli.backtest_mae"),10}");
        if (r.Model is { } m) Console.WriteLine(Line(Text.Ui("cli.backtest_model"), m));
        else Console.WriteLine(Text.Ui("cli.backtest_no_model"));
        Console.WriteLine(Line(Text.Ui("cli.backtest_naive"), r.Naive));
    }

    private static string Line(string name, PredictionScore s) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-8}{Figure(s.Auc, "0.000"),8}{Figure(s.Accuracy, "0.000"),10}{Figure(s.MaeDays, "0.00"),10}");

    /// <summary>A figure, or a dash when it is undefined (AUC with only one class among the invoices).</summary>
    private static string Figure(decimal? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";
}
