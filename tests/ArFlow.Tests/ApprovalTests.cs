using System.Net.Http.Json;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Maker-checker over the API, on both databases: the requester never approves, a role
/// without the right cannot, thresholds pick the approvers, only approval changes the ledger, and a
/// request whose basis changed can no longer be approved.</summary>
public abstract class ApprovalTests(Engine engine)
{
    private static async Task<TestApp> StartAsync(Engine engine)
    {
        var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 10_000m, collector = "a.collector" });
        foreach (var (number, amount) in new[] { ("INV-1", 100m), ("INV-2", 60_000m), ("INV-3", 600_000m) })
            await admin.Post("/api/invoices", new { customerCode = "C001", number, issueDate = "2026-01-10", amount });
        return app;
    }

    /// <summary>What is open on a document, read from the ledger's open items.</summary>
    private static async Task<decimal> OpenAsync(TestApp app, string number)
    {
        await using var db = app.Database.Context();
        return await db.OpenItems.Join(db.Documents.Where(d => d.Number == number), o => o.ItemId, d => d.Id, (o, d) => o.Open).SingleAsync();
    }

    [Fact]
    public async Task AWriteOff_WaitsForAnotherPerson_WithTheRightRole_ThenPosts()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var request = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-1", date = "2026-06-01", reason = "customer dissolved" }, 202);
        Assert.Equal("pending", request["status"].Str());
        Assert.Equal(100m, request["amount"].Dec());
        Assert.Equal(100m, request["before"]!["items"]![0]!["open"].Dec());
        Assert.Equal(0m, request["after"]!["items"]![0]!["open"].Dec());
        Assert.Equal(100m, await OpenAsync(app, "INV-1")); // nothing changed yet
        var id = request["id"]!.GetValue<long>();

        var own = await clerk.Post($"/api/approvals/{id}/approve", new { }, 403);
        Assert.Equal("approval.own_request", own["code"].Str());
        var collector = app.Client(asUser: "a.collector", role: Roles.Collector);
        Assert.Equal("approval.role_missing", (await collector.Post($"/api/approvals/{id}/approve", new { }, 403))["code"].Str());
        // Another collector's customer is not there at all, as everywhere else.
        await app.Client(asUser: "z.collector", role: Roles.Collector).Post($"/api/approvals/{id}/approve", new { }, 404);
        // An admin manages the system, not the money: not an approver of write-offs by default.
        Assert.Equal("approval.role_missing", (await app.Client().Post($"/api/approvals/{id}/approve", new { }, 403))["code"].Str());

        var other = app.Client(asUser: "b.clerk", role: Roles.ArClerk);
        var inbox = await other.Get("/api/approvals?toDecide=true");
        Assert.Equal([id], inbox["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Empty((await clerk.Get("/api/approvals?toDecide=true"))["items"]!.AsArray());
        var approved = await other.Post($"/api/approvals/{id}/approve", new { comment = "seen the liquidation notice" }, 200);
        Assert.Equal("approved", approved["status"].Str());
        Assert.Equal(0m, await OpenAsync(app, "INV-1"));
        var document = await clerk.Get($"/api/documents/{approved["resultDocumentId"]}");
        Assert.Equal("write-off", document["kind"].Str());
        await other.Post($"/api/approvals/{id}/approve", new { }, 409);

        // The customer's and the document's history show it; the audit trail has every step.
        Assert.Single((await clerk.Get("/api/approvals?customer=C001"))["items"]!.AsArray());
        Assert.Single((await clerk.Get($"/api/approvals?document={request["documentId"]}"))["items"]!.AsArray());
        await using var db = app.Database.Context();
        var actions = await db.AuditRecords.Where(r => r.Entity == "approval" || r.Entity == "approval-decision").Select(r => r.Action + " " + r.Actor).ToListAsync();
        Assert.Contains("approval.created a.clerk", actions);
        Assert.Contains("approval-decision.created b.clerk", actions);
        Assert.Contains("approval.updated b.clerk", actions);
    }

    [Fact]
    public async Task Thresholds_AskForAFinanceManager_AndAboveHalfAMillion_TwoOfThem()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var (m1, m2) = (app.Client(asUser: "m.one", role: Roles.FinanceManager), app.Client(asUser: "m.two", role: Roles.FinanceManager));

        var big = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-2", reason = "court ruling" }, 202);
        Assert.Equal(["FinanceManager"], big["requiredRoles"]!.AsArray().Select(r => r.Str()));
        await app.Client(asUser: "b.clerk", role: Roles.ArClerk).Post($"/api/approvals/{big["id"]}/approve", new { }, 403);
        await m1.Post($"/api/approvals/{big["id"]}/approve", new { }, 200);

        var huge = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-3", reason = "bankruptcy closed" }, 202);
        Assert.Equal(2, huge["requiredApprovers"]!.GetValue<int>());
        var first = await m1.Post($"/api/approvals/{huge["id"]}/approve", new { }, 200);
        Assert.Equal("pending", first["status"].Str());
        Assert.Equal(600_000m, await OpenAsync(app, "INV-3"));
        Assert.Equal("approval.already_decided", (await m1.Post($"/api/approvals/{huge["id"]}/approve", new { }, 409))["code"].Str());
        Assert.Equal("approved", (await m2.Post($"/api/approvals/{huge["id"]}/approve", new { }, 200))["status"].Str());
        Assert.Equal(0m, await OpenAsync(app, "INV-3"));
    }

    [Fact]
    public async Task AStaleRequest_CannotBeApproved_AndChangesNothing()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var request = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-1", reason = "small balance" }, 202);
        // The customer pays part after the request was made: what it would write off is no longer true.
        await clerk.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-10", amount = 30m, invoiceNumber = "INV-1" });
        var refused = await app.Client(asUser: "b.clerk", role: Roles.ArClerk).Post($"/api/approvals/{request["id"]}/approve", new { }, 409);
        Assert.Equal("approval.stale", refused["code"].Str());
        Assert.Equal("stale", (await clerk.Get($"/api/approvals/{request["id"]}"))["status"].Str());
        Assert.Equal(70m, await OpenAsync(app, "INV-1"));
    }

    [Fact]
    public async Task Rejected_OrWithdrawn_ChangesNothing()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var other = app.Client(asUser: "b.clerk", role: Roles.ArClerk);
        var one = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-1", reason = "r" }, 202);
        Assert.Equal("rejected", (await other.Post($"/api/approvals/{one["id"]}/reject", new { comment = "collect it" }, 200))["status"].Str());
        var two = await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-1", reason = "r" }, 202);
        await other.Post($"/api/approvals/{two["id"]}/withdraw", new { }, 403);
        Assert.Equal("cancelled", (await clerk.Post($"/api/approvals/{two["id"]}/withdraw", new { }, 200))["status"].Str());
        Assert.Equal(100m, await OpenAsync(app, "INV-1"));
        // Without a reason there is no request.
        Assert.Equal("input.required", (await clerk.Post("/api/write-offs", new { customerCode = "C001", number = "INV-1" }, 400))["code"].Str());
    }

    [Fact]
    public async Task CreditLimits_AndRoles_ChangeOnlyThroughApproval()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var refused = await (await clerk.PutAsJsonAsync("/api/customers/C001", new { code = "C001", name = "Customer", creditLimit = 99_999m })).Json(409);
        Assert.Equal("customer.credit_terms_need_approval", refused["code"].Str());
        var request = await clerk.Post("/api/customers/C001/credit-terms", new { creditLimit = 50_000m, defaultTerms = "net 45", reason = "two years of prompt payment" }, 202);
        Assert.Equal(10_000m, request["before"]!["creditLimit"].Dec());
        Assert.Equal(40_000m, request["amount"].Dec());
        await app.Client(asUser: "m.one", role: Roles.FinanceManager).Post($"/api/approvals/{request["id"]}/approve", new { }, 200);
        var customer = await clerk.Get("/api/customers/C001");
        Assert.Equal(50_000m, customer["creditLimit"].Dec());
        Assert.Equal("net 45", customer["defaultTerms"].Str());

        var admin = app.Client();
        app.KeyOf("x.sales", Roles.Sales);
        var roles = await admin.Post("/api/users/x.sales/roles", new { roles = new[] { "sales", "collector" }, reason = "covers collections in the east" }, 202);
        Assert.Equal("approval.own_request", (await admin.Post($"/api/approvals/{roles["id"]}/approve", new { }, 403))["code"].Str());
        // Role changes are not for finance people to see or decide.
        await app.Client(asUser: "m.one", role: Roles.FinanceManager).Get($"/api/approvals/{roles["id"]}", 404);
        await app.Client(asUser: "second.admin", role: Roles.Admin).Post($"/api/approvals/{roles["id"]}/approve", new { }, 200);
        await using var db = app.Database.Context();
        var user = await db.Users.SingleAsync(u => u.UserName == "x.sales");
        var names = await db.UserRoles.Where(l => l.UserId == user.Id).Join(db.Roles, l => l.RoleId, r => r.Id, (l, r) => r.Name).ToListAsync();
        Assert.Equal(["Collector", "Sales"], names.Order());
    }

    [Fact]
    public async Task Waivers_Holds_AndLargeContracts_GoThroughTheSameApprovals()
    {
        await using var app = await StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: Roles.ArClerk);
        var manager = app.Client(asUser: "m.one", role: Roles.FinanceManager);

        // An interest waiver applies to charges only, and another clerk may approve it.
        await clerk.Post("/api/charges", new { customerCode = "C001", number = "INT-1", issueDate = "2026-06-01", amount = 35m });
        Assert.Equal("document.unknown", (await clerk.Post("/api/waivers", new { customerCode = "C001", number = "INV-1", reason = "x" }, 400))["code"].Str());
        var waiver = await clerk.Post("/api/waivers", new { customerCode = "C001", number = "INT-1", reason = "first late payment in six years" }, 202);
        Assert.Equal("waiver", waiver["action"].Str());
        await app.Client(asUser: "b.clerk", role: Roles.ArClerk).Post($"/api/approvals/{waiver["id"]}/approve", new { }, 200);
        Assert.Equal(0m, await OpenAsync(app, "INT-1"));

        // A hold is put on at once; editing cannot release it; releasing waits for a finance manager.
        Assert.Equal(204, (int)(await clerk.PostAsJsonAsync("/api/customers/C001/status", new { status = "blocked", reason = "cheque bounced" })).StatusCode);
        Assert.Equal("blocked", (await clerk.Get("/api/customers/C001"))["status"].Str());
        var edit = await (await clerk.PutAsJsonAsync("/api/customers/C001", new { code = "C001", name = "Customer", status = "active" })).Json(409);
        Assert.Equal("customer.credit_hold_needs_approval", edit["code"].Str());
        var release = await clerk.Post("/api/customers/C001/status", new { status = "active", reason = "paid in full" }, 202);
        Assert.Equal("blocked", release["before"]!["status"].Str());
        Assert.Equal("approval.role_missing", (await app.Client(asUser: "b.clerk", role: Roles.ArClerk).Post($"/api/approvals/{release["id"]}/approve", new { }, 403))["code"].Str());
        await manager.Post($"/api/approvals/{release["id"]}/approve", new { }, 200);
        Assert.Equal("active", (await clerk.Get("/api/customers/C001"))["status"].Str());

        // Contracts up to ¥1,000,000 are made at once; larger ones wait.
        var plan = new { kind = "equal", count = 4, firstDueDate = "2026-08-01" };
        await clerk.Post("/api/contracts", new { customerCode = "C001", number = "K-SMALL", signedDate = "2026-07-01", total = 1_000_000m, plan });
        var big = await clerk.Post("/api/contracts", new { customerCode = "C001", number = "K-BIG", signedDate = "2026-07-01", total = 2_400_000m, plan, reason = "three-year supply" }, 202);
        Assert.Equal(2_400_000m, big["amount"].Dec());
        Assert.Equal(4, big["after"]!["installments"]!.AsArray().Count);
        Assert.DoesNotContain((await clerk.Get("/api/contracts"))["items"]!.AsArray(), k => k!["number"].Str() == "K-BIG");
        await manager.Post($"/api/approvals/{big["id"]}/approve", new { }, 200);
        Assert.Contains((await clerk.Get("/api/contracts"))["items"]!.AsArray(), k => k!["number"].Str() == "K-BIG");
    }

    [Fact]
    public async Task Approvers_AreToldByEmail_ThroughARealSmtpServer()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await TestApp.StartAsync(engine);
        app.MailThrough(smtp.Port);
        app.Settings["ArFlow:PublicUrl"] = "https://arflow.example.com";
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C001", name = "Customer" });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-01-10", amount = 100m });
        app.KeyOf("m.one", Roles.FinanceManager);
        await app.SetEmailAsync("m.one", "m.one@example.com", "zh-CN");
        await admin.Post("/api/receipts", new { customerCode = "C001", number = "RC-9", date = "2026-06-01", amount = 50m, autoAllocate = false });
        var refund = await app.Client(asUser: "a.clerk", role: Roles.ArClerk).Post("/api/refunds", new { customerCode = "C001", number = "RC-9", reason = "overpaid twice" }, 202);

        await using (var queued = app.Database.Context())
            Assert.Equal(["m.one@example.com"], await queued.Outbox.Select(m => m.Target).ToListAsync());
        var delivered = await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        await using (var log = app.Database.Context())
            Assert.True(delivered == 1, "not sent: " + await log.Outbox.Select(m => m.Attempts + " " + m.LastError).SingleAsync());
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("m.one@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Contains("待审批", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://arflow.example.com/approvals/{refund["id"]}", mail.TextBody, StringComparison.Ordinal);
        await using var db = app.Database.Context();
        var sent = await db.Outbox.SingleAsync();
        Assert.NotNull(sent.DeliveredAt);
        Assert.Equal(1, sent.Attempts);
    }
}

public sealed class SqliteApprovalTests() : ApprovalTests(Engine.Sqlite);

public sealed class PostgresApprovalTests() : ApprovalTests(Engine.Postgres);
