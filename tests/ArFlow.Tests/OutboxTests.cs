using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>The outbox list: each state filters exactly the messages shown in that state, and a
/// message given up is tried once more on request (a real SMTP connection refused on loopback).</summary>
public abstract class OutboxTests(Engine engine)
{
    [Fact]
    public async Task AMessageGivenUp_IsListedAsFailed_AndTriedOnceMoreOnRequest()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.MailThrough(ClosedPort());
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "Pacific Trading", contacts = new[] { new { name = "Ann", email = "ann@c1.test", language = "en-US" } } });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-1", issueDate = "2026-04-01", dueDate = "2026-06-23", amount = 500m });
        await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal("queued", (await admin.Get("/api/outbox"))["items"]![0]!["state"].Str());

        var sender = app.Services.GetRequiredService<OutboxSender>();
        await sender.SendDueAsync(CancellationToken.None);
        var retrying = (await admin.Get("/api/outbox?state=retrying"))["items"]!.AsArray().Single()!;
        Assert.Equal((1, "C1"), (retrying["attempts"]!.GetValue<int>(), retrying["customerCode"].Str()));
        Assert.NotNull(retrying["lastError"]);
        await admin.Post($"/api/outbox/{retrying["id"]}/retry", new { }, 409);

        for (var i = 1; i < OutboxSender.MaxAttempts; i++)
        {
            app.Time.Advance(TimeSpan.FromHours(7));
            await sender.SendDueAsync(CancellationToken.None);
        }
        var failed = (await admin.Get("/api/outbox?state=failed"))["items"]!.AsArray().Single()!;
        Assert.Equal(OutboxSender.MaxAttempts, failed["log"]!.AsArray().Count);
        foreach (var state in DeliveryState.All.Where(s => s != "failed"))
            Assert.Equal(0, (await admin.Get($"/api/outbox?state={state}"))["total"]!.GetValue<int>());

        var again = await admin.Post($"/api/outbox/{failed["id"]}/retry", new { }, 200);
        Assert.Equal("retrying", again["state"].Str());
        await sender.SendDueAsync(CancellationToken.None);
        var once = (await admin.Get("/api/outbox"))["items"]![0]!;
        Assert.Equal(("failed", OutboxSender.MaxAttempts + 1), (once["state"].Str(), once["attempts"]!.GetValue<int>()));

        await admin.Post("/api/outbox/999999/retry", new { }, 404);
        var bad = await admin.Get("/api/outbox?state=lost", 400);
        Assert.Equal(["state"], bad["errors"]!.AsObject().Select(e => e.Key));
        await app.Client(asUser: "k.collector", role: "Collector").Get("/api/outbox", 403);
    }

    /// <summary>A loopback port nothing listens on: connecting to it is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteOutboxTests() : OutboxTests(Engine.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(Engine.Postgres);
