using System.CommandLine;
using ArFlow.Features.Ageing;
using ArFlow.Features.Audit;
using ArFlow.Features.Backups;
using ArFlow.Features.Credit;
using ArFlow.Features.Demo;
using ArFlow.Features.Imports;
using ArFlow.Features.Serve;
using ArFlow.Features.Statements;
using ArFlow.Features.Users;
using ArFlow.Infrastructure;

// arflow: one executable. With no command it serves (so the test host and `dotnet run` both work);
// every other face of the product is a subcommand.
var root = new RootCommand("ArFlow: receivables, credit and collections");
root.Options.Add(Cli.Db);
root.Options.Add(Cli.Lang);
ServeCommand.AddTo(root);
root.Subcommands.Add(ServeCommand.Build());
root.Subcommands.Add(MigrateCommand.Build());
root.Subcommands.Add(DemoCommand.Build());
root.Subcommands.Add(ImportCommand.Build());
root.Subcommands.Add(UsersCommand.Build());
root.Subcommands.Add(AuditCommand.Build());
root.Subcommands.Add(CreditCommand.Build());
root.Subcommands.Add(ArFlow.Features.Dunning.DunningCommand.Build());
root.Subcommands.Add(ArFlow.Features.Prediction.ModelCommand.Build());
root.Subcommands.Add(ArFlow.Features.Bank.BankCommand.Build());
root.Subcommands.Add(BackupCommand.BuildBackup());
root.Subcommands.Add(BackupCommand.BuildRestore());
root.Subcommands.Add(ArFlow.Features.Analytics.ForecastCommand.Build());
root.Subcommands.Add(new Command("report", "Reports: ageing, statements of account, KPIs") { AgeingCommand.Build(), StatementCommand.Build(), ArFlow.Features.Analytics.KpiCommand.Build(), ArFlow.Features.Analytics.KpiCommand.BuildTrend(), ArFlow.Features.Analytics.MonthlyReportCommand.Build() });

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
    return Cli.BadInput;
}
return await parse.InvokeAsync();

/// <summary>The entry point's type, for the test host.</summary>
public partial class Program;
