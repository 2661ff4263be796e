using System.Net.Http.Headers;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The collector's side on both databases: the worklist by priority within the collector's
/// customers, each collector's load and moving customers, tasks from dunning closed with what came of
/// them (a call with its outcome becomes an activity), activities with evidence, and the customer's
/// collection timeline.</summary>
public abstract class WorklistTests(Engine engine)
{
    [Fact]
    public async Task TheWorklist_OrdersByPriority_AndTasksCloseIntoActivitiesOnTheTimeline()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        var collector = app.Client(asUser: "k.collector", role: Roles.Collector);
        var other = app.Client(asUser: "m.collector", role: Roles.Collector);
        await admin.Post("/api/customers", new { code = "BIG", name = "Big Debts", grade = "C", collector = "k.collector" });
        await admin.Post("/api/customers", new { code = "SMALL", name = "Small Debts", grade = "A", collector = "k.collector" });
        await admin.Post("/api/customers", new { code = "ELSE", name = "Someone Else's", collector = "m.collector" });
        await admin.Post("/api/customers", new { code = "PAID", name = "Nothing Overdue", collector = "k.collector" });
        await admin.Post("/api/invoices", new { customerCode = "BIG", number = "B-1", issueDate = "2026-01-01", dueDate = "2026-02-28", amount = 250_000m });
        await admin.Post("/api/invoices", new { customerCode = "BIG", number = "B-2", issueDate = "2026-05-01", dueDate = "2026-05-31", amount = 50_000m });
        await admin.Post("/api/invoices", new { customerCode = "SMALL", number = "S-1", issueDate = "2026-05-01", dueDate = "2026-06-20", amount = 800m });
        await admin.Post("/api/invoices", new { customerCode = "ELSE", number = "E-1", issueDate = "2026-05-01", dueDate = "2026-06-01", amount = 9_000m });
        await admin.Post("/api/invoices", new { customerCode = "PAID", number = "P-1", issueDate = "2026-06-01", dueDate = "2026-07-31", amount = 9_000m });

        var mine = await collector.Get("/api/collections/worklist");
        Assert.Equal(["BIG", "SMALL"], mine["items"]!.AsArray().Select(r => r!["customerCode"].Str()));
        var big = mine["items"]![0]!;
        Assert.Equal((300_000m, 122, 2), (big["overdueBase"].Dec(), big["daysOverdue"]!.GetValue<int>(), big["overdueItems"]!.GetValue<int>()));
        Assert.True(big["score"].Dec() > mine["items"]![1]!["score"].Dec());
        Assert.Equal(["BIG", "ELSE", "SMALL"], (await admin.Get("/api/collections/worklist?minOverdue=500"))["items"]!.AsArray().Select(r => r!["customerCode"].Str()).Order(StringComparer.Ordinal));
        Assert.Equal(["SMALL"], (await admin.Get("/api/collections/worklist?grade=a"))["items"]!.AsArray().Select(r => r!["customerCode"].Str()));
        var load = (await admin.Get("/api/collections/load")).AsArray();
        Assert.Equal((2, 300_800m), (load.Single(l => l!["collector"].Str() == "k.collector")!["customers"]!.GetValue<int>(), load.Single(l => l!["collector"].Str() == "k.collector")!["overdueBase"].Dec()));

        // Dunning makes the tasks: BIG's +90 hand-over (manager) and +30 call; SMALL's +7 email has no address → a task.
        await admin.Post("/api/dunning/run", new { }, 200);
        var tasks = (await collector.Get("/api/collection-tasks?assignedTo=k.collector"))["items"]!.AsArray();
        var call = tasks.Single(t => t!["channel"].Str() == "call-task")!;
        Assert.Equal(("BIG", 30, "B-2"), (call["customerCode"].Str(), call["step"]!.GetValue<int>(), string.Join(",", call["invoices"]!.AsArray().Select(i => i.Str()))));
        Assert.Contains(tasks, t => t!["customerCode"].Str() == "SMALL" && t["reason"].Str() == "no-email");
        Assert.Empty((await other.Get("/api/collection-tasks?customer=BIG"))["items"]!.AsArray());

        Assert.Contains("outcome", (await collector.Post($"/api/collection-tasks/{call["id"]}/close", new { note = "rang" }, 400))["errors"]!.AsObject().Select(e => e.Key));
        await other.Post($"/api/collection-tasks/{call["id"]}/close", new { outcome = "reached" }, 404);
        var closed = await collector.Post($"/api/collection-tasks/{call["id"]}/close", new { outcome = "promised", note = "Mr Zhao promises 50,000 by 10 July" }, 200);
        Assert.Equal(("done", "k.collector"), (closed["status"].Str(), closed["closedBy"].Str()));
        await collector.Post($"/api/collection-tasks/{call["id"]}/close", new { outcome = "reached" }, 409);
        await collector.Post("/api/customers/BIG/promises", new { amount = 50_000m, promisedFor = "2026-07-10", promisedBy = "Mr Zhao" });

