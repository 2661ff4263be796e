using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace ArFlow.Tests.Infrastructure;

/// <summary>A real SMTP server on loopback (Debian's python3-aiosmtpd, which the test command
/// installs) that keeps every message it receives in a Maildir, and refuses for good (550) every
/// recipient whose address begins with "refused" (refusing_mailbox.py).</summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _maildir;

    public int Port { get; }

    private SmtpServer(Process process, string maildir, int port) => (_process, _maildir, Port) = (process, maildir, port);

    public static async Task<SmtpServer> StartAsync()
    {
        var maildir = Directory.CreateTempSubdirectory("arflow-mail-").FullName;
        foreach (var folder in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, folder));
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-u", "-l", $"127.0.0.1:{port}", "-c", "refusing_mailbox.RefusingMailbox", maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
            Environment = { ["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Infrastructure") },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3 -m aiosmtpd (apt-get install python3-aiosmtpd).");
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) throw new InvalidOperationException("aiosmtpd exited: " + await process.StandardError.ReadToEndAsync());
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new SmtpServer(process, maildir, port);
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        process.Kill();
        throw new TimeoutException("aiosmtpd did not listen within 10 s.");
    }

    /// <summary>Waits (up to 20 s) until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        var folder = Path.Combine(_maildir, "new");
        for (var i = 0; i < 200; i++)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
            if (files.Length >= count) return files.Select(f => MimeMessage.Load(f)).ToList();
            await Task.Delay(100);
        }
        throw new TimeoutException($"Fewer than {count} messages arrived.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_maildir, recursive: true);
    }
}
