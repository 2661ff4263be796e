using System.Diagnostics;

namespace ArFlow.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real `arflow` executable (the build of src/ArFlow) as a separate process.</summary>
public static class CliRunner
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArFlow.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArFlow.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>arflow.dll next to the tests (the project reference copies it) or in src/ArFlow's output.</summary>
    public static string Executable { get; } = new[]
    {
        Path.Combine(AppContext.BaseDirectory, "arflow.dll"),
    }.First(File.Exists);

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Executable);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["LANG"] = "en_US.UTF-8";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        return Process.Start(info)!;
    }

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, null);

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        using var process = Start(args, environment);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
