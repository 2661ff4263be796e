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
    private static readonly Option<string[]> Scopes = new("--scope") { Description = "read (default) and the areas it may write: post, adjust, master-data, settings, users, audit, approve", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> Expires = new("--expires") { Description = "The day the key stops working (yyyy-MM-dd, on the company's clock)" };
    private static readonly Argument<long> KeyId = new("key-id") { Description = "The key's number, from the console's API keys page or GET /api/api-keys" };

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

        var apiKey = new Command("api-key", "Issue an API key that acts as this person, within its scopes (shown once)") { UserName, KeyName, Scopes, Expires };
        apiKey.SetAction(async (parse, ct) =>
        {
            var errors = new List<DomainError>();
            var expires = Cli.ParseDate(parse.GetValue(Expires), "--expires", errors);
            if (errors.Count > 0) return Cli.Refuse(errors, null);
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var clock = services.GetRequiredService<Clock>();
            // Issued by the operating-system user, who is nobody's account: such a key cannot decide approvals.
            var issued = await ApiKeyAdmin.IssueAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(),
                new ApiKeyAdmin.Request(parse.GetValue(UserName), parse.GetValue(KeyName), parse.GetValue(Scopes), expires is { } day ? clock.StartOf(day) : null),
                "cli:" + Environment.UserName, clock, ct);
            if (!issued.IsSuccess) return Cli.Refuse(issued.Errors.Select(e => e.Field == "userName" ? e.AtField("user-name") : e.Field is { } f ? e.AtField("--" + f) : e).ToList(), null);
            Console.WriteLine(issued.Value!.Key);
            return Cli.Ok;
        });

        var revoke = new Command("revoke-key", "Revoke an API key at once") { KeyId };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var revoked = await ApiKeyAdmin.RevokeAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), parse.GetValue(KeyId), services.GetRequiredService<Clock>(), ct);
            if (!revoked.IsSuccess) return Cli.Refuse(revoked.Errors.Select(e => e.AtField("key-id")).ToList(), null);
            Console.WriteLine(Text.Ui("cli.key_revoked", revoked.Value!.Prefix, revoked.Value.UserName));
            return Cli.Ok;
        });

        return new Command("users", "Accounts and API keys") { add, apiKey, revoke };
    }
}
