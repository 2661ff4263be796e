using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>Disputes and promises to pay on both databases: recorded within the customer scope, a
/// promise kept by the receipt that covers it and broken after its date (raising the alert), both
/// counted in the credit file's payment behaviour.</summary>
public abstract class CollectionRecordTests(Engine engine)
{
    [Fact]
    public async Task PromisesAreKeptByTheMoney_OrBroken_AndDisputesAreHeldToWhatIsOpen()
    {
        await using var app = await TestApp.StartAsync(engine);
        var collector = app.Client(asUser: "k.collector", role: Roles.Collector);
        var admin = app.Client(asUser: "k.admin", role: Roles.Admin);
        await admin.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 100_000m, collector = "k.collector" });
        await admin.Post("/api/customers", new { code = "C002", name = "Other" });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-05-01", dueDate = "2026-05-31", amount = 1000m });
        await admin.Post("/api/invoices", new { customerCode = "C002", number = "X-1", issueDate = "2026-05-01", amount = 10m });

        // Promises: one is kept by the receipt that arrives, the other is broken after its date.
        var bad = await collector.Post("/api/customers/C001/promises", new { amount = -5m, promisedFor = "2026-06-01" }, 400);
        Assert.Equal(["amount", "promisedFor"], bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var kept = await collector.Post("/api/customers/C001/promises", new { amount = 600m, promisedFor = "2026-07-05", promisedBy = "Ms Li, finance" });
        var broken = await collector.Post("/api/customers/C001/promises", new { amount = 400m, promisedFor = "2026-07-10" });
        await collector.Post("/api/customers/C002/promises", new { amount = 1m, promisedFor = "2026-07-10" }, 404);
        await app.Client(asUser: "k.auditor", role: Roles.Auditor).Post("/api/customers/C001/promises", new { amount = 1m, promisedFor = "2026-07-10" }, 403);
        app.Time.Advance(TimeSpan.FromDays(3));
        await admin.Post("/api/receipts", new { customerCode = "C001", number = "R-1", date = "2026-07-03", amount = 600m, invoiceNumber = "INV-1" });
        var promises = (await collector.Get("/api/promises?customer=C001"))["items"]!.AsArray();
        Assert.Equal("kept", promises.Single(p => p!["id"]!.GetValue<long>() == kept["id"]!.GetValue<long>())!["status"].Str());
        Assert.Equal("2026-07-03", promises.Single(p => p!["id"]!.GetValue<long>() == kept["id"]!.GetValue<long>())!["settledOn"].Str());
        Assert.Equal("open", promises.Single(p => p!["id"]!.GetValue<long>() == broken["id"]!.GetValue<long>())!["status"].Str());

        app.Time.Advance(TimeSpan.FromDays(8));
        var alerts = (await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray();
        var alert = alerts.Single(a => a!["rule"].Str() == "promise-broken")!;
        Assert.Equal("1 promise(s) to pay broken.", alert["message"].Str());
        Assert.Equal("broken", (await collector.Get("/api/promises?customer=C001&status=broken"))["items"]![0]!["status"].Str());
        await collector.Post($"/api/promises/{broken["id"]}/cancel", new { }, 409);

        // Disputes: at most what is open on the invoice, counted in the credit file.
        Assert.Equal("dispute.exceeds_open", (await collector.Post("/api/disputes", new { customerCode = "C001", invoiceNumber = "INV-1", amount = 500m, reason = "quality" }, 409))["code"].Str());
        await collector.Post("/api/disputes", new { customerCode = "C001", invoiceNumber = "INV-1", amount = 100m, reason = "sideways" }, 400);
        var dispute = await collector.Post("/api/disputes", new { customerCode = "C001", invoiceNumber = "INV-1", amount = 150m, reason = "quality", note = "3 cartons damaged" });
        Assert.Equal("k.collector", dispute["owner"].Str());
        Assert.Equal("open", dispute["status"].Str());
        // Another collector's customer is unknown to this one, as everywhere.
        Assert.Equal("customer.unknown", (await collector.Post("/api/disputes", new { customerCode = "C002", invoiceNumber = "X-1" }, 400))["code"].Str());
        var file = await collector.Get("/api/customers/C001/credit");
        Assert.Equal(1, file["behaviour"]!["disputes"]!.GetValue<int>());
        Assert.Equal(1, file["behaviour"]!["brokenPromises"]!.GetValue<int>());
        Assert.Equal(1m, file["inputs"]!["broken-promises"].Dec());

        Assert.Contains("note", (await collector.Post($"/api/disputes/{dispute["id"]}/resolve", new { resolution = "partial" }, 400))["errors"]!.AsObject().Select(e => e.Key));
        var resolved = await collector.Post($"/api/disputes/{dispute["id"]}/resolve", new { resolution = "credit-note", note = "credit note CN-7 for the damaged cartons" }, 200);
        Assert.Equal(("resolved", "credit-note", "k.collector"), (resolved["status"].Str(), resolved["resolution"].Str(), resolved["resolvedBy"].Str()));
        await collector.Post($"/api/disputes/{dispute["id"]}/resolve", new { resolution = "rejected", note = "again" }, 409);
        var trail = await app.Client(asUser: "k.auditor", role: Roles.Auditor).Get("/api/audit?customer=C001&entity=dispute");
        Assert.Equal(2, trail["items"]!.AsArray().Count);
    }
}

public sealed class SqliteCollectionRecordTests() : CollectionRecordTests(Engine.Sqlite);

public sealed class PostgresCollectionRecordTests() : CollectionRecordTests(Engine.Postgres);
