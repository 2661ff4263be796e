using System.Net;
using System.Net.Http.Json;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Tests;

/// <summary>Retries, twins and clerks racing each other, on both databases.</summary>
public abstract class ReliabilityTests(Engine engine)
{
    private static HttpRequestMessage Receipt(string key, decimal amount, string number = "RC-1") =>
        new(HttpMethod.Post, "/api/receipts")
        {
            Content = JsonContent.Create(new { customerCode = "C001", number, date = "2026-06-10", amount }),
            Headers = { { "Idempotency-Key", key } },
        };

    private async Task<(TestApp, HttpClient)> StartAsync()
    {
        var app = await TestApp.StartAsync(engine);
        var client = app.Client();
        await client.Post("/api/customers", new { code = "C001", name = "Customer" });
        return (app, client);
    }

    [Fact]
    public async Task Retry_WithTheSameKey_ReturnsTheSavedResponse_AndPostsOnce()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var first = await client.SendAsync(Receipt("key-1", 100m));
        var second = await client.SendAsync(Receipt("key-1", 100m));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await client.Get("/api/receipts"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_IsRefused422()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await (await client.SendAsync(Receipt("key-1", 100m))).Json(201);
        var problem = await (await client.SendAsync(Receipt("key-1", 99m))).Json(422);
        Assert.Equal("idempotency.key_reused", problem["code"].Str());
    }

    [Fact]
    public async Task FailedRequest_SavesNothing_SoTheKeyCanBeRetried()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await (await client.SendAsync(Receipt("key-1", -1m))).Json(400);
        await (await client.SendAsync(Receipt("key-1", -1m))).Json(400);
    }

    [Fact]
    public async Task ConcurrentTwins_PostOnce()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Receipt("twin", 100m))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, (await client.Get("/api/receipts"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task TwoClerks_AllocatingTheSameReceipt_OneWins_NothingIsOverAllocated()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        for (var round = 0; round < 5; round++)
        {
            var receipt = $"RC-{round}";
            await client.Post("/api/invoices", new { customerCode = "C001", number = $"A-{round}", issueDate = "2026-06-01", amount = 100m });
            await client.Post("/api/invoices", new { customerCode = "C001", number = $"B-{round}", issueDate = "2026-06-01", amount = 100m });
            await client.Post("/api/receipts", new { customerCode = "C001", number = receipt, date = "2026-06-05", amount = 100m, autoAllocate = false });
            var clerks = await Task.WhenAll(new[] { $"A-{round}", $"B-{round}" }.Select(invoice => client.PostAsJsonAsync("/api/allocations",
                new { customerCode = "C001", fromNumber = receipt, date = "2026-06-05", lines = new[] { new { invoiceNumber = invoice, amount = 100m } } })));
            var codes = clerks.Select(c => (int)c.StatusCode).Order().ToArray();
            Assert.Equal([200, 409], codes);
            var loser = await clerks.Single(c => c.StatusCode == HttpStatusCode.Conflict).Json(409);
            Assert.Contains(loser["code"].Str(), new[] { "allocation.exceeds_credit", "conflict.concurrent_change" });
        }
        await using var db = app.Database.Context();
        var receipts = await db.OpenItems.Where(o => o.Kind == Domain.Ledger.DocumentKind.Receipt).Select(o => o.Open).ToListAsync();
        Assert.All(receipts, open => Assert.Equal(0m, open));
        Assert.Equal(500m, await db.OpenItems.Where(o => o.Kind == Domain.Ledger.DocumentKind.Invoice).SumAsync(o => o.Open));
    }

    [Fact]
    public async Task TwoClerks_ApplyingTwoReceiptsToTheSameInvoice_OneWins_NothingIsOverAllocated()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        for (var round = 0; round < 5; round++)
        {
            await client.Post("/api/invoices", new { customerCode = "C001", number = $"INV-{round}", issueDate = "2026-06-01", amount = 100m });
            foreach (var r in new[] { "X", "Y" })
                await client.Post("/api/receipts", new { customerCode = "C001", number = $"{r}-{round}", date = "2026-06-05", amount = 100m, autoAllocate = false });
            var clerks = await Task.WhenAll(new[] { "X", "Y" }.Select(r => client.PostAsJsonAsync("/api/allocations",
                new { customerCode = "C001", fromNumber = $"{r}-{round}", date = "2026-06-05", lines = new[] { new { invoiceNumber = $"INV-{round}", amount = 100m } } })));
            Assert.Equal([200, 409], clerks.Select(c => (int)c.StatusCode).Order());
        }
        await using var db = app.Database.Context();
        Assert.Equal(0m, await db.OpenItems.Where(o => o.Kind == Domain.Ledger.DocumentKind.Invoice).SumAsync(o => o.Open));
        Assert.Equal(500m, await db.OpenItems.Where(o => o.Kind == Domain.Ledger.DocumentKind.Receipt).SumAsync(o => o.Open));
    }
}

public sealed class SqliteReliabilityTests() : ReliabilityTests(Engine.Sqlite);

public sealed class PostgresReliabilityTests() : ReliabilityTests(Engine.Postgres);
