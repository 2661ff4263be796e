using System.Globalization;
using System.Text.Json.Nodes;
using ArFlow.Data;
using ArFlow.Features.Analytics;
using ArFlow.Infrastructure;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace ArFlow.Tests;

/// <summary>The cash-flow forecast over a real book on both databases: every source on the day the rules of
/// docs/analytics.md put it, computed by hand; the budget and its gap; a forecast of the past against the
/// receipts that came; the command line and its Excel file; bad input refused with nothing written.</summary>
public abstract class CashForecastTests(Engine engine)
{
    private static decimal Week(JsonNode forecast, int index, string figure) => forecast["weeks"]![index]![figure].Dec();

    [Fact]
    public async Task EverySource_LandsWhereTheRulesPutIt_AgainstTheBudget()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero)); // Monday 2 November
        var admin = app.Client();
        foreach (var code in new[] { "A", "B", "C", "D", "E", "F" }) await admin.Post("/api/customers", new { code, name = "Customer " + code });
        async Task Invoice(string customer, string number, string issued, string due, decimal amount) =>
            await admin.Post("/api/invoices", new { customerCode = customer, number, issueDate = issued, dueDate = due, amount });
        await Invoice("A", "A1", "2026-10-07", "2026-11-06", 10_000m);   // due on Friday of week 1; no prediction yet: on time
        await Invoice("A", "A2", "2026-09-03", "2026-10-03", 2_000m);    // 30 days overdue: spread over 60 days
        await Invoice("A", "A3", "2025-08-01", "2025-08-31", 5_000m);    // overdue more than 365 days: doubtful
        await Invoice("B", "B1", "2026-10-21", "2026-11-20", 3_000m);    // 1,000 of it promised for 10 November
        await admin.Post("/api/customers/B/promises", new { amount = 1_000m, promisedFor = "2026-11-10" });
        await Invoice("C", "C1", "2026-08-01", "2026-08-31", 4_000m);    // in a repayment plan: 2,000 on 15 Nov and 15 Dec
        await admin.Post("/api/customers/C/repayment-plans", new { invoices = new[] { "C1" }, count = 2, firstDueOn = "2026-11-15", monthsApart = 1 }, 201);
        await admin.Post("/api/contracts", new { customerCode = "D", number = "K-1", signedDate = "2026-10-01", total = 1_000m, plan = new { kind = "equal", count = 1, firstDueDate = "2026-12-01" } });
        await admin.Post("/api/receipts", new { customerCode = "E", number = "BILL-1", date = "2026-11-01", amount = 3_000m, method = "银行承兑汇票", maturityDate = "2026-12-10" });
        await Invoice("F", "F1", "2026-09-01", "2026-10-01", 1_000m);    // paid on 28 October: in the past, not in today's forecast
        await admin.Post("/api/receipts", new { customerCode = "F", number = "R-F", date = "2026-10-28", amount = 1_000m });
        await admin.Put("/api/forecast/budget", new[] { new { month = "2026-11", amount = (decimal?)30_000m }, new { month = "2026-12", amount = (decimal?)31_000m } });

        var f = await admin.Get("/api/forecast");
        Assert.Equal(("2026-11-02", "2027-01-31", "2026-11-02", false), (f["from"].Str(), f["to"].Str(), f["madeOn"].Str(), f["asKnownThen"]!.GetValue<bool>()));
        Assert.Equal((91, 13), (f["days"]!.AsArray().Count, f["weeks"]!.AsArray().Count));
        // Week 1: A1 on its due date, and 7 days of A2's 2,000 ÷ 60 (33.34 on each of the first 20 days).
        Assert.Equal((10_233.38m, 10_233.38m, 10_000m, 7_000m, 3_233.38m), (Week(f, 0, "invoices"), Week(f, 0, "total"), Week(f, 0, "onDueDate"), Week(f, 0, "budget"), Week(f, 0, "gap")));
        // Week 2: A2 again, the promise, the plan's first installment.
        Assert.Equal((233.38m, 1_000m, 2_000m, 3_233.38m), (Week(f, 1, "invoices"), Week(f, 1, "promises"), Week(f, 1, "repaymentPlans"), Week(f, 1, "total")));
        // Week 3: A2 (six days at 33.34, one at 33.33) and what is left of B1 after the promise.
        Assert.Equal(2_233.37m, Week(f, 2, "invoices"));
        Assert.Equal(1_000m, Week(f, 4, "installments"));   // 30 Nov – 6 Dec: the contract's installment on 1 December
        Assert.Equal(3_000m, Week(f, 5, "bills"));          // 7 – 13 Dec: the bill at maturity
        Assert.Equal(2_000m, Week(f, 6, "repaymentPlans")); // 14 – 20 Dec
        Assert.Equal(23_000m, f["weeks"]!.AsArray().Sum(w => w!["total"].Dec()));
        Assert.Equal((0m, 0m, 7_000m, 5_000m), (f["beforeWindow"].Dec(), f["afterWindow"].Dec(), f["overdueAtStart"].Dec(), f["doubtful"].Dec()));
        var november = f["months"]![0]!;
        Assert.Equal(("2026-11-02", "2026-11-30", 29_000m), (november["from"].Str(), november["to"].Str(), november["budget"].Dec()));
        Assert.Null(f["weeks"]![0]!["actual"]);
        // Stress: B pays two weeks later (its promise and invoice move into later weeks, nothing is lost) ...
        var later = await admin.Post("/api/forecast/what-if", new { customers = "B", delayDays = 14 }, 200);
        var lw = later["weeks"]!.AsArray();
        Assert.Equal((-1_000m, -2_000m, 1_000m, 2_000m), (lw[1]!["difference"].Dec(), lw[2]!["difference"].Dec(), lw[3]!["difference"].Dec(), lw[4]!["difference"].Dec()));
        Assert.Equal((1, 3_000m, 3_000m, 0m), (later["customers"]!.GetValue<int>(), later["exposure"].Dec(), later["expected"].Dec(), later["shortfall"].Dec()));
        // ... and A, saved as a scenario, pays nothing: 12,000 expected in the weeks is gone (A3 was doubtful anyway)
        // and week 1 falls below its budget of 7,000.
        await admin.Put("/api/forecast/scenarios/A%20defaults", new { customers = "A", notAtAll = true });
        Assert.Equal(["A defaults"], (await admin.Get("/api/forecast/scenarios")).AsArray().Select(x => x!["name"].Str()));
        var defaults = await admin.Get("/api/forecast/scenarios/A%20defaults/run");
        Assert.Equal((17_000m, 12_000m, 12_000m), (defaults["exposure"].Dec(), defaults["expected"].Dec(), defaults["shortfall"].Dec()));
        Assert.Equal((10_233.38m, 0m, true), (defaults["weeks"]![0]!["forecast"].Dec(), defaults["weeks"]![0]!["scenario"].Dec(), defaults["weeks"]![0]!["belowBudget"]!.GetValue<bool>()));
        Assert.Contains("2026-11-02", defaults["weeksBelowBudget"]!.AsArray().Select(x => x.Str()));
        Assert.Equal("input.out_of_range", (await admin.Put("/api/forecast/scenarios/bad", new { customers = "A", delayDays = 0 }, 400))["codes"]!["delayDays"]![0].Str());
        Assert.Equal("customer.unknown", (await admin.Post("/api/forecast/what-if", new { customers = "NOPE", delayDays = 5 }, 400))["codes"]!["customers"]![0].Str());
        await admin.Get("/api/forecast/scenarios/nothing/run", 404);
        var cli = await CliRunner.RunAsync(["forecast", "scenario", "A defaults", "--format", "json", "--db", app.Database.ConnectionString]);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(17_000m, JsonNode.Parse(cli.Stdout)!["exposure"].Dec()); // what A owes: the same on any day
        Assert.Equal(2, (await CliRunner.RunAsync(["forecast", "scenario", "nothing", "--db", app.Database.ConnectionString])).ExitCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/forecast/scenarios/A%20defaults")).StatusCode);

        // The day's forecast is kept (the daily job does this), once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (context, options, clock) = (scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), scope.ServiceProvider.GetRequiredService<ArFlowOptions>(), scope.ServiceProvider.GetRequiredService<Clock>());
            Assert.True(await CashFlowForecast.KeepAsync(context, options, clock, CancellationToken.None));
            Assert.False(await CashFlowForecast.KeepAsync(context, options, clock, CancellationToken.None));
        }

        // As it would have been made on 26 October: only what was known then (no promise, plan, or bill yet; F1 still
        // open), against what came in. Overdue then: C1 56 days (over 112 days), A2 23 days (46), F1 25 days (50):
        // 7 × 35.72 + 7 × 43.48 + 7 × 20.00.
        var then = await admin.Get("/api/forecast?from=2026-10-26&weeks=2");
        Assert.True(then["asKnownThen"]!.GetValue<bool>());
        Assert.Equal("2026-10-26", then["madeOn"].Str());
        Assert.Equal((694.40m, 0m, 0m), (Week(then, 0, "invoices"), Week(then, 0, "promises"), Week(then, 0, "repaymentPlans")));
        Assert.Equal(1_000m, Week(then, 0, "actual"));      // R-F; the bill received on 1 November matures in December
        Assert.Null(then["weeks"]![1]!["actual"]);          // the week that starts today is not over
        Assert.Equal(Math.Round(Math.Abs(Week(then, 0, "total") - 1_000m) / 1_000m, 4), then["weeklyMape"].Dec());

        // Bad input: a 400 naming the field, and nothing written.
        Assert.Equal("input.out_of_range", (await admin.Get("/api/forecast?weeks=0", 400))["code"].Str());
        var bad = await admin.Put("/api/forecast/budget", new[] { new { month = "2026-12", amount = (decimal?)1m }, new { month = "12/2026", amount = (decimal?)5m } }, 400);
        Assert.Equal("input.invalid_month", bad["codes"]!["lines[1].month"]![0].Str());
        Assert.Equal(31_000m, (await admin.Get("/api/forecast/budget")).AsArray().Single(b => b!["month"].Str() == "2026-12")!["amount"].Dec());

        // The command line runs on the real clock, so it is asked for the forecast of a past day, which is the
        // same whenever it is asked: the same figures, an Excel file in Chinese, a backtest, a budget file.
        var db = app.Database.ConnectionString;
        var json = await CliRunner.RunAsync(["forecast", "--from", "2026-10-26", "--weeks", "1", "--format", "json", "--db", db]);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(694.40m, JsonNode.Parse(json.Stdout)!["weeks"]![0]!["invoices"].Dec());
        var file = Path.Combine(Path.GetTempPath(), $"forecast-{Guid.NewGuid():N}.xlsx");
        var budget = Path.Combine(Path.GetTempPath(), $"budget-{Guid.NewGuid():N}.csv");
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync(["forecast", "--from", "2026-10-26", "--weeks", "2", "--format", "xlsx", "--output", file, "--lang", "zh-CN", "--db", db])).ExitCode);
            var weeks = MiniExcel.Query(file, useHeaderRow: true, sheetName: "按周").Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(2, weeks.Count);
            Assert.Equal(694.40m, Convert.ToDecimal(weeks[0]["未收发票"], CultureInfo.InvariantCulture));
            Assert.Equal(1_000m, Convert.ToDecimal(weeks[0]["实际回款"], CultureInfo.InvariantCulture));

            var backtest = await CliRunner.RunAsync(["forecast", "backtest", "--cutoff", "2026-10-26", "--weeks", "1", "--format", "json", "--db", db]);
            Assert.Equal(0, backtest.ExitCode);
            Assert.Equal(1_000m, JsonNode.Parse(backtest.Stdout)!["weeks"]![0]!["actual"].Dec());
            Assert.Equal(2, (await CliRunner.RunAsync(["forecast", "backtest", "--cutoff", "2099-01-01", "--db", db])).ExitCode);
            Assert.Equal(2, (await CliRunner.RunAsync(["forecast", "--weeks", "0", "--db", db])).ExitCode);

            await File.WriteAllTextAsync(budget, "month,amount\n2027-01,40000\n2027-13,1\n");
            var refused = await CliRunner.RunAsync(["forecast", "budget", "--import", budget, "--db", db]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("line 3, month", refused.Stderr, StringComparison.Ordinal);
            await File.WriteAllTextAsync(budget, "month,amount\n2027-01,40000\n2026-11,\n");
            var set = await CliRunner.RunAsync(["forecast", "budget", "--import", budget, "--format", "json", "--db", db]);
            Assert.Equal(0, set.ExitCode);
            Assert.Equal(["2026-12", "2027-01"], JsonNode.Parse(set.Stdout)!.AsArray().Select(b => b!["month"].Str()));
        }
        finally
        {
            File.Delete(file);
            File.Delete(budget);
        }

        // A week later the kept forecast meets what came in: 500 on 4 November against 10,233.38 expected.
        await admin.Post("/api/receipts", new { customerCode = "A", number = "R-A", date = "2026-11-04", amount = 500m });
        Assert.Empty((await admin.Get("/api/forecast/accuracy"))["weeks"]!.AsArray()); // the week is not over yet
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero));
        var accuracy = await admin.Get("/api/forecast/accuracy");
        var week = accuracy["weeks"]!.AsArray().Single()!;
        Assert.Equal(("2026-11-02", "2026-11-08", 10_233.38m, 500m, 19.4668m), (week["from"].Str(), week["to"].Str(), week["forecast"].Dec(), week["actual"].Dec(), week["percentageError"].Dec()));
        Assert.Equal(19.4668m, accuracy["mape"].Dec());
    }
}

public sealed class SqliteCashForecastTests() : CashForecastTests(Engine.Sqlite);

public sealed class PostgresCashForecastTests() : CashForecastTests(Engine.Postgres);
