using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace ArFlow.Tests;

/// <summary>The real `arflow` command on real files, on both databases.</summary>
public abstract class CliTests(Engine engine) : IDisposable
{
    private string _dir = "";

    public void Dispose()
    {
        if (_dir.Length > 0 && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<TestDatabase> StartAsync()
    {
        _dir = Directory.CreateTempSubdirectory("arflow-cli-").FullName;
        return await TestDatabase.CreateAsync(engine);
    }

    private string File(string name, string content, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    private static Task<CliResult> Arflow(TestDatabase db, params string[] args) => CliRunner.RunAsync([.. args, "--db", db.ConnectionString]);

    private async Task ImportCustomersAsync(TestDatabase db)
    {
        var xlsx = Path.Combine(_dir, "customers.xlsx");
        await MiniExcel.SaveAsAsync(xlsx, new[]
        {
            new Dictionary<string, object?> { ["客户编码"] = "C001", ["客户名称"] = "上海华东精密机械有限公司", ["账期"] = "月结30天", ["信用额度"] = 500000, ["币种"] = "CNY", ["销售"] = "张伟" },
            new Dictionary<string, object?> { ["客户编码"] = "C002", ["客户名称"] = "Hengtong Foods Ltd.", ["账期"] = "net 60", ["信用额度"] = 80000, ["币种"] = "CNY", ["销售"] = "李娜" },
        });
        var result = await Arflow(db, "import", "customers", xlsx, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(2, JsonNode.Parse(result.Stdout)!["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task Import_ChineseHeaders_TabSeparated_WithBom_AndTwiceCreatesNoDuplicates()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var csv = File("invoices.csv", "客户编码\t发票号\t开票日期\t金额\t币种\nC001\tINV-1\t2026-01-15\t1,200.50\tCNY\nC002\tINV-2\t2026/02/01\t¥300\t\n", bom: true);
        var first = await Arflow(db, "import", "invoices", csv, "--format", "json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(2, JsonNode.Parse(first.Stdout)!["imported"]!.GetValue<int>());
        var second = await Arflow(db, "import", "invoices", csv, "--format", "json");
        var json = JsonNode.Parse(second.Stdout)!;
        Assert.Equal((0, 2), (json["imported"]!.GetValue<int>(), json["alreadyPresent"]!.GetValue<int>()));

        await using var context = db.Context();
        var due = await context.Documents.Where(d => d.Number == "INV-1").Select(d => d.DueDate).SingleAsync();
        Assert.Equal(new DateOnly(2026, 3, 2), due); // 月结30天: 31 Jan + 30
        Assert.Equal(1200.50m, await context.OpenItems.Where(o => o.Kind == Domain.Ledger.DocumentKind.Invoice).OrderBy(o => o.ItemId).Select(o => o.Open).FirstAsync());
    }

    [Fact]
    public async Task Import_WithBadRows_ImportsNothing_AndNamesEveryProblem()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var csv = File("invoices.csv", """
            customer_code,number,issue_date,amount,currency
            C001,INV-1,2026-01-15,100.00,CNY
            C001,INV-2,2026-13-01,100.00,CNY
            C001,INV-3,2026-01-15,12x,CNY
            NOPE,INV-4,2026-01-15,100.00,CNY
            C001,INV-5,2026-01-15,-5,CNY
            C001,INV-6,2026-01-15,5,XYZ
            C001,INV-1,2026-01-16,7,CNY
            C001,INV-8,2026-01-15,1.005,CNY
            """);
        var result = await Arflow(db, "import", "invoices", csv);
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("line 3, issue_date: '2026-13-01' is not a date", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 4, amount: '12x' is not an amount", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 5, customer_code: There is no customer with code 'NOPE'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 6, amount: The amount must be greater than zero", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 7, currency: 'XYZ' is not an ISO 4217 currency code", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 8, number: 'INV-1' appears twice in this file (first on line 2)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 9, amount: The amount has more decimals", StringComparison.Ordinal));
        Assert.Contains("Nothing was imported: 7 problems found.", result.Stderr, StringComparison.Ordinal);
        await using var context = db.Context();
        Assert.Equal(0, await context.Documents.CountAsync());

        var skipping = await Arflow(db, "import", "invoices", csv, "--skip-invalid", "--format", "json");
        Assert.Equal(2, skipping.ExitCode);
        var json = JsonNode.Parse(skipping.Stdout)!;
        Assert.Equal((1, 7, true), (json["imported"]!.GetValue<int>(), json["invalid"]!.GetValue<int>(), json["committed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Import_MessagesInChinese_WithLangOption()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var csv = File("invoices.csv", "客户编码,发票号,开票日期,金额\nC001,INV-1,2026-01-15,abc\n");
        var result = await Arflow(db, "import", "invoices", csv, "--lang", "zh-CN");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("第 2 行, 金额: “abc”不是有效金额。", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingRequiredColumn_IsRefused()
    {
        await using var db = await StartAsync();
        var csv = File("invoices.csv", "customer_code,number,amount\nC001,INV-1,100\n");
        var result = await Arflow(db, "import", "invoices", csv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("The file has no column 'issueDate'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportReceipts_NamedInvoiceFirst_ElseOldestDue_RestIsCredit()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var invoices = File("invoices.csv", "customer_code,number,issue_date,amount,payment_terms\nC002,A,2026-01-01,100,net 30\nC002,B,2026-02-01,100,net 30\nC002,C,2026-03-01,100,net 30\n");
        Assert.Equal(0, (await Arflow(db, "import", "invoices", invoices)).ExitCode);
        var receipts = File("receipts.csv", "客户编码,收款日期,金额,收款方式,银行流水号,发票号\nC002,2026-03-10,100,银行转账,B-001,C\nC002,2026-03-11,150,网银,B-002,\nC002,2026-03-12,100,现金,B-003,\n");
        var result = await Arflow(db, "import", "receipts", receipts, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        await using var context = db.Context();
        var open = await context.OpenItems.Join(context.Documents, o => o.ItemId, d => d.Id, (o, d) => new { d.Number, o.Open }).ToDictionaryAsync(x => x.Number!, x => x.Open);
        Assert.Equal(0m, open["C"]);
        Assert.Equal(0m, open["A"]);
        Assert.Equal(0m, open["B"]);
        Assert.Equal(50m, open["B-003"]); // 150 paid A and half of B; the last 100 paid the rest of B
        Assert.Equal(0m, (await Arflow(db, "import", "receipts", receipts)).ExitCode);
        Assert.Equal(3, await context.Documents.CountAsync(d => d.Kind == Domain.Ledger.DocumentKind.Receipt));
    }

    [Fact]
    public async Task ImportReceipts_ARowTheLedgerRefuses_IsReportedAlone_AndTheRestIsImported()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var invoices = File("invoices.csv", "customer_code,number,issue_date,amount,currency,rate\nC002,USD-1,2026-01-01,100,USD,7.1\nC002,CNY-1,2026-01-01,100,CNY,\n");
        Assert.Equal(0, (await Arflow(db, "import", "invoices", invoices)).ExitCode);
        // Line 2 names a USD invoice for a CNY receipt: every cell is valid, but the ledger refuses the allocation.
        var receipts = File("receipts.csv", "customer_code,date,amount,reference,invoice_number\nC002,2026-02-01,50,B-1,USD-1\nC002,2026-02-02,60,B-2,CNY-1\n");
        var result = await Arflow(db, "import", "receipts", receipts, "--format", "json");
        Assert.Equal(2, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal((1, 1), (json["imported"]!.GetValue<int>(), json["invalid"]!.GetValue<int>()));
        Assert.Equal((2, "allocation.currency_mismatch"), (json["problems"]![0]!["line"]!.GetValue<int>(), json["problems"]![0]!["code"]!.GetValue<string>()));
        await using var context = db.Context();
        Assert.Equal(["B-2"], await context.Documents.Where(d => d.Kind == Domain.Ledger.DocumentKind.Receipt).Select(d => d.Number!).ToListAsync());
        Assert.Equal(await context.Documents.CountAsync(), await context.OpenItems.CountAsync() + await context.Documents.CountAsync(d => d.Kind == Domain.Ledger.DocumentKind.Allocation));
    }

    [Fact]
    public async Task Reports_AgeingAndStatement_InEveryFormat()
    {
        await using var db = await StartAsync();
        await ImportCustomersAsync(db);
        var invoices = File("invoices.csv", "customer_code,number,issue_date,amount,payment_terms\nC002,A,2026-01-01,100,net 30\nC001,B,2026-02-01,250.5,net 30\n");
        Assert.Equal(0, (await Arflow(db, "import", "invoices", invoices)).ExitCode);

        var json = await Arflow(db, "report", "ageing", "--as-of", "2026-03-15", "--format", "json");
        Assert.Equal(0, json.ExitCode);
        var ageing = JsonNode.Parse(json.Stdout)!; // stdout holds the JSON alone
        Assert.Equal(350.5m, ageing["totals"]![0]!["balance"]!.GetValue<decimal>());
        Assert.Equal(["C001", "C002"], ageing["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<string>()));

        var csv = await Arflow(db, "report", "ageing", "--as-of", "2026-03-15", "--by", "owner", "--format", "csv");
        Assert.StartsWith("Owner,Currency,Not yet due", csv.Stdout, StringComparison.Ordinal);

        var xlsx = Path.Combine(_dir, "ageing.xlsx");
        Assert.Equal(0, (await Arflow(db, "report", "ageing", "--as-of", "2026-03-15", "--format", "xlsx", "--output", xlsx)).ExitCode);
        var sheet = (await MiniExcel.QueryAsync(xlsx, useHeaderRow: true)).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("C001", sheet[0]["Customer code"]);

        var statement = await Arflow(db, "report", "statement", "--customer", "C001", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json");
        Assert.Equal(0, statement.ExitCode);
        Assert.Equal(250.5m, JsonNode.Parse(statement.Stdout)!["currencies"]![0]!["closingBalance"]!.GetValue<decimal>());

        var table = await Arflow(db, "report", "statement", "--customer", "C001", "--from", "2026-01-01", "--to", "2026-03-31", "--lang", "zh-CN");
        Assert.Contains("期末余额", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadArguments_ExitWith2()
    {
        await using var db = await StartAsync();
        Assert.Equal(2, (await Arflow(db, "report", "ageing", "--as-of", "2026-02-30")).ExitCode);
        Assert.Equal(2, (await Arflow(db, "report", "ageing", "--by", "planet")).ExitCode);
        Assert.Equal(2, (await Arflow(db, "report", "statement", "--customer", "NOPE", "--from", "2026-01-01", "--to", "2026-01-31")).ExitCode);
        Assert.Equal(2, (await Arflow(db, "import", "nonsense", "x.csv")).ExitCode);
        Assert.Equal(2, (await Arflow(db, "imprt", "invoices", "x.csv")).ExitCode);
        Assert.Equal(2, (await Arflow(db, "import", "invoices", "/no/such/file.csv")).ExitCode);
    }

    [Fact]
    public async Task Demo_CreatesACompanyOnce()
    {
        await using var db = await StartAsync();
        var result = await Arflow(db, "demo", "--customers", "8", "--invoices", "120", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(120, JsonNode.Parse(result.Stdout)!["invoices"]!.GetValue<int>());
        Assert.Equal(2, (await Arflow(db, "demo")).ExitCode);
        var ageing = JsonNode.Parse((await Arflow(db, "report", "ageing", "--by", "grade", "--format", "json")).Stdout)!;
        Assert.NotEmpty(ageing["rows"]!.AsArray());
    }
}

public sealed class SqliteCliTests() : CliTests(Engine.Sqlite);

public sealed class PostgresCliTests() : CliTests(Engine.Postgres);
