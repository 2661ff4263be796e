using System.CommandLine;
using System.Text.Json;
using ArFlow.Data;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Credit;

/// <summary>`arflow credit check CODE [--amount N] [--format json]`: exit 0 pass, 1 warn, 3 block
/// (2 is bad input, as everywhere).</summary>
public static class CreditCommand
{
    private static readonly Argument<string> Customer = new("customer") { Description = "The customer's code" };
    private static readonly Option<decimal?> Amount = new("--amount") { Description = "The amount about to be given on credit (an order, an invoice)" };
    private static readonly Option<string?> Format = new("--format") { Description = "text or json" };

    public static Command Build()
    {
        var check = new Command("check", "Pass, warn or block for a customer and an amount, with the reasons") { Customer, Amount, Format };
        check.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(Format);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var result = await RunCreditCheck.Handle(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(),
                new RunCreditCheck.Request(parse.GetValue(Customer), parse.GetValue(Amount)), services.GetRequiredService<Clock>(), ct);
            if (!result.IsSuccess) return Cli.Refuse(result.Errors.Select(e => e.Field == "customerCode" ? e.AtField("customer") : e.Field is { } f ? e.AtField("--" + f) : e).ToList(), format);
            var answer = result.Value!;
            if (format == "json") Console.WriteLine(JsonSerializer.Serialize(answer, Cli.Json));
            else
            {
                Console.WriteLine(Text.Ui("cli.credit_check", answer.CustomerCode, Text.Ui("credit.outcome." + answer.Outcome), answer.Grade));
                foreach (var reason in answer.Reasons) Console.WriteLine("  " + reason.Text);
            }
            return answer.Outcome switch { "pass" => 0, "warn" => 1, _ => 3 };
        });
        return new Command("credit", "Credit management") { check };
    }
}
