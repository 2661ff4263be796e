using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ArFlow.Tests.Infrastructure;

/// <summary>A real HTTP server on loopback that receives webhook (or SMS gateway) calls, keeps each
/// one, and answers with the statuses it is told to (then 200) and <see cref="AnswerBody"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Call(IReadOnlyDictionary<string, string> Headers, string Body, string Path = "");

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<int> _answers = new();

    public ConcurrentQueue<Call> Calls { get; } = new();
    public string Url { get; }
    public string AnswerBody { get; set; } = "";

    public WebhookReceiver(params int[] firstAnswers)
    {
        foreach (var a in firstAnswers) _answers.Enqueue(a);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var status = _answers.TryDequeue(out var s) ? s : 200;
            if (status is >= 200 and < 300) Calls.Enqueue(new Call(headers, body, context.Request.RawUrl ?? ""));
            context.Response.StatusCode = status;
            var answer = System.Text.Encoding.UTF8.GetBytes(AnswerBody);
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
