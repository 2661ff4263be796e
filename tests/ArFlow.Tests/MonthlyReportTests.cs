using System.Globalization;
using System.Text.Json.Nodes;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Features.Analytics;
using ArFlow.Infrastructure.Outbox;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace ArFlow.Tests;

/// <summary>The monthly evaluation report over the worked example of docs/analytics.md (October 2026): every
/// section against the hand-computed figures or the report it summarises, read back from the PDF (Chinese and
/// English) and the workbook; the scheduled run emails the chosen roles once, through a real SMTP server.</summary>
public abstract class MonthlyReportTests(Engine engine)
{
    private static async Task<TestApp> StartAsync(Engine engine, SmtpServer? smtp = null)
    {
        var app = await TestApp.StartAsync(engine);
        app.Settings["ArFlow:Dunning:CompanyName"] = "上海演示实业有限公司";
        if (smtp is not null) app.MailThrough(smtp.Port);
        return app;
    }

    /// <summary>The KPI worked example (C1, collector k.one): a dispute of 5,000 on INV-C and an alert in October, a budget of 100,000 for it.</summary>
    private static async Task<HttpClient> WorkedExampleAsync(TestApp app)
    {
        app.Time.SetUtcNow(new DateTimeOffset(2026, 10, 26, 2, 0, 0, TimeSpan.Zero));
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "华东贸易有限公司", owner = "o.one", collector = "k.one", grade = "B" });
        async Task Invoice(string number, string issued, string due, decimal amount) =>
            await admin.Post("/api/invoices", new { customerCode = "C1", number, issueDate = issued, dueDate = due, amount });
        await Invoice("INV-0", "2026-07-01", "2026-07-31", 10_000m);
        await Invoice("INV-A", "2026-08-10", "2026-09-09", 50_000m);
        await Invoice("INV-B", "2026-09-10", "2026-10-10", 60_000m);
        await Invoice("INV-C", "2026-10-05", "2026-10-20", 30_000m);
        await Invoice("INV-D", "2026-10-20", "2026-11-19", 60_000m);
        await admin.Post("/api/receipts", new
        {
            customerCode = "C1", number = "R-1", date = "2026-10-15", amount = 80_000m, autoAllocate = false,
            lines = new[] { new { invoiceNumber = "INV-0", amount = 10_000m }, new { invoiceNumber = "INV-A", amount = 50_000m }, new { invoiceNumber = "INV-B", amount = 20_000m } },
        });
        await app.PostApprovedAsync(app.Client(asUser: "c.clerk", role: "ArClerk"), "/api/write-offs",
            new { customerCode = "C1", number = "INV-B", amount = 1_000m, date = "2026-10-25", reason = "price difference" });
        await admin.Post("/api/disputes", new { customerCode = "C1", invoiceNumber = "INV-C", amount = 5_000m, reason = "quality" });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ArFlowDbContext>();
            db.CreditAlerts.Add(new CreditAlert { CustomerId = db.Customers.Single(c => c.Code == "C1").Id, Rule = "overdue-ratio-up", Args = "[\"20%\",\"53%\"]", RaisedOn = new DateOnly(2026, 10, 12) });
            await db.SaveChangesAsync();
        }
        await admin.Put("/api/forecast/budget", new[] { new { month = "2026-10", amount = 100_000m }, new { month = "2026-12", amount = 50_000m } });
        await admin.Put("/api/forecast/scenarios/c1-late", new { customers = "C1", delayDays = 30 });
        return admin;
    }

    [Fact]
    public async Task TheMonth_AgainstTheMonthBeforeAndAYearBefore_WithAgeingMovementRisksCashCollectorsDisputesAndScenarios()
    {
        await using var app = await StartAsync(engine);
        var admin = await WorkedExampleAsync(app);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero));

        var r = await admin.Get("/api/reports/monthly?month=2026-10");
        Assert.Equal(("2026-10", "2026-10-01", "2026-10-31", "CNY"), (r["month"].Str(), r["from"].Str(), r["to"].Str(), r["baseCurrency"].Str()));
        // The KPIs are the KPI report's for October, September and October 2025 (nothing then).
        async Task<JsonNode?> Kpi(string from, string to) => (await admin.Get($"/api/reports/kpi?from={from}&to={to}"))["rows"]!.AsArray().SingleOrDefault();
        Assert.True(JsonNode.DeepEquals(await Kpi("2026-10-01", "2026-10-31"), r["kpis"]));
        Assert.True(JsonNode.DeepEquals(await Kpi("2026-09-01", "2026-09-30"), r["previousMonth"]));
        Assert.Null(r["yearBefore"]);
        Assert.Equal((44.43m, 54m, 120_000m), (r["kpis"]!["dso"].Dec(), r["kpis"]!["collectionEffectiveness"].Dec(), r["previousMonth"]!["closing"].Dec()));

        // Ageing movement by hand (docs/analytics.md): current 60,000 + 60,000 new − 21,000 settled − 39,000 aged on = 60,000;
        // 1–30: 50,000 + 30,000 new + 39,000 aged in − 50,000 settled = 69,000; 61–90: 10,000 settled.
        var ageing = r["ageing"]!.AsArray();
        Assert.Equal(["current", "1-30", "31-60", "61-90", "91-180", "181-365", "over-365"], ageing.Select(b => b!["bucket"].Str()));
        string[] columns = ["opening", "newIn", "agedIn", "settledOut", "agedOut", "closing"];
        decimal[] Row(int i) => columns.Select(k => ageing[i]![k].Dec()).ToArray();
        Assert.Equal([60_000m, 60_000m, 0m, 21_000m, 39_000m, 60_000m], Row(0));
        Assert.Equal([50_000m, 30_000m, 39_000m, 50_000m, 0m, 69_000m], Row(1));
        Assert.Equal([10_000m, 0m, 0m, 10_000m, 0m, 0m], Row(3));
        Assert.Equal(0.65m, ageing[0]!["rollRate"].Dec());
        // Its closing is the ageing report's at the month's end, its opening the ageing at the end of the month before.
        var (atEnd, atStart) = (await admin.Get("/api/ageing?asOf=2026-10-31&by=currency"), await admin.Get("/api/ageing?asOf=2026-09-30&by=currency"));
        for (var i = 0; i < ageing.Count; i++)
        {
            Assert.Equal(atEnd["rows"]![0]!["buckets"]![i].Dec(), ageing[i]!["closing"].Dec());
            Assert.Equal(atStart["rows"]![0]!["buckets"]![i].Dec(), ageing[i]!["opening"].Dec());
        }

        var risk = Assert.Single(r["topRisks"]!.AsArray())!;
        Assert.Equal(("C1", "B", 129_000m, 69_000m, 60_000m, 21), (risk["code"].Str(), risk["grade"].Str(), risk["balance"].Dec(), risk["overdue"].Dec(), risk["overdueAtStart"].Dec(), risk["oldestDaysOverdue"]!.GetValue<int>()));
        var alert = Assert.Single(r["alerts"]!.AsArray())!;
        Assert.Equal(("C1", "overdue-ratio-up", "2026-10-12", "open"), (alert["customer"].Str(), alert["rule"].Str(), alert["raisedOn"].Str(), alert["status"].Str()));

        // Cash: October received 80,000 against a budget of 100,000; then the forecast made today, month by month, as the forecast gives it.
        var cash = r["cash"]!.AsArray();
        Assert.Equal(("2026-10", 100_000m, 80_000m, -20_000m, false), (cash[0]!["month"].Str(), cash[0]!["budget"].Dec(), cash[0]!["amount"].Dec(), cash[0]!["gap"].Dec(), cash[0]!["forecast"]!.GetValue<bool>()));
        Assert.Equal("2026-11-15", r["forecastFrom"].Str());
        var forecast = (await admin.Get("/api/forecast?from=2026-11-15&weeks=14"))["months"]!.AsArray();
        Assert.Equal(["2026-11", "2026-12", "2027-01"], cash.Skip(1).Select(c => c!["month"].Str()));
        for (var i = 0; i < 3; i++) Assert.Equal(forecast[i]!["total"].Dec(), cash[i + 1]!["amount"].Dec());
        Assert.Equal((50_000m, forecast[1]!["total"].Dec() - 50_000m), (cash[2]!["budget"].Dec(), cash[2]!["gap"].Dec()));

        var collector = Assert.Single(r["collectors"]!.AsArray())!;
        Assert.Equal(("k.one", 80_000m), (collector["key"].Str(), collector["collected"].Dec()));
        var disputes = r["disputes"]!;
        Assert.Equal((1, 0, 1), (disputes["opened"]!.GetValue<int>(), disputes["resolved"]!.GetValue<int>(), disputes["openAtEnd"]!.GetValue<int>()));
        var largest = Assert.Single(disputes["largest"]!.AsArray())!;
        Assert.Equal(("C1", "INV-C", 5_000m, "quality", 5), (largest["customer"].Str(), largest["document"].Str(), largest["amount"].Dec(), largest["reason"].Str(), largest["daysOpen"]!.GetValue<int>()));

        // The saved scenario, run again from the forecast's day: what the scenario run gives.
        var scenario = Assert.Single(r["scenarios"]!.AsArray())!;
        var run = await admin.Get("/api/forecast/scenarios/c1-late/run?weeks=13");
        Assert.Equal(("c1-late", 1, run["expected"].Dec(), run["shortfall"].Dec()), (scenario["name"].Str(), scenario["customers"]!.GetValue<int>(), scenario["expected"].Dec(), scenario["shortfall"].Dec()));
        Assert.True(scenario["expected"].Dec() > 0);

        // The PDF in Chinese and in English, read back.
        var zh = StatementPortalTests.PdfText(await (await admin.GetAsync("/api/reports/monthly?month=2026-10&format=pdf&lang=zh-CN")).Content.ReadAsByteArrayAsync());
        foreach (var expected in new[] { "上海演示实业有限公司", "2026-10应收账款月度评估报告", "关键指标", "去年同月", "账龄迁移", "迁徙率", "65.0%", "69,000.00", "华东贸易有限公司",
                     "本月预警", "回款与预算", "-20,000.00", "催收员绩效", "k.one", "争议", "INV-C", "质量", "应急预案", "c1-late" })
            Assert.Contains(expected, zh, StringComparison.Ordinal);
        var en = StatementPortalTests.PdfText(await (await admin.GetAsync("/api/reports/monthly?month=2026-10&format=pdf&lang=en-US")).Content.ReadAsByteArrayAsync());
        foreach (var expected in new[] { "Monthlyreceivablesreport2026-10", "Ageingmovement", "Rollrate", "Collectorperformance", "Stressscenarios", "129,000.00" })
            Assert.Contains(expected, en, StringComparison.Ordinal);

        // The workbook: a sheet per section, figures as numbers.
        var xlsx = await (await admin.GetAsync("/api/reports/monthly?month=2026-10&format=xlsx&lang=en-US")).Content.ReadAsByteArrayAsync();
        var sheets = MiniExcel.GetSheetNames(new MemoryStream(xlsx));
        Assert.Equal(8, sheets.Count);
        Assert.Equal("2 Ageing movement", sheets[1]);
        var bucket = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: sheets[1]).Cast<IDictionary<string, object>>().ElementAt(1);
        Assert.Equal(69_000m, Convert.ToDecimal(bucket["Closing"], CultureInfo.InvariantCulture));

        // Bad months are named; a month not yet begun has no report.
        Assert.Equal("input.invalid_month", (await admin.Get("/api/reports/monthly?month=2026-13", 400))["code"].Str());
        await admin.Get("/api/reports/monthly", 400);
        await admin.Get("/api/reports/monthly?month=2026-12", 400);
        await admin.Get("/api/reports/monthly?month=2026-10&format=doc", 400);
    }

    [Fact]
    public async Task TheScheduledRun_EmailsThePdfAndWorkbook_ToThePeopleInTheChosenRoles_OnceAMonth()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = await StartAsync(engine, smtp);
        var admin = await WorkedExampleAsync(app);
        app.Client(asUser: "m.manager", role: "FinanceManager");
        app.Client(asUser: "k.one", role: "Collector");
        await app.SetEmailAsync("m.manager", "manager@arflow.test", "zh-CN");
        await app.SetEmailAsync("test.admin", "admin@arflow.test", "en-US");
        await app.SetEmailAsync("k.one", "collector@arflow.test", "zh-CN");

        var settings = await admin.Get("/api/reports/monthly/settings");
        Assert.Equal((0, 1), (settings["version"]!.GetValue<int>(), settings["value"]!["day"]!.GetValue<int>()));
        var refused = await admin.Put("/api/reports/monthly/settings", new { value = new { roles = new[] { "Admin", "Pilot" }, day = 40 }, version = 0 }, 400);
        Assert.Equal(["value.day", "value.roles[1]"], refused["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        await app.Client(asUser: "k.one", role: "Collector").Put("/api/reports/monthly/settings", new { value = new { roles = new[] { "Admin" }, day = 3 }, version = 0 }, 403);
        await admin.Put("/api/reports/monthly/settings", new { value = new { roles = new[] { "Admin", "FinanceManager" }, day = 3 }, version = 0 });

        var run = app.Services.GetRequiredService<MonthlyReportRun>();
        async Task<MonthlyReportRun.Outcome?> ScheduledAt(DateTimeOffset now)
        {
            app.Time.SetUtcNow(now);
            await using var scope = app.Services.CreateAsyncScope();
            return await run.RunScheduledAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), CancellationToken.None);
        }
        Assert.Null(await ScheduledAt(new DateTimeOffset(2026, 11, 2, 4, 0, 0, TimeSpan.Zero)));  // before the day set
        var made = await ScheduledAt(new DateTimeOffset(2026, 11, 3, 4, 0, 0, TimeSpan.Zero));
        Assert.Equal(("2026-10", false, 2), (made!.Month, made.AlreadyDone, made.Recipients));
        Assert.Equal(["en-US", "zh-CN"], made.Languages);
        Assert.True((await ScheduledAt(new DateTimeOffset(2026, 11, 4, 4, 0, 0, TimeSpan.Zero)))!.AlreadyDone);
        Assert.True((await admin.Post("/api/reports/monthly/run", new { month = "2026-10" }, 200))["alreadyDone"]!.GetValue<bool>());
        await admin.Post("/api/reports/monthly/run", new { month = "2026-11" }, 400); // not over yet

        await app.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        var mails = await smtp.WaitForAsync(2);
        Assert.Equal(["admin@arflow.test", "manager@arflow.test"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        foreach (var mail in mails)
        {
            var chinese = mail.To.Mailboxes.Single().Address.StartsWith("manager", StringComparison.Ordinal);
            Assert.Contains(chinese ? "应收账款月度评估报告" : "monthly receivables report", mail.Subject, StringComparison.Ordinal);
            var parts = mail.Attachments.OfType<MimeKit.MimePart>().ToList();
            Assert.Equal([".pdf", ".xlsx"], parts.Select(p => Path.GetExtension(p.FileName)));
            using var pdf = new MemoryStream();
            parts[0].Content!.DecodeTo(pdf);
            Assert.Contains(chinese ? "账龄迁移" : "Ageingmovement", StatementPortalTests.PdfText(pdf.ToArray()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheCommandLine_WritesTheReportAsJsonPdfAndWorkbook_AndNamesABadMonth()
    {
        await using var app = await StartAsync(engine);
        await WorkedExampleAsync(app);
        var db = app.Database.ConnectionString;
        var json = await CliRunner.RunAsync(["report", "monthly", "--month", "2026-10", "--format", "json", "--db", db]);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(69_000m, JsonNode.Parse(json.Stdout)!["ageing"]![1]!["closing"].Dec());
        var table = await CliRunner.RunAsync(["report", "monthly", "--month", "2026-10", "--lang", "zh-CN", "--db", db]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("账龄迁移", table.Stdout, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"monthly-{Guid.NewGuid():N}.pdf");
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync(["report", "monthly", "--month", "2026-10", "--format", "pdf", "--lang", "en-US", "--output", file, "--db", db])).ExitCode);
            Assert.Contains("Ageingmovement", StatementPortalTests.PdfText(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
        var bad = await CliRunner.RunAsync(["report", "monthly", "--month", "2026-13", "--db", db]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--month", bad.Stderr, StringComparison.Ordinal);
    }
}

public sealed class SqliteMonthlyReportTests() : MonthlyReportTests(Engine.Sqlite);

public sealed class PostgresMonthlyReportTests() : MonthlyReportTests(Engine.Postgres);
