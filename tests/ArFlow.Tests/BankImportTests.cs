using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArFlow.Tests;

/// <summary>`arflow bank import` on both databases: each movement once however often a statement (or an
/// overlapping export) is imported, a statement that does not add up imported with a warning or refused
/// under --strict, a garbled file refused naming its line with nothing written.</summary>
public abstract class BankImportTests(Engine engine) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arflow-bank-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string Write(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static Task<CliResult> Arflow(TestDatabase db, params string[] args) => CliRunner.RunAsync([.. args, "--db", db.ConnectionString]);

    private static string Statement(string closing) => $"""
        :20:STMT-0701
        :25:CN6222000011112222
        :28C:1/1
        :60F:C260630CNY1000,00
        :61:2607010701C1500,00NTRFINV-2026-001//BR1
        :86:/NAME/上海华东贸易有限公司/REMI/货款 INV-2026-001
        :61:2607010701C1500,00NTRFINV-2026-001//BR1
        :86:/NAME/上海华东贸易有限公司/REMI/货款 INV-2026-001
        :61:2607010701D200,NCHGNONREF
        :86:手续费
        :62F:C260701CNY{closing}
        -
        """;

    [Fact]
    public async Task AStatementImportedTwice_AddsEachMovementOnce_EvenTwoEqualOnes()
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var file = Write("0701.sta", Statement("3800,00"));
        var first = await Arflow(db, "bank", "import", file, "--format", "json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var statement = JsonNode.Parse(first.Stdout)!["statements"]![0]!;
        Assert.Equal((3, 3, 0m), (statement["added"]!.GetValue<int>(), statement["lines"]!.GetValue<int>(), statement["discrepancy"]!.GetValue<decimal>()));
        var again = JsonNode.Parse((await Arflow(db, "bank", "import", file, "--format", "json")).Stdout)!["statements"]![0]!;
        Assert.Equal((0, 3), (again["added"]!.GetValue<int>(), again["duplicates"]!.GetValue<int>()));
        Assert.Null(again["id"]);
        await using var ctx = db.Context();
        Assert.Equal(3, await ctx.BankLines.CountAsync());
        Assert.Equal(1, await ctx.BankStatements.CountAsync());
        var paid = await ctx.BankLines.FirstAsync(l => l.Amount == 1500m);
        Assert.Equal(("上海华东贸易有限公司", "货款 INV-2026-001", "CN6222000011112222"), (paid.CounterpartyName, paid.Details, paid.Account));
    }

    [Fact]
    public async Task AStatementThatDoesNotAddUp_IsImportedWithAWarning_OrRefusedWhenStrict()
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var file = Write("off.sta", Statement("3900,00"));
        var strict = await Arflow(db, "bank", "import", file, "--strict", "--format", "json");
        Assert.Equal(2, strict.ExitCode);
        Assert.Equal(("bank.unbalanced", "statements[0]"), (JsonNode.Parse(strict.Stdout)!["errors"]![0]!["code"].Str(), JsonNode.Parse(strict.Stdout)!["errors"]![0]!["field"].Str()));
        await using (var ctx = db.Context()) Assert.Equal(0, await ctx.BankLines.CountAsync());

        var warned = await Arflow(db, "bank", "import", file, "--format", "json");
        Assert.Equal(0, warned.ExitCode);
        var result = JsonNode.Parse(warned.Stdout)!;
        Assert.Equal(-100m, result["statements"]![0]!["discrepancy"]!.GetValue<decimal>());
        Assert.Contains("CN6222000011112222", result["warnings"]![0].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGarbledFile_IsRefusedNamingTheLine_AndOverlappingExportsAddEachMovementOnce()
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var garbled = await Arflow(db, "bank", "import", Write("bad.sta", Statement("3800,00").Replace("D200,N", "D2O0,N", StringComparison.Ordinal)));
        Assert.Equal(2, garbled.ExitCode);
        Assert.Contains("line 9", garbled.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await Arflow(db, "bank", "import", Write("x.sta", Statement("1,0")), "--input-format", "qif")).ExitCode);

        // Two exports of 招商银行 (GBK, as Excel saves them on Chinese Windows) that share a day.
        var gbk = CodePages();
        var header = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n";
        Write("cmb-1.csv", header + "2026-07-01,CNY,\"1,500.00\",\"2,500.00\",转账,上海华东贸易有限公司31001234,INV-2026-001\n2026-07-02,CNY,-200.00,\"2,300.00\",手续费,,\n", gbk);
        Write("cmb-2.csv", header + "2026-07-02,CNY,-200.00,\"2,300.00\",手续费,,\n2026-07-03,CNY,800.00,\"3,100.00\",转账,华南实业有限公司6222111,INV-2026-009\n", gbk);
        var one = JsonNode.Parse((await Arflow(db, "bank", "import", Path.Combine(_dir, "cmb-1.csv"), "--format", "json")).Stdout)!;
        var two = JsonNode.Parse((await Arflow(db, "bank", "import", Path.Combine(_dir, "cmb-2.csv"), "--mapping", "cmb", "--format", "json")).Stdout)!;
        Assert.Equal((2, 1, 1), (one["statements"]![0]!["added"]!.GetValue<int>(), two["statements"]![0]!["added"]!.GetValue<int>(), two["statements"]![0]!["duplicates"]!.GetValue<int>()));

        // Excel's "Unicode text" (UTF-16 with its byte-order mark) is read; an export in an encoding no Chinese bank
        // writes (Shift-JIS) shows no header any mapping knows and is refused as such, nothing written.
        Write("cmb-3.txt", header.Replace(',', '\t') + "2026-07-04\tCNY\t50.00\t3,150.00\t转账\t华南实业有限公司6222111\tINV-2026-010\n", Encoding.Unicode);
        var three = await Arflow(db, "bank", "import", Path.Combine(_dir, "cmb-3.txt"), "--input-format", "csv", "--format", "json");
        Assert.Equal(1, JsonNode.Parse(three.Stdout)!["statements"]![0]!["added"]!.GetValue<int>());
        Write("sjis.csv", "取引日,入金額,摘要\n2026-07-05,100,振込\n", Encoding.GetEncoding("shift_jis"));
        var sjis = await Arflow(db, "bank", "import", Path.Combine(_dir, "sjis.csv"));
        Assert.Equal(2, sjis.ExitCode);
        Assert.Contains("mapping: ArFlow does not know the columns of sjis.csv", sjis.Stderr, StringComparison.Ordinal);
        await using var ctx = db.Context();
        Assert.Equal([1500m, -200m, 800m, 50m], await ctx.BankLines.OrderBy(l => l.Id).Select(l => l.Amount).ToListAsync());
    }

    [Fact]
    public async Task TheApi_ImportsAnUpload_ListsStatementsAndMovements_AndRefusesAGarbledOne()
    {
        await using var app = await TestApp.StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: "ArClerk");
        async Task<HttpResponseMessage> Upload(string content, string query = "")
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", "0701.sta");
            return await clerk.PostAsync(new Uri("/api/bank/statements" + query, UriKind.Relative), form);
        }
        var imported = await (await Upload(Statement("3800,00"))).Json(201);
        Assert.Equal(3, imported["statements"]![0]!["added"]!.GetValue<int>());
        Assert.Equal(0, (await (await Upload(Statement("3800,00"))).Json(201))["statements"]![0]!["added"]!.GetValue<int>());
        var bad = await (await Upload(Statement("3800,00").Replace("D200,N", "D2O0,N", StringComparison.Ordinal))).Json(400);
        Assert.Equal(["line 9"], bad["errors"]!.AsObject().Select(e => e.Key));
        await (await Upload(Statement("3900,00"), "?strict=true")).Json(400);

        var statements = await clerk.Get("/api/bank/statements");
        Assert.Equal((1, "CN6222000011112222", 3800m), (statements["total"]!.GetValue<int>(), statements["items"]![0]!["account"].Str(), statements["items"]![0]!["closing"].Dec()));
        var credits = await clerk.Get("/api/bank/lines?creditsOnly=true");
        Assert.Equal(2, credits["total"]!.GetValue<int>());
        Assert.Equal("上海华东贸易有限公司", credits["items"]![0]!["counterpartyName"].Str());
        await app.Client(asUser: "k.collector", role: "Collector").Get("/api/bank/lines", 403);
    }

    [Fact]
    public async Task ALegacyExcelExport_IsRead_AndATruncatedOneIsRefusedWithNothingWritten()
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        // 工商银行's export as its older portal saves it: Excel 97-2003, a title and the account above the header.
        var workbook = new NPOI.HSSF.UserModel.HSSFWorkbook();
        var sheet = workbook.CreateSheet("明细");
        string[][] rows =
        [
            ["中国工商银行 账户历史明细"], ["账号", "6222020200112233445"],
            ["交易日期", "摘要", "交易详情", "交易场所", "记账金额(收入)", "记账金额(支出)", "记账币种", "对方户名", "对方账户"],
            ["2026-07-01", "货款", "INV-2026-001", "", "1,500.00", "", "人民币", "上海华东贸易有限公司", "31001234"],
            ["2026-07-02", "手续费", "", "", "", "25.00", "人民币", "", ""],
        ];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = sheet.CreateRow(r);
            for (var c = 0; c < rows[r].Length; c++) row.CreateCell(c).SetCellValue(rows[r][c]);
        }
        using var buffer = new MemoryStream();
        workbook.Write(buffer);
        var path = Path.Combine(_dir, "icbc.xls");
        await File.WriteAllBytesAsync(path, buffer.ToArray());

        var cut = Path.Combine(_dir, "cut.xls");
        await File.WriteAllBytesAsync(cut, buffer.ToArray()[..1200]);
        var refused = await Arflow(db, "bank", "import", cut);
        Assert.Equal(2, refused.ExitCode);
        await using (var ctx = db.Context()) Assert.Equal(0, await ctx.BankLines.CountAsync());

        var run = await Arflow(db, "bank", "import", path, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var imported = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(("csv:icbc", 2), (imported["statements"]![0]!["format"].Str(), imported["statements"]![0]!["added"]!.GetValue<int>()));
        await using var check = db.Context();
        var lines = await check.BankLines.OrderBy(l => l.Id).ToListAsync();
        Assert.Equal([(1500m, "上海华东贸易有限公司"), (-25m, null)], lines.Select(l => (l.Amount, l.CounterpartyName)));
        Assert.Equal(0, (await Arflow(db, "bank", "import", path, "--input-format", "xls", "--format", "json")).ExitCode);
        Assert.Equal(2, await check.BankLines.CountAsync());
    }

    [Fact]
    public async Task AMappingDefinedForAnotherBank_ReadsItsExport()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        var mapping = new { name = "hsbc-cn", date = "Value Date", credit = "Credit", debit = "Debit", currency = "CNY", counterparty = "Payer", details = new[] { "Narrative" } };
        var bad = await admin.Put("/api/bank/mappings", new { value = new { defined = new object[] { mapping with { }, new { name = "cmb", date = "x" } } }, version = 0 }, 400);
        Assert.Equal(["value.defined[1].amount", "value.defined[1].name"], bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        await admin.Put("/api/bank/mappings", new { value = new { defined = new[] { mapping } }, version = 0 });
        Assert.Contains((await admin.Get("/api/bank/mappings"))["shipped"]!.AsArray(), m => m!["name"].Str() == "icbc");

        using var form = new MultipartFormDataContent();
        var csv = "HSBC China statement\nValue Date,Narrative,Payer,Credit,Debit\n2026-07-01,INV-2026-001,Shanghai East Trading,\"1,500.00\",\n2026-07-02,Charges,,,25.00\n";
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "hsbc.csv");
        var imported = await (await admin.PostAsync(new Uri("/api/bank/statements", UriKind.Relative), form)).Json(201);
        Assert.Equal(("csv:hsbc-cn", 2), (imported["statements"]![0]!["format"].Str(), imported["statements"]![0]!["added"]!.GetValue<int>()));
        var lines = (await admin.Get("/api/bank/lines"))["items"]!.AsArray();
        Assert.Equal([-25m, 1500m], lines.Select(l => l!["amount"].Dec()));
        Assert.Equal("Shanghai East Trading", lines[1]!["counterpartyName"].Str());
    }

    [Fact]
    public async Task Matching_PostsTheSureCredits_LeavesTheRestForReview_AndLearnsThePayersAccount()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "上海华东贸易有限公司" });
        await admin.Post("/api/customers", new { code = "C2", name = "广州华南实业有限公司 Guangzhou South Industrial Co., Ltd." });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2026-001", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 1500m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2026-002", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 1000m });
        await admin.Post("/api/invoices", new { customerCode = "C2", number = "INV-2026-101", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 3300m });
        // 2/10 net 30 from 25 June: paid on 1 July less its 2%, it is paid in full.
        await admin.Post("/api/invoices", new { customerCode = "C2", number = "INV-2026-102", issueDate = "2026-06-25", amount = 1000m, terms = "2/10 net 30" });
        var statement = """
            :20:STMT-0701
            :25:CN6222000011112222
            :60F:C260630CNY0,00
            :61:2607010701C1500,00NTRFNONREF//BR1
            :86:/NAME/上海华东贸易有限公司/IBAN/CN001/REMI/货款 INV-2026-001
            :61:2607010701C3300,00NTRFNONREF//BR2
            :86:/NAME/华南实业/REMI/transfer
            :61:2607010701C99,99NINTNONREF//BR3
            :86:interest
            :61:2607010701C980,00NTRFNONREF//BR4
            :86:/NAME/GUANGZHOU SOUTH INDUSTRIAL CO LTD/REMI/INV2026102
            :61:2607010701D200,NCHGNONREF
            :86:手续费
            :62F:C260701CNY5679,99
            -
            """;
        var env = new Dictionary<string, string> { ["ArFlow__Database"] = app.Database.ConnectionString };
        Assert.Equal(0, (await CliRunner.RunAsync(["bank", "import", Write("0701.sta", statement)], env)).ExitCode);

        var run = await CliRunner.RunAsync(["bank", "match", "--auto-post", "--format", "json"], env);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonNode.Parse(run.Stdout)!;
        Assert.Equal((4, 2, 1, 1), (result["lines"]!.GetValue<int>(), result["posted"]!.GetValue<int>(), result["proposed"]!.GetValue<int>(), result["unmatched"]!.GetValue<int>()));
        var matches = result["matches"]!.AsArray();
        var posted = matches.Single(m => m!["status"].Str() == "posted" && m["customerCode"].Str() == "C1")!;
        Assert.Equal(("C1", "INV-2026-001", 1500m), (posted["customerCode"].Str(), posted["invoices"]![0]!["number"].Str(), posted["invoices"]![0]!["amount"].Dec()));
        Assert.Contains("reference", posted["reasons"]!.AsArray().Select(r => r.Str()));
        var review = matches.Single(m => m!["status"].Str() == "proposed")!;
        Assert.Equal(("C2", "INV-2026-101"), (review["customerCode"].Str(), review["invoices"]![0]!["number"].Str()));
        Assert.True(review["confidence"].Dec() < 0.95m);

        // The receipt applied the invoice; the payer's account is now C1's; a second run does not post it again.
        var items = (await admin.Get("/api/customers/C1/open-items?asOf=2026-07-01")).AsArray().SelectMany(c => c!["openItems"]!.AsArray()).ToList();
        Assert.Equal(["INV-2026-002"], items.Select(i => i!["number"].Str()));
        await using (var ctx = app.Database.Context())
            Assert.Equal("CN001", (await ctx.BankPayerAccounts.SingleAsync()).Account);
        var again = JsonNode.Parse((await CliRunner.RunAsync(["bank", "match", "--auto-post", "--format", "json"], env)).Stdout)!;
        Assert.Equal((2, 0), (again["lines"]!.GetValue<int>(), again["posted"]!.GetValue<int>()));
        // The discounted payment closed its invoice: 980 received and 20 granted by the terms' credit note.
        var south = (await admin.Get("/api/customers/C2/open-items?asOf=2026-07-01")).AsArray().SelectMany(c => c!["openItems"]!.AsArray()).ToList();
        Assert.Equal(["INV-2026-101"], south.Select(i => i!["number"].Str()));
        Assert.Contains("discount", matches.Single(m => m!["amount"].Dec() == 980m)!["reasons"]!.AsArray().Select(r => r.Str()));
    }

    [Fact]
    public async Task TheReviewQueue_AcceptsAProposalInOneClick_OrAPersonsChoice_WhichTeachesTheMatcher()
    {
        await using var app = await TestApp.StartAsync(engine);
        var clerk = app.Client(asUser: "a.clerk", role: "ArClerk");
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "上海华东贸易有限公司" });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2026-001", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 1500m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2026-002", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 800m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2026-003", issueDate = "2026-05-01", dueDate = "2026-06-30", amount = 300m });
        async Task Upload(string name, string text)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", name);
            await (await clerk.PostAsync(new Uri("/api/bank/statements", UriKind.Relative), form)).Json(201);
        }
        await Upload("a.sta", """
            :20:A
            :25:CN1
            :60F:C260630CNY0,00
            :61:2607010701C1500,00NTRFNONREF//A1
            :86:/NAME/华东贸易/REMI/payment
            :61:2607010701C300,00NTRFNONREF//A2
            :86:/NAME/王五/IBAN/CN777/REMI/代付
            :62F:C260701CNY1800,00
            -
            """);
        var run = await clerk.Post("/api/bank/match", new { autoPost = true }, 200);
        // Neither is sure: a payer who abbreviated its name, and an amount that only one invoice has.
        Assert.Equal((0, 2, 0), (run["posted"]!.GetValue<int>(), run["proposed"]!.GetValue<int>(), run["unmatched"]!.GetValue<int>()));
        var queue = (await clerk.Get("/api/bank/matches"))["items"]!.AsArray();
        var proposal = queue.Single(m => m!["amount"].Dec() == 1500m)!;
        Assert.Equal(("C1", "INV-2026-001", 0.85m), (proposal["customerCode"].Str(), proposal["invoices"]![0]!["number"].Str(), proposal["confidence"].Dec()));

        // One click: posted as proposed.
        var accepted = await clerk.Post($"/api/bank/matches/{proposal["lineId"]}/accept", new { }, 200);
        Assert.Equal(("posted", "BANK-" + proposal["lineId"]), (accepted["status"].Str(), accepted["receipt"].Str()));
        await clerk.Post($"/api/bank/matches/{proposal["lineId"]}/accept", new { }, 409);

        // A person says who it is: 王五 paid C1's INV-2026-003 from CN777; next time that account is C1's.
        var other = (await clerk.Get("/api/bank/matches"))["items"]!.AsArray().Single()!;
        Assert.Equal(("exact-amount", 0.6m), (other["reasons"]![0].Str(), other["confidence"].Dec()));
        await clerk.Post($"/api/bank/matches/{other["lineId"]}/accept", new { customerCode = "NOPE" }, 400);
        await clerk.Post($"/api/bank/matches/{other["lineId"]}/accept", new { customerCode = "C1", invoices = new[] { new { invoiceNumber = "INV-2026-003", amount = 300m } } }, 200);
        Assert.Empty((await clerk.Get("/api/bank/matches"))["items"]!.AsArray());
        await Upload("b.sta", """
            :20:B
            :25:CN1
            :60F:C260701CNY1800,00
            :61:2607020702C800,00NTRFNONREF//B1
            :86:/NAME/王五/IBAN/CN777/REMI/代付
            :62F:C260702CNY2600,00
            -
            """);
        var learnt = await clerk.Post("/api/bank/match", new { autoPost = true }, 200);
        var posted = learnt["matches"]!.AsArray().Single()!;
        Assert.Equal(("posted", "account", "INV-2026-002"), (posted["status"].Str(), posted["reasons"]![0].Str(), posted["invoices"]![0]!["number"].Str()));
        Assert.Equal(3, (await clerk.Get("/api/bank/matches?status=posted"))["total"]!.GetValue<int>());
        await clerk.Get("/api/bank/matches?status=lost", 400);
    }

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }
}

public sealed class SqliteBankImportTests() : BankImportTests(Engine.Sqlite);

public sealed class PostgresBankImportTests() : BankImportTests(Engine.Postgres);
