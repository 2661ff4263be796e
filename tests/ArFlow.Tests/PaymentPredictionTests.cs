using System.Text.Json.Nodes;
using ArFlow.Features.Demo;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArFlow.Tests;

/// <summary>Payment prediction on the ledger, on both databases: with little history the forecasts
/// say they come from the customer's record; trained on a demo company's two years, from the model;
/// backtests on the command line, with bad input refused.</summary>
public abstract class PaymentPredictionTests(Engine engine)
{
    [Fact]
    public async Task Forecasts_FallBackOnTheCustomersRecord_WhenThereIsTooLittleHistory()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client(asUser: "p.admin", role: Roles.Admin);
        // Too little history: one customer, two invoices, one paid 10 days late.
        await admin.Post("/api/customers", new { code = "S001", name = "Small" });
        await admin.Post("/api/invoices", new { customerCode = "S001", number = "A-1", issueDate = "2026-04-01", dueDate = "2026-05-01", amount = 100m });
        await admin.Post("/api/receipts", new { customerCode = "S001", number = "R-1", date = "2026-05-11", amount = 100m, invoiceNumber = "A-1" });
        await admin.Post("/api/invoices", new { customerCode = "S001", number = "A-2", issueDate = "2026-06-01", dueDate = "2026-07-01", amount = 100m });
        var small = (await admin.Get("/api/customers/S001/credit/predictions")).AsArray().Single()!;
        Assert.Equal("history", small["method"].Str());
        Assert.Equal("2026-07-11", small["expectedPaymentDate"].Str());   // due + the customer's 10 days late
        var tooLittle = await admin.Post("/api/credit/model/train", new { }, 200);
        Assert.False(tooLittle["trained"]!.GetValue<bool>());

    }

    [Fact]
    public async Task Forecasts_ComeFromTheModel_TrainedOnTwoYearsOfADemoCompany()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client(asUser: "p.admin", role: Roles.Admin);
        await using (var db = app.Database.Context())
            Assert.NotNull(await DemoCompany.CreateIfEmptyAsync(db, app.Services.GetRequiredService<ArFlowOptions>(), app.Services.GetRequiredService<Clock>(), new DemoSize(20, 800), CancellationToken.None));
        await app.Client(asUser: "p.clerk", role: Roles.ArClerk).Post("/api/credit/model/train", new { }, 403);
        var trained = await admin.Post("/api/credit/model/train", new { }, 200);
        Assert.True(trained["trained"]!.GetValue<bool>(), trained.ToJsonString());
        var holdout = trained["holdout"]!;
        Assert.NotNull(holdout["model"]);
        Assert.InRange(holdout["model"]!["auc"]!.GetValue<double>(), 0.0, 1.0);
        Assert.True((await admin.Get("/api/credit/model"))["trained"]!.GetValue<bool>());

        var customer = (await admin.Get("/api/customers?pageSize=100"))["items"]!.AsArray().Select(c => c!["code"].Str()).First(c => c.StartsWith('C'));
        var forecasts = (await admin.Get($"/api/customers/{customer}/credit/predictions")).AsArray();
        Assert.NotEmpty(forecasts);
        Assert.All(forecasts, f =>
        {
            Assert.Equal("model", f!["method"].Str());
            Assert.InRange(f["lateProbability"]!.GetValue<decimal>(), 0m, 1m);
            Assert.True(string.CompareOrdinal(f["expectedPaymentDate"].Str(), "2026-06-30") >= 0);
        });
        await app.Client(asUser: "nobody.sales", role: Roles.Sales).Get($"/api/customers/{customer}/credit/predictions", 404);
    }

    [Fact]
    public async Task TheBacktest_OnTheLedger_ReportsTheModelBesideTheNaiveForecast_AndRefusesBadInput()
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var db = database.ConnectionString;
        Assert.Equal(0, (await CliRunner.RunAsync(["demo", "--customers", "20", "--invoices", "800", "--db", db])).ExitCode);
        var cutoff = DateOnly.FromDateTime(DateTime.Today).AddMonths(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var run = await CliRunner.RunAsync(["model", "backtest", "--cutoff", cutoff, "--late-days", "0", "--format", "json", "--db", db]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.True(report["trainedOn"]!.GetValue<int>() > 200);
        Assert.NotNull(report["model"]);
        Assert.True(report["naive"]!["invoices"]!.GetValue<int>() > 0);
        var text = await CliRunner.RunAsync(["model", "train", "--db", db]);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("model", text.Stdout, StringComparison.Ordinal);

        var bad = await CliRunner.RunAsync(["model", "backtest", "--cutoff", "2026-13-01", "--db", db]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--cutoff", bad.Stderr, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync(["model", "backtest", "--cutoff", "2026-01-01", "--file", "/nonexistent/file.csv", "--db", db]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--file", missing.Stderr, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"arflow-ar-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "customerID,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill\nX,1/2/2013,2/31/2013,10,No,1/15/2013,Paper\n");
        try
        {
            var wrong = await CliRunner.RunAsync(["model", "backtest", "--cutoff", "2013-06-01", "--file", file, "--db", db]);
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("line 2, DueDate: '2/31/2013'", wrong.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public sealed class SqlitePaymentPredictionTests() : PaymentPredictionTests(Engine.Sqlite);

public sealed class PostgresPaymentPredictionTests() : PaymentPredictionTests(Engine.Postgres);
