using System.Net.Http.Json;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The credit file over the API on both databases: statements with ratios, behaviour from
/// the ledger, exposure, a score with reasons in the caller's language, refusals by field, the
/// customer scope, and the audit trail.</summary>
public abstract class CreditFileTests(Engine engine)
{
    [Fact]
    public async Task TheCreditFile_ReadsTheLedger_AndTheStatements_IntoAScore()
    {
        await using var app = await TestApp.StartAsync(engine);
        var clerk = app.Client(asUser: "c.clerk", role: Roles.ArClerk);
        await clerk.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 1000m, owner = "c.sales" });
        // Paid on time (300), paid 20 days late (100), still open 30 days past due (200).
        await clerk.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-03-01", dueDate = "2026-03-31", amount = 300m });
        await clerk.Post("/api/invoices", new { customerCode = "C001", number = "INV-2", issueDate = "2026-04-01", dueDate = "2026-04-30", amount = 100m });
        await clerk.Post("/api/invoices", new { customerCode = "C001", number = "INV-3", issueDate = "2026-05-01", dueDate = "2026-05-31", amount = 200m });
        await clerk.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-03-30", amount = 300m, invoiceNumber = "INV-1" });
        await clerk.Post("/api/receipts", new { customerCode = "C001", number = "RC-2", date = "2026-05-20", amount = 100m, invoiceNumber = "INV-2" });
        await clerk.Post("/api/contracts", new { customerCode = "C001", number = "K-1", signedDate = "2026-06-01", total = 500m, plan = new { kind = "equal", count = 2, firstDueDate = "2026-08-01" } });

        var bad = await (await clerk.PutAsJsonAsync("/api/customers/C001/credit/statements/2025", new { totalAssets = 1000m, totalLiabilities = 600m, currentAssets = 1200m, currentLiabilities = 400m, revenue = 5000m, netProfit = 1.234m, operatingCashFlow = 80m })).Json(400);
        Assert.Contains("currentAssets", bad["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("netProfit", bad["errors"]!.AsObject().Select(e => e.Key));
        var saved = await (await clerk.PutAsJsonAsync("/api/customers/C001/credit/statements/2025", new { totalAssets = 1000m, totalLiabilities = 600m, currentAssets = 320m, currentLiabilities = 400m, revenue = 5000m, netProfit = 250m, operatingCashFlow = 80m })).Json(200);
        Assert.Equal(0.8m, saved["ratios"]!["currentRatio"].Dec());
        await (await clerk.PutAsJsonAsync("/api/customers/C001/credit/profile", new { foundedOn = "2014-05-01", registeredCapital = 5_000_000m, industry = "Machinery", region = "Jiangsu" })).Json(200);
        var report = await clerk.Post("/api/customers/C001/credit/reports", new { provider = "Example Credit", reportDate = "2026-06-01", rating = "BBB", score = 71m, lawsuits = 1 });
        // The bureau's PDF, attached to the report and read back as it was.
        var pdf = "%PDF-1.4 credit report"u8.ToArray();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "report.pdf" } })
            Assert.Equal("report.pdf", (await (await clerk.PostAsync($"/api/customers/C001/credit/reports/{report["id"]}/file", form)).Json(200))["fileName"].Str());
        Assert.Equal(pdf, await clerk.GetByteArrayAsync($"/api/customers/C001/credit/reports/{report["id"]}/file"));
        using (var empty = new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.pdf" } })
            await (await clerk.PostAsync($"/api/customers/C001/credit/reports/{report["id"]}/file", empty)).Json(400);
        await app.Client(asUser: "other.sales", role: Roles.Sales).Get($"/api/customers/C001/credit/reports/{report["id"]}/file", 404);

        var file = await app.Client("zh-CN", asUser: "c.clerk", role: Roles.ArClerk).Get("/api/customers/C001/credit?asOf=2026-06-30");
        var behaviour = file["behaviour"]!;
        Assert.Equal(3, behaviour["invoices"]!.GetValue<int>());
        Assert.Equal(0.3333m, behaviour["onTimeShare"].Dec());
        Assert.Equal(0.5m, behaviour["onTimeAmountShare"].Dec());
        Assert.Equal(13.3m, behaviour["averageDaysLate"].Dec()); // (100 × 20 + 200 × 30) / 600
        Assert.Equal(30, behaviour["maxDaysLate"]!.GetValue<int>());
        Assert.Equal(200m, file["exposure"]!["openReceivables"].Dec());
        Assert.Equal(500m, file["exposure"]!["unbilledContracts"].Dec());
        Assert.Equal(0.7m, file["utilisation"].Dec());
        Assert.Equal("Jiangsu", file["profile"]!["region"].Str());
        var score = file["score"]!;
        Assert.InRange(score["score"].Dec(), 0m, 100m);
        Assert.Contains(score["reasonTexts"]!.AsArray(), r => r.Str().StartsWith("流动比率 0.8", StringComparison.Ordinal));
        // The policy of the grade, applied to the latest statement: the lower of a share of revenue and of net assets.
        var recommended = file["recommendation"]!;
        Assert.Equal(score["grade"].Str(), recommended["grade"].Str());
        var row = ArFlow.Domain.Credit.CreditPolicy.Default.For(score["grade"].Str());
        Assert.Equal(row.Limit.Recommend(5000m, 400m), recommended["limit"]?.GetValue<decimal?>());
        Assert.Equal(row.Terms, recommended["terms"].Str());

        // Earlier, INV-2 was not yet paid and INV-3 not yet due.
        var before = await clerk.Get("/api/customers/C001/credit?asOf=2026-05-10");
        Assert.Equal(2, before["behaviour"]!["invoices"]!.GetValue<int>());
        Assert.Equal(10, before["behaviour"]!["maxDaysLate"]!.GetValue<int>());

        await app.Client(asUser: "other.sales", role: Roles.Sales).Get("/api/customers/C001/credit", 404);
        await app.Client(asUser: "c.sales", role: Roles.Sales).Get("/api/customers/C001/credit");
        await (await app.Client(asUser: "c.sales", role: Roles.Sales).PutAsJsonAsync("/api/customers/C001/credit/profile", new { region = "x" })).Json(403);
        var trail = await app.Client(asUser: "c.auditor", role: Roles.Auditor).Get("/api/audit?customer=C001&entity=financial-statement");
        Assert.Equal("financial-statement.created", trail["items"]![0]!["action"].Str());
    }

    [Fact]
    public async Task TheCreditCheck_PassesWarnsAndBlocks_WithReasons_OverTheApiAndTheCommandLine()
    {
        await using var app = await TestApp.StartAsync(engine);
        var clerk = app.Client(asUser: "c.clerk", role: Roles.ArClerk);
        await clerk.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 1000m, grade = "B" });
        await clerk.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-06-01", dueDate = "2026-06-25", amount = 200m });
        await clerk.Post("/api/contracts", new { customerCode = "C001", number = "K-1", signedDate = "2026-06-01", total = 500m, plan = new { kind = "equal", count = 2, firstDueDate = "2026-08-01" } });

        // 200 open (5 days overdue, within grade B's 10 days) + 500 not yet invoiced + what is asked.
        var small = await clerk.Post("/api/credit/check", new { customerCode = "C001", amount = 100m }, 200);
        Assert.Equal("warn", small["outcome"].Str());
        Assert.Equal(["credit.check.overdue_within_tolerance"], small["reasons"]!.AsArray().Select(r => r!["code"].Str()));
        var near = await clerk.Post("/api/credit/check", new { customerCode = "C001", amount = 250m }, 200);
        Assert.Contains(near["reasons"]!.AsArray(), r => r!["code"].Str() == "credit.check.near_limit");
        var over = await app.Client("zh-CN", asUser: "c.clerk", role: Roles.ArClerk).Post("/api/credit/check", new { customerCode = "C001", amount = 301m }, 200);
        Assert.Equal("block", over["outcome"].Str());
        Assert.Equal(1001m, over["exposure"]!["total"].Dec());
        Assert.Contains(over["reasons"]!.AsArray(), r => r!["text"].Str() == "敞口 1,001.00 将超过信用额度 1,000.00。");
        await clerk.Post("/api/credit/check", new { customerCode = "C001", amount = -5m }, 400);
        await app.Client(asUser: "x.sales", role: Roles.Sales).Post("/api/credit/check", new { customerCode = "C001", amount = 1m }, 404);

        var db = app.Database.ConnectionString;
        var blocked = await CliRunner.RunAsync(["credit", "check", "C001", "--amount", "301", "--format", "json", "--db", db]);
        Assert.Equal(3, blocked.ExitCode);
        Assert.Equal("block", System.Text.Json.Nodes.JsonNode.Parse(blocked.Stdout)!["outcome"].Str());
        // The command runs on the machine's clock: a customer with nothing open passes whatever the day.
        await clerk.Post("/api/customers", new { code = "C002", name = "Second", creditLimit = 1000m, grade = "A" });
        var passed = await CliRunner.RunAsync(["credit", "check", "C002", "--amount", "10", "--db", db]);
        Assert.True(passed.ExitCode == 0, passed.Stdout + passed.Stderr);
        Assert.Contains("C002: pass (grade A)", passed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await CliRunner.RunAsync(["credit", "check", "NOPE", "--db", db])).ExitCode);
    }
}

public sealed class SqliteCreditFileTests() : CreditFileTests(Engine.Sqlite);

public sealed class PostgresCreditFileTests() : CreditFileTests(Engine.Postgres);
