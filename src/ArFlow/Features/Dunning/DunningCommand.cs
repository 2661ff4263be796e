using System.CommandLine;
using System.Globalization;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Dunning;

/// <summary>`arflow dunning run [--date D] [--dry-run] [--format json]`: every action the run took (or would take).</summary>
public static class DunningCommand
{
    private static readonly Option<string?> Date = new("--date") { Description = "The day to run for (YYYY-MM-DD); default today on the company's clock" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "List what the run would do, and do nothing" };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command Build()
    {
        var run = new Command("run", "Send the reminders and make the tasks that are due (idempotent: steps already done are skipped)") { Date, DryRun, Format };
        run.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            var errors = new List<DomainError>();
            var date = parse.GetValue(Date) is null ? null : Cli.ParseDate(parse.GetValue(Date), "--date", errors);
            if (errors.Count > 0) return Cli.Refuse(errors, format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var clock = services.GetRequiredService<Clock>();
            var result = await DunningRun.RunAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), clock,
                services.GetRequiredService<ArFlowOptions>(), date ?? clock.Today, parse.GetValue(DryRun), ct);
            if (format == "json") Cli.WriteJson(result);
            else Print(result);
            return 0;
        });
        return new Command("dunning", "Dunning: reminders, tasks") { run };
    }

    private static void Print(DunningRunResult r)
    {
        var day = r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!r.WorkingDay)
        {
            Console.WriteLine(Text.Ui("cli.dunning_not_working_day", day));
            return;
        }
        foreach (var a in r.Actions)
        {
            var to = a.Target ?? Text.Ui("dunning.task." + a.Task) + (a.AssignedTo is { } who ? " → " + who : "");
            var total = string.Join(" + ", a.Items.GroupBy(i => i.Currency).Select(g => g.Sum(i => i.Amount).ToString("#,0.00", CultureInfo.CurrentCulture) + " " + g.Key));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.CustomerCode,-12} {a.Step,4:+0;-0;0}  {Text.Ui("dunning.channel." + a.Channel),-10} {to}  {a.Items.Count} · {total}"));
        }
        Console.WriteLine(Text.Ui(r.DryRun ? "cli.dunning_summary_dry" : "cli.dunning_summary", day, r.Customers, r.Items, r.Messages, r.Tasks));
    }
}

/// <summary>The daily run at the configured time; the day's mark and the lock make one instance do it.</summary>
public sealed class DunningJob(IServiceProvider services, ArFlowOptions options, ILogger<DunningJob> log)
    : PeriodicJob(services, options, log, TimeSpan.FromMinutes(5))
{
    protected override Task RunOnceAsync(IServiceProvider scope, CancellationToken ct) =>
        DunningRun.RunScheduledAsync(scope.GetRequiredService<ArFlowDbContext>(), scope.GetRequiredService<Clock>(), scope.GetRequiredService<ArFlowOptions>(), ct);
}
