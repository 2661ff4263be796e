using System.Net;
using System.Net.Http.Json;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The ledger through the real HTTP pipeline; every test runs on SQLite and on PostgreSQL.</summary>
public abstract class LedgerApiTests(Engine engine)
{
    protected async Task<(TestApp App, HttpClient Client)> StartAsync(string language = "en-US")
    {
        var app = await TestApp.StartAsync(engine);
        var client = app.Client(language);
        await client.Post("/api/customers", new { code = "C001", name = "上海华东精密机械有限公司", defaultTerms = "net 30", currency = "CNY", grade = "B", owner = "Zhang Wei" });
        return (app, client);
    }

    private static object Invoice(string number, string date, decimal amount, string? terms = null, string customer = "C001") =>
        new { customerCode = customer, number, issueDate = date, amount, terms };

    [Fact]
    public async Task Invoice_DueDateFollowsTheTerms_IncludingEndOfMonth()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var net = await client.Post("/api/invoices", Invoice("INV-1", "2026-01-31", 100m));
        Assert.Equal("2026-03-02", net["dueDate"].Str());
        var eom = await client.Post("/api/invoices", Invoice("INV-2", "2028-01-15", 100m, "月结30天"));
        Assert.Equal("2028-03-01", eom["dueDate"].Str());
        Assert.Equal("eom 30", eom["terms"].Str());
    }

    [Fact]
    public async Task Invoice_BadInput_IsRefusedFieldByField_InTheCallersLanguage()
    {
        var (app, client) = await StartAsync("zh-CN");
        await using var _ = app;
        var problem = await client.Post("/api/invoices", new { customerCode = "NOPE", number = "", issueDate = "2026-06-01", amount = -5m, currency = "XYZ", terms = "net thirty" }, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("客户编码“NOPE”不存在", errors["customerCode"]![0].Str(), StringComparison.Ordinal);
        Assert.Equal(["amount", "currency", "customerCode", "number", "terms"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("input.unknown_currency", problem["codes"]!["currency"]![0].Str());
    }

    [Fact]
    public async Task Invoice_MalformedDate_NamesTheField()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var response = await client.PostAsync("/api/invoices", new StringContent("""{"customerCode":"C001","number":"X","issueDate":"2026-02-30","amount":1}""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Json(400);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("issueDate"), problem.ToJsonString());
    }

    [Fact]
    public async Task Invoice_SameNumberTwice_IsAConflict()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-06-01", 100m));
        var problem = await client.Post("/api/invoices", Invoice("INV-1", "2026-06-02", 50m), 409);
        Assert.Equal("document.duplicate_number", problem["code"].Str());
    }

    [Fact]
    public async Task Receipt_WithoutInvoice_PaysOldestDueFirst_AndKeepsTheRestAsCredit()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-NEW", "2026-05-01", 300m));
        await client.Post("/api/invoices", Invoice("INV-OLD", "2026-03-01", 200m));
        var receipt = await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-10", amount = 600m, method = "银行转账" });
        var allocations = receipt["allocations"]!.AsArray();
        Assert.Equal(["INV-OLD", "INV-NEW"], allocations.Select(a => a!["invoiceNumber"].Str()));
        Assert.Equal(100m, receipt["unapplied"].Dec());
        Assert.Equal("bank-transfer", receipt["from"]!["method"].Str());

        var ageing = await client.Get("/api/ageing?asOf=2026-06-30");
        var row = ageing["rows"]![0]!;
        Assert.Equal(100m, row["unapplied"].Dec());
        Assert.Equal(-100m, row["balance"].Dec());
    }

    [Fact]
    public async Task Receipt_NamingAnInvoice_PaysThatOne()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-03-01", 200m));
        await client.Post("/api/invoices", Invoice("INV-2", "2026-05-01", 300m));
        var receipt = await client.Post("/api/receipts", new { customerCode = "C001", reference = "BANK-778", date = "2026-06-10", amount = 250m, invoiceNumber = "INV-2" });
        Assert.Equal("INV-2", receipt["allocations"]![0]!["invoiceNumber"].Str());
        Assert.Equal(250m, receipt["allocations"]![0]!["amount"].Dec());
        Assert.Equal("BANK-778", receipt["from"]!["number"].Str());
    }

    [Fact]
    public async Task AcceptanceBill_NeedsItsMaturityDate()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var problem = await client.Post("/api/receipts", new { customerCode = "C001", number = "BILL-1", date = "2026-06-10", amount = 100m, method = "bank-acceptance-bill" }, 400);
        Assert.Equal("receipt.maturity_required", problem["codes"]!["maturityDate"]![0].Str());
        var ok = await client.Post("/api/receipts", new { customerCode = "C001", number = "BILL-1", date = "2026-06-10", amount = 100m, method = "银行承兑汇票", maturityDate = "2026-12-10" });
        Assert.Equal("2026-12-10", ok["from"]!["maturityDate"].Str());
    }

    [Fact]
    public async Task Allocation_OverTheOpenAmount_IsAConflict_AndPostsNothing()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-06-01", 100m));
        await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-02", amount = 500m, autoAllocate = false });
        var problem = await client.Post("/api/allocations", new { customerCode = "C001", fromNumber = "RC-1", date = "2026-06-02", lines = new[] { new { invoiceNumber = "INV-1", amount = 100.01m } } }, 409);
        Assert.Equal("allocation.exceeds_open", problem["code"].Str());
        var subCent = await client.Post("/api/allocations", new { customerCode = "C001", fromNumber = "RC-1", lines = new[] { new { invoiceNumber = "INV-1", amount = 10.001m } } }, 400);
        Assert.Equal("input.too_many_decimals", subCent["codes"]!["lines[0].amount"]![0].Str());
        var invoices = await client.Get("/api/invoices?customer=C001");
        Assert.Equal(100m, invoices["items"]![0]!["open"].Dec());
        var ok = await client.Post("/api/allocations", new { customerCode = "C001", fromNumber = "RC-1", date = "2026-06-02", lines = new[] { new { invoiceNumber = "INV-1", amount = 100m } } }, 200);
        Assert.Equal(400m, ok["unapplied"].Dec());
    }

    [Fact]
    public async Task Ageing_AsOfAPastDate_IgnoresLaterReceipts()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-03-01", 1000m)); // due 2026-03-31
        await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-20", amount = 1000m });

        var then = await client.Get("/api/ageing?asOf=2026-05-15");
        Assert.Equal([0m, 0m, 1000m, 0m, 0m, 0m, 0m], then["rows"]![0]!["buckets"]!.AsArray().Select(b => b.Dec()));
        var now = await client.Get("/api/ageing?asOf=2026-06-30");
        Assert.Empty(now["rows"]!.AsArray());
        var byOwner = await client.Get("/api/ageing?asOf=2026-05-15&by=owner");
        Assert.Equal("Zhang Wei", byOwner["rows"]![0]!["key"].Str());
    }

    [Fact]
    public async Task Ageing_Csv_HasLocalizedHeaders()
    {
        var (app, client) = await StartAsync("zh-CN");
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-03-01", 1000m));
        var bytes = await client.GetByteArrayAsync("/api/ageing?format=csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // Excel opens UTF-8 CSV correctly only with the BOM
        Assert.StartsWith("客户编号,客户,币种,未到期,1-30 天", System.Text.Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reversal_RestoresTheBalance_AndRefusesWhilePaymentsAreApplied()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var invoice = await client.Post("/api/invoices", Invoice("INV-1", "2026-06-01", 100m));
        var receipt = await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-05", amount = 40m });
        var allocationId = receipt["allocations"]![0]!["allocationId"]!.GetValue<long>();

        var refused = await client.Post($"/api/documents/{invoice["id"]}/reverse", new { date = "2026-06-10" }, 409);
        Assert.Equal("document.has_allocations", refused["code"].Str());

        await app.PostApprovedAsync(client, $"/api/documents/{allocationId}/reverse", new { date = "2026-06-10", reason = "wrong customer" });
        var reversal = await app.PostApprovedAsync(client, $"/api/documents/{invoice["id"]}/reverse", new { date = "2026-06-10", reason = "issued twice" });
        Assert.Equal("reversal", reversal["kind"].Str());
        var again = await client.Post($"/api/documents/{invoice["id"]}/reverse", new { date = "2026-06-11" }, 409);
        Assert.Equal("document.already_reversed", again["code"].Str());

        var statement = await client.Get("/api/statements?customer=C001&from=2026-06-01&to=2026-06-30");
        var cny = statement["currencies"]![0]!;
        Assert.Equal(-40m, cny["closingBalance"].Dec()); // only the receipt's credit is left
        Assert.Equal(60m, (await client.Get("/api/ageing?asOf=2026-06-09"))["rows"]![0]!["balance"].Dec());
    }

    [Fact]
    public async Task Statement_OpeningPlusMovements_IsTheClosingBalance()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-0", "2026-04-10", 500m));
        await client.Post("/api/invoices", Invoice("INV-1", "2026-05-10", 300m));
        await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-05-20", amount = 450m });
        await client.Post("/api/credit-notes", new { customerCode = "C001", number = "CN-1", date = "2026-05-25", amount = 50m, invoiceNumber = "INV-1" });
        var s = (await client.Get("/api/statements?customer=C001&from=2026-05-01&to=2026-05-31"))["currencies"]![0]!;
        Assert.Equal(500m, s["openingBalance"].Dec());
        var lines = s["lines"]!.AsArray();
        Assert.Equal(["invoice", "receipt", "credit-note"], lines.Select(l => l!["kind"].Str()));
        Assert.Equal(300m, s["closingBalance"].Dec());
        Assert.Equal(s["openingBalance"].Dec() + lines.Sum(l => l!["debit"].Dec() - l["credit"].Dec()), s["closingBalance"].Dec());
        var open = s["openItems"]!.AsArray();
        Assert.Equal([("INV-0", 50m), ("INV-1", 250m)], open.Select(o => (o!["number"].Str(), o["open"].Dec())));
    }

    [Fact]
    public async Task WriteOff_AndRefund_ReduceTheirItems()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        await client.Post("/api/invoices", Invoice("INV-1", "2026-01-10", 100m));
        var writeOff = await app.PostApprovedAsync(client, "/api/write-offs", new { customerCode = "C001", number = "INV-1", date = "2026-06-01", memo = "bankrupt" });
        Assert.Equal(100m, writeOff["amount"].Dec());
        await client.Post("/api/receipts", new { customerCode = "C001", number = "RC-1", date = "2026-06-02", amount = 80m });
        var over = await client.Post("/api/refunds", new { customerCode = "C001", number = "RC-1", amount = 81m, date = "2026-06-03" }, 409);
        Assert.Equal("allocation.exceeds_credit", over["code"].Str());
        await app.PostApprovedAsync(client, "/api/refunds", new { customerCode = "C001", number = "RC-1", amount = 80m, date = "2026-06-03", reason = "customer asked" });
        Assert.Empty((await client.Get("/api/ageing"))["rows"]!.AsArray());
    }

    [Fact]
    public async Task Contract_PlanSumsToTheTotal_AndBillsInstallments()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var contract = await client.Post("/api/contracts", new
        {
            customerCode = "C001", number = "HT-1", signedDate = "2026-01-31", total = 100m,
            plan = new { kind = "equal", count = 3, firstDueDate = "2026-01-31" },
        });
        var installments = contract["installments"]!.AsArray();
        Assert.Equal([33.33m, 33.33m, 33.34m], installments.Select(i => i!["amount"].Dec()));
        Assert.Equal(["2026-01-31", "2026-02-28", "2026-03-31"], installments.Select(i => i!["dueDate"].Str()));
        var invoice = await client.Post($"/api/contracts/{contract["id"]}/installments/2/invoice", new { invoiceNumber = "HT-1-2", issueDate = "2026-02-01" });
        Assert.Equal("2026-02-28", invoice["dueDate"].Str());
        var reloaded = await client.Get($"/api/contracts/{contract["id"]}");
        Assert.Equal("HT-1-2", reloaded["installments"]![1]!["invoiceNumber"].Str());

        var bad = await client.Post("/api/contracts", new
        {
            customerCode = "C001", number = "HT-2", signedDate = "2026-01-31", total = 100m,
            plan = new { kind = "schedule", installments = new[] { new { dueDate = "2026-02-01", amount = 60m }, new { dueDate = "2026-03-01", amount = 39.99m } } },
        }, 400);
        Assert.Equal("plan.does_not_sum", bad["code"].Str());
    }

    [Fact]
    public async Task Lists_SortAndSearch_OnTheServer()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        foreach (var (number, total, signed) in new[] { ("HT-B", 300m, "2026-02-01"), ("HT-A", 100m, "2026-03-01"), ("HT-C", 200m, "2026-01-01") })
            await client.Post("/api/contracts", new { customerCode = "C001", number, signedDate = signed, total, plan = new { kind = "equal", count = 1, firstDueDate = signed } });
        string[] Numbers(System.Text.Json.Nodes.JsonNode page) => page["items"]!.AsArray().Select(c => c!["number"].Str()).ToArray();
        Assert.Equal(["HT-A", "HT-B", "HT-C"], Numbers(await client.Get("/api/contracts")));            // newest signed first
        Assert.Equal(["HT-A", "HT-B", "HT-C"], Numbers(await client.Get("/api/contracts?sort=number")));
        Assert.Equal(["HT-C", "HT-B", "HT-A"], Numbers(await client.Get("/api/contracts?sort=-number")));
        Assert.Equal(["HT-B", "HT-C", "HT-A"], Numbers(await client.Get("/api/contracts?sort=-total")));
        Assert.Equal(["HT-C"], Numbers(await client.Get("/api/contracts?search=C")));

        await client.Post("/api/invoices", Invoice("INV-2", "2026-01-10", 50m));
        await client.Post("/api/invoices", Invoice("INV-1", "2026-02-10", 70m));
        await client.Post("/api/invoices", Invoice("INV-3", "2026-03-10", 60m));
        Assert.Equal(["INV-3", "INV-1", "INV-2"], Numbers(await client.Get("/api/invoices?customer=C001")));
        Assert.Equal(["INV-1", "INV-2", "INV-3"], Numbers(await client.Get("/api/invoices?customer=C001&sort=number")));
        Assert.Equal(["INV-1", "INV-3", "INV-2"], Numbers(await client.Get("/api/invoices?customer=C001&sort=-amount")));
        Assert.Equal(["C001"], (await client.Get("/api/customers?sort=-code"))["items"]!.AsArray().Select(c => c!["code"].Str()));
    }

    [Fact]
    public async Task ForeignCurrency_UsesTheRateOfTheDocumentDate()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var missing = await client.Post("/api/invoices", new { customerCode = "C001", number = "USD-1", issueDate = "2026-06-01", amount = 100m, currency = "USD" }, 400);
        Assert.Equal("rate.missing", missing["codes"]!["rateToBase"]![0].Str());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/rates", new { currency = "USD", date = "2026-05-01", rate = 7.1234m })).StatusCode);
        var invoice = await client.Post("/api/invoices", new { customerCode = "C001", number = "USD-1", issueDate = "2026-06-01", amount = 100m, currency = "USD" });
        Assert.Equal(7.1234m, invoice["rateToBase"].Dec());
        var row = (await client.Get("/api/ageing?by=currency"))["rows"]!.AsArray().Single(r => r!["currency"].Str() == "USD")!;
        Assert.Equal(712.34m, row["balanceBase"].Dec());
    }

    [Fact]
    public async Task Lists_PageAndFilter()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        for (var i = 1; i <= 7; i++) await client.Post("/api/invoices", Invoice($"INV-{i}", $"2026-0{i % 6 + 1}-01", 10m * i));
        var page = await client.Get("/api/invoices?page=2&pageSize=3");
        Assert.Equal((7, 3, 2), (page["total"]!.GetValue<int>(), page["items"]!.AsArray().Count, page["pageNumber"]!.GetValue<int>()));
        var overdue = await client.Get("/api/invoices?status=overdue");
        Assert.All(overdue["items"]!.AsArray(), i => Assert.True(string.CompareOrdinal(i!["dueDate"].Str(), "2026-06-30") < 0));
        var customers = await client.Get("/api/customers?search=华东");
        Assert.Equal("C001", customers["items"]![0]!["code"].Str());
    }

    [Fact]
    public async Task OpenApi_AndTheInteractivePage_AreServed()
    {
        var (app, client) = await StartAsync();
        await using var _ = app;
        var doc = await client.Get("/openapi/v1.json");
        Assert.NotNull(doc["paths"]!["/api/receipts"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs")).StatusCode);
    }
}

public sealed class SqliteLedgerApiTests() : LedgerApiTests(Engine.Sqlite);

public sealed class PostgresLedgerApiTests() : LedgerApiTests(Engine.Postgres);
