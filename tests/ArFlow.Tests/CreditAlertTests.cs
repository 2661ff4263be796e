using System.Globalization;
using System.Net.Http.Json;
using ArFlow.Infrastructure.Access;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Early warnings on both databases: the daily run raises alerts from the ledger and the
/// credit file, once per customer and rule; the inbox takes, acknowledges and closes them within the
/// customer scope; the digest goes out through a real SMTP server.</summary>
public abstract class CreditAlertTests(Engine engine)
{
    [Fact]
    public async Task TheDailyRun_RaisesAlertsOnce_AndTheInboxWorksThemOff()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await TestApp.StartAsync(engine);
        app.MailThrough(smtp.Port);
        var admin = app.Client(asUser: "w.admin", role: Roles.Admin);
        var collector = app.Client(asUser: "w.collector", role: Roles.Collector);
        await admin.Post("/api/customers", new { code = "C001", name = "Slipping", creditLimit = 1000m, collector = "w.collector" });
        await admin.Post("/api/customers", new { code = "C002", name = "Large", creditLimit = 100_000m });
        // 30 days ago C001 had 100 open and nothing overdue; today 900 of its 1,000 are overdue and its limit is used up.
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-0", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 100m });
        await admin.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-06-01", dueDate = "2026-06-15", amount = 900m });
        await admin.Post("/api/invoices", new { customerCode = "C002", number = "BIG-1", issueDate = "2026-06-20", dueDate = "2026-08-20", amount = 9000m });
        await admin.Post("/api/customers/C001/credit/reports", new { provider = "Example Credit", reportDate = "2026-06-20", lawsuits = 2 });
        app.KeyOf("w.manager", Roles.FinanceManager);
        await app.SetEmailAsync("w.manager", "w.manager@example.com", "zh-CN");
        await app.SetEmailAsync("w.collector", "w.collector@example.com", "en-US");

        await (await collector.PostAsJsonAsync("/api/credit/alerts/run", new { })).Json(403);
        var raised = (await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray();
        var rules = raised.Select(a => $"{a!["customerCode"].Str()} {a["rule"].Str()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["C001 new-lawsuit", "C001 overdue-ratio-up", "C001 utilisation-high", "C002 concentration"], rules);
        var overdue = raised.Single(a => a!["rule"].Str() == "overdue-ratio-up")!;
        Assert.Equal("The overdue share of the open amount rose from 0% to 90% in 30 days.", overdue["message"].Str());
        Assert.Equal("w.collector", overdue["assignedTo"].Str());
        Assert.Equal("open", overdue["status"].Str());

        // A second run the same day, or the next day, raises nothing already being dealt with.
        Assert.Empty((await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray());
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray());

        // The digest: the finance manager gets all four in Chinese, the collector C001's three.
        var sent = await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        Assert.Equal(2, sent);
        var mails = await smtp.WaitForAsync(2);
        var manager = mails.Single(m => m.To.Mailboxes.Single().Address == "w.manager@example.com");
        Assert.Contains("4 条信用预警", manager.Subject, StringComparison.Ordinal);
        Assert.Contains("C002 Large: 该客户占全部未收应收账款的 90%。", manager.TextBody, StringComparison.Ordinal);
        var mine = mails.Single(m => m.To.Mailboxes.Single().Address == "w.collector@example.com");
        Assert.DoesNotContain("C002", mine.TextBody, StringComparison.Ordinal);
        Assert.Contains("/credit/alerts", mine.TextBody, StringComparison.Ordinal);

        // The collector sees only their customer's alerts, takes one and closes it with a note.
        var inbox = await collector.Get("/api/credit/alerts?mine=true");
        Assert.Equal(3, inbox["total"]!.GetValue<int>());
        Assert.Equal(0, (await collector.Get("/api/credit/alerts?customer=C002"))["total"]!.GetValue<int>());
        // The limit stays used up: the one alert whose cause lasts.
        var id = raised.Single(a => a!["rule"].Str() == "utilisation-high")!["id"]!.GetValue<long>();
        await collector.Post($"/api/credit/alerts/{id}/acknowledge", new { }, 200);
        Assert.Equal("alert.not_open", (await collector.Post($"/api/credit/alerts/{id}/acknowledge", new { }, 409))["code"].Str());
        Assert.Contains("note", (await collector.Post($"/api/credit/alerts/{id}/close", new { note = " " }, 400))["errors"]!.AsObject().Select(e => e.Key));
        var closed = await collector.Post($"/api/credit/alerts/{id}/close", new { note = "Called the buyer: paying 900 on Friday" }, 200);
        Assert.Equal("closed", closed["status"].Str());
        Assert.Equal("w.collector", closed["closedBy"].Str());
        Assert.Equal(2, (await collector.Get("/api/credit/alerts"))["total"]!.GetValue<int>());
        await collector.Post($"/api/credit/alerts/{raised.Single(a => a!["customerCode"].Str() == "C002")!["id"]}/acknowledge", new { }, 404);
        await app.Client(asUser: "w.auditor", role: Roles.Auditor).Post($"/api/credit/alerts/{id}/close", new { note = "x" }, 403);
        Assert.Equal(ArFlow.Domain.Errors.ErrorCodes.UnknownUser, (await admin.Post($"/api/credit/alerts/{id}/assign", new { to = "nobody.here" }, 400))["code"].Str());
        Assert.Equal("w.manager", (await admin.Post($"/api/credit/alerts/{id}/assign", new { to = "w.manager" }, 200))["assignedTo"].Str());

        // A closed alert comes back only 30 days after it was raised, if its cause is still there.
        // Meanwhile C001 pays ever later: 14 days late on average 30 days ago, 42.5 now.
        app.Time.Advance(TimeSpan.FromDays(28));
        var later = (await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray();
        Assert.Equal(["C001 paying-slower"], later.Select(a => $"{a!["customerCode"].Str()} {a["rule"].Str()}"));
        Assert.Equal("Average days late rose from 14 to 42.5 in 30 days.", later[0]!["message"].Str());
        app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["C001 utilisation-high"], (await admin.Post("/api/credit/alerts/run", new { }, 200)).AsArray().Select(a => $"{a!["customerCode"].Str()} {a["rule"].Str()}"));

        // Switched off, a rule raises nothing; the rules are checked by field.
        var saved = await admin.Get("/api/credit/warning-rules");
        var refused = await (await admin.PutAsJsonAsync("/api/credit/warning-rules", new { value = new { rules = new[] { new { key = "nope", on = true, threshold = 1m } } }, version = 0 })).Json(400);
        Assert.Contains("value.rules[0].key", refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, saved["version"]!.GetValue<int>());
    }
}

public sealed class SqliteCreditAlertTests() : CreditAlertTests(Engine.Sqlite);

public sealed class PostgresCreditAlertTests() : CreditAlertTests(Engine.Postgres);
