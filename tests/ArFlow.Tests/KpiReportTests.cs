using System.Globalization;
using System.Text.Json.Nodes;
using ArFlow.Tests.Infrastructure;
using MiniExcelLibs;

namespace ArFlow.Tests;

/// <summary>The KPI report over a real ledger on both databases: the worked example of docs/analytics.md
/// posted as invoices, a receipt and an approved write-off, and every figure as computed by hand.</summary>
public abstract class KpiReportTests(Engine engine)
{
    [Fact]
    public async Task TheWorkedExample_PostedAsDocuments_GivesTheHandComputedKpis()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero));
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "华东贸易有限公司", owner = "o.one", collector = "k.one" });
        await admin.Post("/api/customers", new { code = "C2", name = "Quiet Ltd", owner = "o.two" });
        async Task Invoice(string number, string issued, string due, decimal amount) =>
            await admin.Post("/api/invoices", new { customerCode = "C1", number, issueDate = issued, dueDate = due, amount });
        await Invoice("INV-0", "2026-07-01", "2026-07-31", 10_000m);
        await Invoice("INV-A", "2026-08-10", "2026-09-09", 50_000m);   // August's sales
        await Invoice("INV-B", "2026-09-10", "2026-10-10", 60_000m);   // September's: opening 120,000
        await Invoice("INV-C", "2026-10-05", "2026-10-20", 30_000m);   // October invoiced 90,000
        await Invoice("INV-D", "2026-10-20", "2026-11-19", 60_000m);   // not yet due on 31 October
        await admin.Post("/api/receipts", new
        {
            customerCode = "C1", number = "R-1", date = "2026-10-15", amount = 80_000m, autoAllocate = false,
            lines = new[] { new { invoiceNumber = "INV-0", amount = 10_000m }, new { invoiceNumber = "INV-A", amount = 50_000m }, new { invoiceNumber = "INV-B", amount = 20_000m } },
        });
        await app.PostApprovedAsync(app.Client(asUser: "c.clerk", role: "ArClerk"), "/api/write-offs",
            new { customerCode = "C1", number = "INV-B", amount = 1_000m, date = "2026-10-25", reason = "price difference" });

        var report = await admin.Get("/api/reports/kpi?from=2026-10-01&to=2026-10-31");
        Assert.Equal((31, "company", "CNY"), (report["days"]!.GetValue<int>(), report["by"].Str(), report["baseCurrency"].Str()));
        var r = report["rows"]!.AsArray().Single()!;
        Assert.Equal((120_000m, 90_000m, 1_000m, 129_000m, 60_000m, 69_000m), (r["opening"].Dec(), r["sales"].Dec(), r["writtenOff"].Dec(), r["closing"].Dec(), r["current"].Dec(), r["overdue"].Dec()));
        Assert.Equal((44.43m, 50.5m, 20.67m, 23.77m, 54m), (r["dso"].Dec(), r["countBackDso"].Dec(), r["bestPossibleDso"].Dec(), r["averageDaysDelinquent"].Dec(), r["collectionEffectiveness"].Dec()));
        Assert.Equal((0.5349m, 0.6667m, 0.0111m, 0.7229m, 42.88m), (r["overdueRatio"].Dec(), r["overdueCountRatio"].Dec(), r["badDebtRatio"].Dec(), r["turnover"].Dec(), r["turnoverDays"].Dec()));
        Assert.Equal((1m, 1m), (r["topTenShare"].Dec(), r["herfindahl"].Dec()));
        Assert.Null(r["promiseKeptRate"]);

        // By owner: C2 has nothing, so no sales-based figures; an empty period has none either.
        var byOwner = (await admin.Get("/api/reports/kpi?from=2026-10-01&to=2026-10-31&by=owner"))["rows"]!.AsArray();
        Assert.Equal(["o.one"], byOwner.Select(x => x!["key"].Str()));
        var empty = (await admin.Get("/api/reports/kpi?from=2026-12-01&to=2026-12-31"))["rows"]!.AsArray().Single()!;
        Assert.Equal((129_000m, 0m), (empty["closing"].Dec(), empty["sales"].Dec()));
        Assert.Null(empty["dso"]);
        Assert.Equal("input.invalid_choice", (await admin.Get("/api/reports/kpi?from=2026-10-01&to=2026-10-31&by=planet", 400))["code"].Str());
        await admin.Get("/api/reports/kpi?from=2026-10-31&to=2026-10-01", 400);

        // The command line gives the same figures, and an Excel sheet with headings in the language asked.
        var json = await CliRunner.RunAsync(["report", "kpi", "--from", "2026-10-01", "--to", "2026-10-31", "--by", "customer", "--format", "json", "--db", app.Database.ConnectionString]);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(44.43m, JsonNode.Parse(json.Stdout)!["rows"]![0]!["dso"].Dec());
        var file = Path.Combine(Path.GetTempPath(), $"kpi-{Guid.NewGuid():N}.xlsx");
        try
        {
            var xlsx = await CliRunner.RunAsync(["report", "kpi", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "xlsx", "--output", file, "--lang", "zh-CN", "--db", app.Database.ConnectionString]);
            Assert.Equal(0, xlsx.ExitCode);
            var row = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object>>().Single();
            Assert.Equal(54m, Convert.ToDecimal(row["回款有效性指数 CEI"], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(2, (await CliRunner.RunAsync(["report", "kpi", "--from", "2026-10-01", "--to", "nope", "--db", app.Database.ConnectionString])).ExitCode);

        // The twelve-month trend, in one pass, gives each month exactly what the report gives for that month alone.
        var trend = (await admin.Get("/api/reports/kpi/trend?to=2026-10-31"))["months"]!.AsArray();
        Assert.Equal(12, trend.Count);
        Assert.Equal(("2025-11", "2026-10"), (trend[0]!["month"].Str(), trend[11]!["month"].Str()));
        await EachMonthIsTheReportAloneAsync(admin, trend);
        Assert.Equal((44.43m, 54m), (trend[11]!["figures"]!["dso"].Dec(), trend[11]!["figures"]!["collectionEffectiveness"].Dec()));
        var trendJson = await CliRunner.RunAsync(["report", "kpi-trend", "--to", "2026-10-31", "--format", "json", "--db", app.Database.ConnectionString]);
        Assert.Equal(0, trendJson.ExitCode);
        Assert.Equal(44.43m, JsonNode.Parse(trendJson.Stdout)!["months"]![11]!["figures"]!["dso"].Dec());

        // Collector performance: October's collector collected the 80,000 of R-1; in November another collector's
        // customer pays 400 of a debt more than 90 days overdue, 100 more is written off (not collection), and a call is made.
        var october = (await admin.Get("/api/reports/kpi?from=2026-10-01&to=2026-10-31&by=collector"))["rows"]!.AsArray().Single()!;
        Assert.Equal(("k.one", 80_000m, 0, 0m), (october["key"].Str(), october["collected"].Dec(), october["actionsDone"]!.GetValue<int>(), october["oldestPaidDown"].Dec()));
        await admin.Post("/api/customers", new { code = "C3", name = "Old Debts Co", collector = "k.two" });
        await admin.Post("/api/invoices", new { customerCode = "C3", number = "OLD-1", issueDate = "2026-03-01", dueDate = "2026-03-31", amount = 1_000m });
        await admin.Post("/api/receipts", new { customerCode = "C3", number = "R-OLD", date = "2026-11-05", amount = 400m });
        await app.PostApprovedAsync(app.Client(asUser: "c.clerk", role: "ArClerk"), "/api/write-offs",
            new { customerCode = "C3", number = "OLD-1", amount = 100m, date = "2026-11-10", reason = "small balance" });
        await admin.Post("/api/customers/C3/activities", new { kind = "call", outcome = "promised", note = "promised the rest" });
        var november = (await admin.Get("/api/reports/kpi?from=2026-11-01&to=2026-11-30&by=collector"))["rows"]!.AsArray().Single(x => x!["key"].Str() == "k.two")!;
        Assert.Equal((400m, 1, 400m, 100m), (november["collected"].Dec(), november["actionsDone"]!.GetValue<int>(), november["oldestPaidDown"].Dec(), november["writtenOff"].Dec()));
    }

    /// <summary>Every figure of each month of a trend is the KPI report's for that month alone (collector performance is the report's only).</summary>
    private static async Task EachMonthIsTheReportAloneAsync(HttpClient admin, JsonArray trend)
    {
        foreach (var month in trend)
        {
            var figures = month!["figures"]!.AsObject();
            var alone = (await admin.Get($"/api/reports/kpi?from={month["from"].Str()}&to={month["to"].Str()}"))["rows"]!.AsArray().SingleOrDefault()?.AsObject();
            if (alone is null)
            {
                Assert.Equal((0m, 0m), (figures["closing"].Dec(), figures["sales"].Dec())); // before the first invoice
                continue;
            }
            foreach (var (name, value) in alone.Where(p => p.Key is not ("key" or "name" or "collected" or "actionsDone" or "oldestPaidDown")))
                Assert.True(JsonNode.DeepEquals(value, figures[name]), $"{month["month"].Str()} {name}: alone {value?.ToJsonString()}, in the trend {figures[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task TheTrend_IsTheReportOfEachMonth_WithDebtsAndCreditsOlderThanItsYear()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero));
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "OLD", name = "Old Book Ltd" });
        async Task Invoice(string number, string issued, string due, decimal amount) =>
            await admin.Post("/api/invoices", new { customerCode = "OLD", number, issueDate = issued, dueDate = due, amount });
        await Invoice("O-1", "2024-03-01", "2024-03-31", 7_000m);   // open ever since, no entry in the trend's year
        await Invoice("O-2", "2024-06-01", "2024-07-01", 4_000m);   // paid in the trend's year
        await Invoice("O-3", "2025-01-10", "2025-02-09", 2_500m);   // paid before it
        await Invoice("O-4", "2026-02-01", "2026-03-03", 3_000m);   // of the year, half paid
        await admin.Post("/api/receipts", new { customerCode = "OLD", number = "R-O3", date = "2025-03-01", amount = 2_500m, autoAllocate = false, lines = new[] { new { invoiceNumber = "O-3", amount = 2_500m } } });
        await admin.Post("/api/receipts", new { customerCode = "OLD", number = "R-U", date = "2025-05-05", amount = 600m, autoAllocate = false }); // unapplied since
        await admin.Post("/api/receipts", new { customerCode = "OLD", number = "R-O2", date = "2026-04-20", amount = 5_500m, autoAllocate = false,
            lines = new[] { new { invoiceNumber = "O-2", amount = 4_000m }, new { invoiceNumber = "O-4", amount = 1_500m } } });
        var trend = (await admin.Get("/api/reports/kpi/trend?to=2026-10-31"))["months"]!.AsArray();
        Assert.Equal(7_000m + 3_000m - 1_500m - 600m, trend[11]!["figures"]!["closing"].Dec());
        Assert.Equal(7_000m + 4_000m - 600m, trend[0]!["figures"]!["opening"].Dec());
        await EachMonthIsTheReportAloneAsync(admin, trend);
    }
}

public sealed class SqliteKpiReportTests() : KpiReportTests(Engine.Sqlite);

public sealed class PostgresKpiReportTests() : KpiReportTests(Engine.Postgres);
