using System.CommandLine;
using ArFlow.Infrastructure;

namespace ArFlow.Features.Serve;

public static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls") { Description = "Where to listen (default http://localhost:5080)" };
    private static readonly Option<bool> Demo = new("--demo") { Description = "Create the demo company when the database is empty" };

    public static Command Build()
    {
        var command = new Command("serve", "Run the web server: REST API under /api, API reference at /api/docs") { Urls, Demo };
        command.SetAction((parse, ct) => RunAsync(parse, [], ct));
        return command;
    }

    /// <summary>Also the root command's action, so `arflow` alone serves; tokens it does not know go
    /// to ASP.NET Core as configuration (that is how the test host passes its settings).</summary>
    public static async Task<int> RunAsync(ParseResult parse, IEnumerable<string> extra, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var args = extra.ToList();
        args.Add("--urls=" + (parse.GetValue(Urls) ?? "http://localhost:5080"));
        if (parse.GetValue(Cli.Db) is { } db) args.Add("--ArFlow:Database=" + db);
        var app = WebApp.Build([.. args], parse.GetValue(Demo));
        await app.RunAsync(ct);
        return Cli.Ok;
    }

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Urls);
        root.Options.Add(Demo);
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) =>
        {
            // Host settings come as --key=value; a bare word is a mistyped command, not a setting.
            if (parse.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } unknown)
            {
                System.Globalization.CultureInfo.CurrentUICulture = Text.Closest(parse.GetValue(Cli.Lang) ?? System.Globalization.CultureInfo.CurrentUICulture.Name);
                Console.Error.WriteLine(Text.Ui("cli.unknown_command", unknown));
                return Task.FromResult(Cli.BadInput);
            }
            return RunAsync(parse, parse.UnmatchedTokens, ct);
        });
    }
}

public static class MigrateCommand
{
    public static Command Build()
    {
        var command = new Command("migrate", "Create or upgrade the database schema (the server does this when it starts)");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = Cli.Services(parse);
            await Cli.MigrateAsync(services, ct);
            return Cli.Ok;
        });
        return command;
    }
}
