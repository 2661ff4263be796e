using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Features.Webhooks;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Events leave through the outbox to a real HTTP server on loopback: signed with the
/// subscription's secret, retried after a failure, every attempt in the delivery log.</summary>
public abstract class WebhookTests(Engine engine)
{
    [Fact]
    public async Task Events_ArriveSigned_AreRetriedAfterAFailure_AndAreLogged()
    {
        await using var receiver = new WebhookReceiver(500);
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        var made = await admin.Post("/api/webhooks", new { url = receiver.Url, events = new[] { "receipt.posted", "invoice.overdue", "credit.blocked" } });
        var secret = made["secret"].Str();
        var id = made["details"]!["id"]!.GetValue<long>();
        Assert.DoesNotContain(secret, (await admin.Get("/api/webhooks")).ToJsonString(), StringComparison.Ordinal);
        await admin.Post("/api/webhooks", new { url = "ftp://example.com", events = new[] { "nothing.happened" } }, 400);

        await admin.Post("/api/customers", new { code = "C001", name = "Customer" });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-DUE-YESTERDAY", issueDate = "2026-06-01", dueDate = "2026-06-29", amount = 300m });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-DUE-LONG-AGO", issueDate = "2026-05-01", dueDate = "2026-05-31", amount = 50m });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-DUE-NEXT-WEEK", issueDate = "2026-06-05", dueDate = "2026-07-05", amount = 200m });
        await admin.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-30", amount = 50m, invoiceNumber = "INV-DUE-LONG-AGO" });

        // The first run announces what fell due yesterday (not all history), a week later what fell due since, and never twice.
        Assert.Equal(1, await AnnounceAsync(app));
        Assert.Equal(0, await AnnounceAsync(app));
        app.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await AnnounceAsync(app));
        await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/customers/C001") { Content = JsonContent(new { code = "C001", name = "Customer", status = "blocked" }) });
        // A customer file that blocks someone is heard of too.
        await admin.Post("/api/customers", new { code = "C002", name = "Second" });
        var file = Path.Combine(Path.GetTempPath(), $"arflow-block-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "code,name,status\nC002,Second,blocked\n");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await ArFlow.Features.Imports.ImportFile.RunAsync(scope.ServiceProvider.GetRequiredService<ArFlow.Data.ArFlowDbContext>(),
                ArFlow.Features.Imports.ImportKind.Customers, file, ArFlow.Features.Imports.ImportMode.AllOrNothing,
                scope.ServiceProvider.GetRequiredService<ArFlow.Infrastructure.ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>(), null, CancellationToken.None);
            Assert.True(result.Committed && result.Invalid == 0, string.Join("; ", result.Problems));
        }
        File.Delete(file);

        // The first call meets a 500; a minute later it is tried again.
        var sender = app.Services.GetRequiredService<OutboxSender>();
        Assert.Equal(4, await sender.SendDueAsync(CancellationToken.None));
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));

        var calls = receiver.Calls.ToList();
        Assert.Equal(["invoice.overdue", "invoice.overdue", "credit.blocked", "credit.blocked", "receipt.posted"], calls.Select(c => c.Headers["ArFlow-Event"]));
        Assert.Equal(["C001", "C002"], calls.Where(c => c.Headers["ArFlow-Event"] == "credit.blocked").Select(c => JsonNode.Parse(c.Body)!["data"]!["customer"]!["code"].Str()));
        foreach (var call in calls)
        {
            Assert.True(SignedBy(secret, call.Headers[WebhookSignature.Header], call.Body), call.Body);
            Assert.False(SignedBy(secret, call.Headers[WebhookSignature.Header], call.Body.Replace("\"type\"", "\"kind\"", StringComparison.Ordinal)));
            Assert.Equal(call.Headers["ArFlow-Event"], JsonNode.Parse(call.Body)!["type"].Str());
        }
        var overdue = calls.Where(c => c.Headers["ArFlow-Event"] == "invoice.overdue").Select(c => JsonNode.Parse(c.Body)!["data"]!).ToList();
        Assert.Equal(["INV-DUE-YESTERDAY", "INV-DUE-NEXT-WEEK"], overdue.Select(d => d["number"].Str()));
        Assert.Equal(200m, overdue[1]["open"].Dec());
        var receipt = JsonNode.Parse(calls.Single(c => c.Headers["ArFlow-Event"] == "receipt.posted").Body)!["data"]!;
        Assert.Equal("RC-1", receipt["from"]!["number"].Str());

        var log = await admin.Get($"/api/webhooks/{id}/deliveries");
        var first = log["items"]!.AsArray().Single(d => d!["event"].Str() == "receipt.posted")!;
        Assert.Equal(["HTTP 500", "HTTP 200"], first["log"]!.AsArray().Select(a => a!["result"].Str()));
        Assert.NotNull(first["deliveredAt"]);

        // Turned off, it hears nothing more.
        await admin.Post($"/api/webhooks/{id}/active", new { active = false }, 200);
        await admin.Post("/api/receipts", new { customerCode = "C001", number = "RC-2", date = "2026-07-07", amount = 10m });
        Assert.Equal(5, (await admin.Get($"/api/webhooks/{id}/deliveries"))["total"]!.GetValue<int>());
    }

    private static async Task<int> AnnounceAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await OverdueInvoices.AnnounceAsync(scope.ServiceProvider.GetRequiredService<ArFlow.Data.ArFlowDbContext>(), scope.ServiceProvider.GetRequiredService<Clock>(), CancellationToken.None);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Http.Web), Encoding.UTF8, "application/json");

    /// <summary>What a receiver computes, written here independently of ArFlow's own code.</summary>
    private static bool SignedBy(string secret, string header, string body)
    {
        var parts = header.Split(',').ToDictionary(p => p.Split('=')[0], p => p.Split('=')[1]);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(parts["t"] + "." + body));
        return Convert.ToHexStringLower(mac) == parts["v1"];
    }
}

public sealed class SqliteWebhookTests() : WebhookTests(Engine.Sqlite);

public sealed class PostgresWebhookTests() : WebhookTests(Engine.Postgres);
