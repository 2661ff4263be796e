using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Domain.Ledger;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Tests;

/// <summary>Kills `arflow import` at random points and checks that the database holds whole batches
/// only, and that running the same import again completes it without duplicates.</summary>
public abstract class KillTests(Engine engine)
{
    private const int Rows = 6000;
    private const int BatchSize = 250;

    [Fact]
    public async Task KilledImport_LeavesWholeBatches_AndRerunCompletesIt()
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var dir = Directory.CreateTempSubdirectory("arflow-kill-").FullName;
        var customers = new StringBuilder("code,name\n");
        for (var c = 1; c <= 40; c++) customers.Append(CultureInfo.InvariantCulture, $"K{c:D3},Kill test customer {c}\n");
        var invoices = new StringBuilder("customer_code,number,issue_date,amount\n");
        for (var i = 1; i <= Rows; i++) invoices.Append(CultureInfo.InvariantCulture, $"K{i % 40 + 1:D3},INV-{i:D6},2026-0{i % 9 + 1}-1{i % 9},{i % 997 + 1}.{i % 100:D2}\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "customers.csv"), customers.ToString());
        await File.WriteAllTextAsync(Path.Combine(dir, "invoices.csv"), invoices.ToString());
        var env = new Dictionary<string, string> { ["ArFlow__ImportBatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture) };
        string[] Import(string kind) => ["import", kind, Path.Combine(dir, kind + ".csv"), "--db", db.ConnectionString, "--format", "json"];
        Assert.Equal(0, (await CliRunner.RunAsync(Import("customers"), env)).ExitCode);

        var random = new Random(engine == Engine.Sqlite ? 11 : 12);
        var previous = 0;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var process = CliRunner.Start(Import("invoices"), env);
            var target = previous + BatchSize * random.Next(1, 5);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline && await CountAsync(db) < target) await Task.Delay(random.Next(1, 15));
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var count = await CountAsync(db);
            Assert.True(count % BatchSize == 0, $"{count} invoices after a kill is not a whole number of batches of {BatchSize}");
            await AssertConsistentAsync(db);
            previous = count;
        }

        var rerun = await CliRunner.RunAsync(Import("invoices"), env);
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        var result = JsonNode.Parse(rerun.Stdout)!;
        Assert.Equal(previous, result["alreadyPresent"]!.GetValue<int>());
        Assert.Equal(Rows, await CountAsync(db));
        await AssertConsistentAsync(db);
    }

    private static async Task<int> CountAsync(TestDatabase db)
    {
        await using var context = db.Context();
        return await context.Documents.CountAsync(d => d.Kind == DocumentKind.Invoice);
    }

    private static async Task AssertConsistentAsync(TestDatabase db)
    {
        await using var context = db.Context();
        var documents = await context.Documents.CountAsync();
        Assert.Equal(documents, await context.LedgerEntries.CountAsync());
        Assert.Equal(documents, await context.OpenItems.CountAsync());
        Assert.Equal(await context.Documents.SumAsync(d => d.Amount), await context.OpenItems.SumAsync(o => o.Open));
    }
}

public sealed class SqliteKillTests() : KillTests(Engine.Sqlite);

public sealed class PostgresKillTests() : KillTests(Engine.Postgres);
