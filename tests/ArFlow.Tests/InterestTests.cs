using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>Late interest on both databases: the policy as a setting, interest to a day on what was
/// open (grace days, a partial payment), charged as a charge document once, and charged by the
/// dunning step that says so once however often the run repeats.</summary>
public abstract class InterestTests(Engine engine)
{
    [Fact]
    public async Task Interest_IsCalculatedOnWhatWasOpen_AndChargedOnce()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        var bad = await admin.Put("/api/dunning/interest", new { value = new { on = true, dailyRatePercent = 5m, graceDays = 5, capPercent = 10m }, version = 0 }, 400);
        Assert.Equal(["value.dailyRatePercent"], bad["errors"]!.AsObject().Select(e => e.Key));
        await admin.Post("/api/customers", new { code = "C1", name = "Late Payer" });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-1", issueDate = "2026-05-01", dueDate = "2026-05-31", amount = 10_000m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-2", issueDate = "2026-03-01", dueDate = "2026-04-30", amount = 2_000m });
        await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-1", date = "2026-06-10", amount = 4_000m, invoiceNumber = "INV-1" });
        Assert.Equal("interest.off", (await admin.Post("/api/customers/C1/interest/charge", new { }, 409))["code"].Str());
        await admin.Put("/api/dunning/interest", new { value = new { on = true, dailyRatePercent = 0.05m, graceDays = 5, capPercent = 10m }, version = 0 }, 200);

        // INV-1: 6–10 June on 10,000 (5 days × 5.00), 11–30 June on 6,000 (20 days × 3.00) = 85.00.
        var interest = (await admin.Get("/api/customers/C1/interest?asOf=2026-06-30")).AsArray();
        var inv1 = interest.Single(i => i!["number"].Str() == "INV-1")!;
        Assert.Equal((85m, 0m, 85m), (inv1["accrued"].Dec(), inv1["charged"].Dec(), inv1["chargeable"].Dec()));
        Assert.DoesNotContain((await admin.Get("/api/customers/C1/interest?asOf=2026-06-05")).AsArray(), i => i!["number"].Str() == "INV-1");

        // The +60 step of INV-2 (due 30 April) charges its interest: 6 May – 30 June = 56 days × 1.00.
        var run = await admin.Post("/api/dunning/run", new { }, 200);
        Assert.Equal(1, run["interestCharges"]!.GetValue<int>());
        var charges = (await admin.Get("/api/charges?customer=C1"))["items"]!.AsArray();
        var stepCharge = Assert.Single(charges)!;
        Assert.Equal(("INT-INV-2-20260630", 56m), (stepCharge["number"].Str(), stepCharge["amount"].Dec()));
        Assert.Equal(0, (await admin.Post("/api/dunning/run", new { }, 200))["interestCharges"]!.GetValue<int>());

        // By hand: INV-1's 85.00 now; nothing more on INV-2 (charged to today already); nothing twice.
        var charged = (await admin.Post("/api/customers/C1/interest/charge", new { asOf = "2026-06-30" }, 200)).AsArray();
        Assert.Equal(["INV-1"], charged.Select(c => c!["number"].Str()));
        Assert.Empty((await admin.Post("/api/customers/C1/interest/charge", new { }, 200)).AsArray());
        Assert.Equal(2, (await admin.Get("/api/charges?customer=C1"))["items"]!.AsArray().Count);
        Assert.Equal(85m, (await admin.Get("/api/customers/C1/interest"))!.AsArray().Single(i => i!["number"].Str() == "INV-1")!["charged"].Dec());
        await admin.Post("/api/customers/C1/interest/charge", new { asOf = "2027-01-01" }, 400);
    }
}

/// <summary>Early-payment discounts from the terms, honoured when the receipt arrives in time.</summary>
public abstract class EarlyPaymentDiscountTests(Engine engine)
{
    [Fact]
    public async Task AReceiptWithinTheDiscountPeriod_ClosesTheInvoiceWithADiscountCreditNote()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client();
        await admin.Post("/api/customers", new { code = "C1", name = "Prompt Payer", defaultTerms = "2/10 net 30" });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-D1", issueDate = "2026-06-20", amount = 10_000m });
        await admin.Post("/api/invoices", new { customerCode = "C1", number = "INV-D2", issueDate = "2026-06-19", amount = 10_000m });

        // INV-D1 paid less 2% on its tenth day: the discount closes it.
        var paid = await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-1", date = "2026-06-30", amount = 9_800m, invoiceNumber = "INV-D1" });
        var discount = Assert.Single(paid["discounts"]!.AsArray())!;
        Assert.Equal(("INV-D1", 200m), (discount["invoiceNumber"].Str(), discount["amount"].Dec()));
        // INV-D2's tenth day was yesterday: no discount, 200 stays open.
        var late = await admin.Post("/api/receipts", new { customerCode = "C1", number = "R-2", date = "2026-06-30", amount = 9_800m, invoiceNumber = "INV-D2" });
        Assert.Null(late["discounts"]);
        var open = (await admin.Get("/api/customers/C1/open-items"))[0]!;
        Assert.Equal(200m, open["balance"].Dec());
        Assert.Equal(["INV-D2"], open["openItems"]!.AsArray().Select(i => i!["number"].Str()));
        Assert.Contains((await admin.Get("/api/credit-notes?customer=C1"))["items"]!.AsArray(), n => n!["number"].Str() == "DISC-INV-D1");
    }
}

public sealed class SqliteEarlyPaymentDiscountTests() : EarlyPaymentDiscountTests(Engine.Sqlite);

public sealed class PostgresEarlyPaymentDiscountTests() : EarlyPaymentDiscountTests(Engine.Postgres);

public sealed class SqliteInterestTests() : InterestTests(Engine.Sqlite);

public sealed class PostgresInterestTests() : InterestTests(Engine.Postgres);
