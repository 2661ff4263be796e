using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ArFlow.Data;
using ArFlow.Domain.Errors;
using ArFlow.Infrastructure.Access;
using Spectre.Console;

namespace ArFlow.Infrastructure;

/// <summary>What every command shares: the --db and --lang options, the services, and the rules
/// for output (JSON alone on stdout with --format json; tables and progress bars only on a terminal).</summary>
public static class Cli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static readonly Option<string?> Db = new("--db")
    {
        Description = "SQLite file or connection string, or PostgreSQL connection string/URL (default: configuration ArFlow:Database)",
        Recursive = true,
    };

    public static readonly Option<string?> Lang = new("--lang")
    {
        Description = "Language of messages and report titles: zh-CN or en-US (default: from the environment)",
        Recursive = true,
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    /// <summary>The services a command needs, configured like the server (appsettings.json,
    /// ARFLOW__* environment variables) with --db on top.</summary>
    public static ServiceProvider Services(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        CultureInfo.CurrentUICulture = Text.Closest(parse.GetValue(Lang) ?? CultureInfo.CurrentUICulture.Name);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(parse.GetValue(Db) is { } db ? [new("ArFlow:Database", db)] : [])
            .Build();
        return new ServiceCollection()
            .AddSingleton(Actors.Command(parse.Tokens.Select(t => t.Value)))
            .AddArFlow(configuration).BuildServiceProvider();
    }

    /// <summary>The schema and the roles, as the server's start-up makes them.</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken ct) => DatabaseStartup.PrepareAsync(services, ct);

    /// <summary>Progress bars and tables are for people: only when stdout is a terminal and JSON was not asked for.</summary>
    public static bool Interactive(string? format) => format != "json" && !System.Console.IsOutputRedirected;

    /// <summary>The terminal, or a console that writes plain text into the --output file.</summary>
    public static IAnsiConsole Console(Stream stream, FileInfo? output) =>
        output is null ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StreamWriter(stream) { AutoFlush = true }) });

    public static void WriteJson<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Prints bad input on stderr (or as a problem object on stdout with --format json) and returns exit code 2.</summary>
    public static int Refuse(IReadOnlyList<DomainError> errors, string? format)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (format == "json")
            WriteJson(new { code = errors[0].Code, errors = errors.Select(e => new { field = e.Field, code = e.Code, message = e.Message() }) });
        else
            foreach (var e in errors) System.Console.Error.WriteLine(e.Line());
        return BadInput;
    }

    public static DateOnly? ParseDate(string? text, string field, List<DomainError> errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new DomainError(ErrorCodes.InvalidDate, field, text));
        return null;
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar on a terminal, silently otherwise.</summary>
    public static async Task<T> WithProgressAsync<T>(string? format, string title, int? total, Func<IProgress<int>?, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Interactive(format)) return await work(null);
        T result = default!;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask(title, maxValue: total ?? 100);
            if (total is null) task.IsIndeterminate = true;
            result = await work(new Progress<int>(n => task.Value = n));
            task.Value = task.MaxValue;
        });
        return result;
    }
}
