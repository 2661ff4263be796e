using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ArFlow.Browser.Tests.ServerFixture))]
// One test at a time: the tests share one demo server (and its SQLite writer) on a two-core CI machine, where
// test classes running side by side made a posting wait out a test's timeout behind another class's work.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ArFlow.Browser.Tests;

/// <summary>The real `arflow serve --demo` as its own process on a loopback port (as the README
/// starts it), and Debian's Chromium driven by Playwright. One server and one browser for all tests;
/// each test opens its own browser context, so cookies never leak between them.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string Password = "ArFlow-demo-2026";
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _folder = Directory.CreateTempSubdirectory("arflow-browser-").FullName;
    private Process? _server;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where failing tests leave their screenshots.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), "tests", "ArFlow.Browser.Tests", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var a in new[] { ServerDll(), "serve", "--demo", "--urls", BaseUrl, "--db", Path.Combine(_folder, "demo.db") }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Every test signs in from the same address, faster than the limit on password attempts allows.
        info.Environment["ArFlow__RateLimits__SignInPerAddress"] = "10000";
        _server = Process.Start(info)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForHealthAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A fresh browser context (own cookies) with a page in the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            if (_server!.HasExited) throw new InvalidOperationException($"arflow exited with {_server.ExitCode}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("arflow did not answer /health within two minutes");
    }

    /// <summary>The app's own build output (same configuration as the tests), where its static web assets are.</summary>
    private static string ServerDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", "ArFlow", "bin", configuration, "net10.0", "arflow.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/ArFlow first", dll);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArFlow.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ArFlow.slnx not found");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