        // A visit recorded by hand, with a photo of the signed acknowledgement.
        await collector.Post("/api/customers/BIG/activities", new { kind = "visit", note = "met the CFO", invoices = new[] { "B-1", "NOPE" } }, 400);
        var visit = await collector.Post("/api/customers/BIG/activities", new { kind = "visit", note = "met the CFO", invoices = new[] { "B-1" } });
        using var form = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("signed acknowledgement"u8.ToArray());
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(bytes, "file", "acknowledgement.jpg");
        var file = await (await collector.PostAsync($"/api/activities/{visit["id"]}/attachments", form)).Json(200);
        Assert.Equal("signed acknowledgement", await (await collector.GetAsync($"/api/activities/{visit["id"]}/attachments/{file["id"]}")).Content.ReadAsStringAsync());
        await other.Get($"/api/activities/{visit["id"]}/attachments/{file["id"]}", 404);

        var timeline = (await collector.Get("/api/customers/BIG/collection-timeline")).AsArray();
        Assert.Contains(timeline, e => e!["kind"].Str() == "activity" && e["what"].Str() == "call" && e["state"].Str() == "promised" && e["invoices"]![0].Str() == "B-2");
        Assert.Contains(timeline, e => e!["kind"].Str() == "activity" && e["what"].Str() == "visit");
        Assert.Contains(timeline, e => e!["kind"].Str() == "dunning" && e["what"].Str() == "legal" && e["state"].Str() == "task-open");
        Assert.Contains(timeline, e => e!["kind"].Str() == "promise" && e["state"].Str() == "open");
        await other.Get("/api/customers/BIG/collection-timeline", 404);

        // The manager moves SMALL to the other collector and hands the legal task over.
        var legal = (await admin.Get("/api/collection-tasks?customer=BIG"))["items"]!.AsArray().Single(t => t!["channel"].Str() == "legal")!;
        Assert.Null(legal["assignedTo"]);
        await admin.Post("/api/collection-tasks/assign", new { ids = new[] { legal["id"]!.GetValue<long>() }, assignedTo = "legal.team" }, 200);
        await admin.Post("/api/collections/assign", new { customers = new[] { "SMALL", "NOPE" }, collector = "m.collector" }, 400);
        await admin.Post("/api/collections/assign", new { customers = new[] { "SMALL" }, collector = "m.collector" }, 200);
        Assert.Equal(["SMALL"], (await other.Get("/api/collections/worklist"))["items"]!.AsArray().Select(r => r!["customerCode"].Str()).Where(c => c == "SMALL"));
        Assert.Equal("legal.team", (await admin.Get("/api/collection-tasks?customer=BIG&status=all"))["items"]!.AsArray().Single(t => t!["channel"].Str() == "legal")!["assignedTo"].Str());
    }

    [Fact]
    public async Task PredictedLateness_RaisesTheScore_AsTheForecastSays()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        foreach (var code in new[] { "LATE", "PROMPT" })
        {
            await admin.Post("/api/customers", new { code, name = code + " Ltd", grade = "B" });
            // Last year: two invoices each, LATE paid them three months late, PROMPT on the due date.
            foreach (var n in new[] { 1, 2 })
            {
                await admin.Post("/api/invoices", new { customerCode = code, number = $"{code}-OLD-{n}", issueDate = "2025-05-01", dueDate = "2025-05-31", amount = 1_000m });
                await admin.Post("/api/receipts", new { customerCode = code, number = $"R-{code}-{n}", date = code == "LATE" ? "2025-08-31" : "2025-05-31", amount = 1_000m, invoiceNumber = $"{code}-OLD-{n}" });
            }
            await admin.Post("/api/invoices", new { customerCode = code, number = $"{code}-NOW", issueDate = "2026-05-01", dueDate = "2026-06-20", amount = 5_000m });
        }
        // Before the day's forecasts are written the chance is unknown; training writes them (as does the daily job).
        Assert.Null((await admin.Get("/api/collections/worklist"))["items"]![0]!["lateChance"]);
        await admin.Post("/api/credit/model/train", new { }, 200);
        var rows = (await admin.Get("/api/collections/worklist"))["items"]!.AsArray();
        var late = rows.Single(r => r!["customerCode"].Str() == "LATE")!;
        var prompt = rows.Single(r => r!["customerCode"].Str() == "PROMPT")!;
        Assert.Equal((1m, 0m), (late["lateChance"].Dec(), prompt["lateChance"].Dec()));
        Assert.Equal(10m, late["score"].Dec() - prompt["score"].Dec());
        Assert.Equal("LATE", rows[0]!["customerCode"].Str());
    }
}

public sealed class SqliteWorklistTests() : WorklistTests(Engine.Sqlite);

public sealed class PostgresWorklistTests() : WorklistTests(Engine.Postgres);
