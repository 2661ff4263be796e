using System.CommandLine;
using ArFlow.Data;
using ArFlow.Features.Users;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Demo;

public static class DemoCommand
{
    private static readonly Option<int> Customers = new("--customers") { Description = "Number of customers", DefaultValueFactory = _ => DemoCompany.DefaultSize.Customers };
    private static readonly Option<int> Invoices = new("--invoices") { Description = "Number of invoices", DefaultValueFactory = _ => DemoCompany.DefaultSize.Invoices };
    private static readonly Option<int> Seed = new("--seed") { Description = "Random seed: the same seed gives the same company", DefaultValueFactory = _ => DemoCompany.DefaultSize.Seed };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command Build()
    {
        var command = new Command("demo", "Create a realistic demo company with two years of history in an empty database") { Customers, Invoices, Seed, Format };
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            var size = new DemoSize(parse.GetValue(Customers), parse.GetValue(Invoices), parse.GetValue(Seed));
            if (size.Customers < 1 || size.Invoices < 0)
                return Cli.Refuse([new Domain.Errors.DomainError(Domain.Errors.ErrorCodes.AmountNotPositive, "--customers")], format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            var result = await Cli.WithProgressAsync(format, "demo", size.Customers, progress =>
                DemoCompany.CreateIfEmptyAsync(db, services.GetRequiredService<ArFlowOptions>(), services.GetRequiredService<Clock>(), size, ct, progress));
            if (result is null)
            {
                Console.Error.WriteLine(Text.Ui("cli.demo_exists"));
                return Cli.BadInput;
            }
            await UserAccounts.AddDemoPeopleAsync(scope.ServiceProvider, services.GetRequiredService<Clock>().Now);
            if (format == "json") Cli.WriteJson(result);
            else Console.WriteLine(Text.Ui("cli.demo_done", result.Customers, result.Invoices));
            return Cli.Ok;
        });
        return command;
    }
}
