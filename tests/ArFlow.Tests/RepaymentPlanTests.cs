using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>Repayment plans on both databases: installments agreed for the overdue invoices hold them
/// out of dunning while kept; a receipt keeps an installment; a missed one breaks the plan and the
/// next run duns the invoices again.</summary>
public abstract class RepaymentPlanTests(Engine engine)
{
    [Fact]
    public async Task APlan_HoldsItsInvoicesOutOfDunning_UntilAnInstallmentIsMissed()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "Restructured", contacts = new[] { new { name = "Li", email = "li@c1.test", phone = (string?)null, language = "zh-CN" } } });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-1", issueDate = "2026-05-01", dueDate = "2026-06-23", amount = 3_000m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2", issueDate = "2026-05-01", dueDate = "2026-06-15", amount = 3_000m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-3", issueDate = "2026-06-01", dueDate = "2026-07-30", amount = 1_000m });

        await admin.Post("/api/customers/C1/repayment-plans", new { invoices = new[] { "NOPE" }, count = 3, firstDueOn = "2026-07-10" }, 400);
        await admin.Post("/api/customers/C1/repayment-plans", new { count = 3, firstDueOn = "2026-06-01" }, 400);
        var plan = await admin.Post("/api/customers/C1/repayment-plans", new { count = 3, firstDueOn = "2026-07-10", note = "agreed with Ms Li" });
        Assert.Equal((6_000m, "active"), (plan["total"].Dec(), plan["status"].Str()));
        Assert.Equal(["INV-1", "INV-2"], plan["invoices"]!.AsArray().Select(i => i.Str()).Order(StringComparer.Ordinal));
        Assert.Equal([2_000m, 2_000m, 2_000m], plan["installments"]!.AsArray().Select(i => i!["amount"].Dec()));
        await admin.Post("/api/customers/C1/repayment-plans", new { invoices = new[] { "INV-1" }, count = 1, firstDueOn = "2026-07-10" }, 400);

        // Held out: the overdue invoices get no reminder while the plan is kept.
        Assert.DoesNotContain((await admin.Post("/api/dunning/run", new { }, 200))["actions"]!.AsArray(), a => a!["customerCode"].Str() == "C1");

        // The first installment arrives on time.
        app.Time.Advance(TimeSpan.FromDays(9));
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-1", date = "2026-07-09", amount = 2_000m });
        var kept = (await admin.Get("/api/customers/C1/repayment-plans"))[0]!;
        Assert.Equal(("active", "kept"), (kept["status"].Str(), kept["installments"]![0]!["status"].Str()));

        // The second (10 August) does not: on Tuesday 11 August the plan is broken and dunning resumes.
        app.Time.Advance(TimeSpan.FromDays(33));
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        var broken = (await admin.Get("/api/customers/C1/repayment-plans"))[0]!;
        Assert.Equal(("broken", "2026-08-11"), (broken["status"].Str(), broken["endedOn"].Str()));
        var resumed = run["actions"]!.AsArray().Where(a => a!["customerCode"].Str() == "C1").SelectMany(a => a!["items"]!.AsArray()).Select(i => i!["number"].Str()).ToList();
        Assert.Contains("INV-1", resumed);
        Assert.Contains("INV-2", resumed);
        await admin.Post($"/api/repayment-plans/{plan["id"]}/cancel", new { }, 409);
    }
}

public sealed class SqliteRepaymentPlanTests() : RepaymentPlanTests(Engine.Sqlite);

public sealed class PostgresRepaymentPlanTests() : RepaymentPlanTests(Engine.Postgres);
