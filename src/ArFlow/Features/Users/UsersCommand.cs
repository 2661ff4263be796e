using System.CommandLine;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Users;

/// <summary>`arflow users add NAME --role admin` creates an account (the first admin of a new
/// installation comes from here or from the first-run page); `arflow users api-key NAME` issues a
/// key for a program to call the API as that person.</summary>
public static class UsersCommand
{
    private static readonly Argument<string> UserName = new("user-name") { Description = "The name the person signs in with" };
    private static readonly Option<string> Role = new("--role") { Description = "admin, finance-manager, ar-clerk, collector, sales, legal or auditor", Required = true };
    private static readonly Option<string?> DisplayName = new("--display-name") { Description = "The name shown in the console" };
    private static readonly Option<string?> Email = new("--email") { Description = "E-mail address" };
    private static readonly Option<string?> Language = new("--language") { Description = "zh-CN or en-US (default: the browser's)" };
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password from standard input instead of ARFLOW_PASSWORD" };
    private static readonly Option<string> KeyName = new("--name") { Description = "What the key is for", DefaultValueFactory = _ => "api" };

    public static Command Build()
    {
        var add = new Command("add", "Create an account with a role") { UserName, Role, DisplayName, Email, Language, PasswordStdin };
        add.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            var password = parse.GetValue(PasswordStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r') : Environment.GetEnvironmentVariable("ARFLOW_PASSWORD");
            if (string.IsNullOrEmpty(password)) return Cli.Refuse([new DomainError(ErrorCodes.Required, "password")], null);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var request = new UserAccounts.NewUser(parse.GetValue(UserName)!, password, parse.GetValue(Role)!,
                parse.GetValue(DisplayName), parse.GetValue(Email), parse.GetValue(Language));
            var result = await UserAccounts.AddAsync(scope.ServiceProvider, request, services.GetRequiredService<Clock>().Now);
            if (!result.IsSuccess) return Cli.Refuse(result.Errors, null);
            Console.WriteLine(Text.Ui("cli.user_added", result.Value!.UserName, request.Role));
            return Cli.Ok;
        });

        var apiKey = new Command("api-key", "Issue an API key that acts as this person (shown once)") { UserName, KeyName };
        apiKey.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var key = await UserAccounts.IssueApiKeyAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(),
                parse.GetValue(UserName)!, parse.GetValue(KeyName)!, services.GetRequiredService<Clock>().Now, ct);
            if (key is null) return Cli.Refuse([new DomainError(ErrorCodes.UnknownUser, "user-name", parse.GetValue(UserName)!)], null);
            Console.WriteLine(key);
            return Cli.Ok;
        });

        return new Command("users", "Accounts and API keys") { add, apiKey };
    }
}
