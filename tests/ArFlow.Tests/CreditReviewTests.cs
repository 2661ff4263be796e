using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArFlow.Domain.Credit;
using ArFlow.Infrastructure.Access;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The scorecard and the credit policy as data an admin edits (checked by field, guarded by
/// version), and credit reviews through maker-checker approval, on both databases.</summary>
public abstract class CreditReviewTests(Engine engine)
{
    [Fact]
    public async Task AnEditedScorecard_IsChecked_Versioned_AndScoresFromThen()
    {
        await using var app = await TestApp.StartAsync(engine);
        var admin = app.Client(asUser: "s.admin", role: Roles.Admin);
        await admin.Post("/api/customers", new { code = "C001", name = "Customer" });
        var shipped = await admin.Get("/api/credit/scorecard");
        Assert.Equal(0, shipped["version"]!.GetValue<int>());
        Assert.Equal(47.5m, (await admin.Get("/api/customers/C001/credit"))["score"]!["score"].Dec());

        var bad = Scorecard.Default with { Factors = [.. Scorecard.Default.Factors.Select((f, i) => i == 0 ? f with { Weight = 0m } : f)], Grades = [new GradeCut("A", 80)] };
        var refused = await (await admin.PutAsJsonAsync("/api/credit/scorecard", new { value = bad, version = 0 })).Json(400);
        Assert.Equal(["value.factors[0].weight", "value.grades"], refused["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        // One factor only: a customer nobody knows scores its missing points.
        var strict = new Scorecard([new ScoreFactor(CreditFactors.Lawsuits, 1m, [new ScoreBand(null, 1m, 100), new ScoreBand(1m, null, 0)], 90)], Scorecard.Default.Grades);
        var saved = await (await admin.PutAsJsonAsync("/api/credit/scorecard", new { value = strict, version = 0 })).Json(200);
        Assert.Equal(1, saved["version"]!.GetValue<int>());
        Assert.Equal("s.admin", saved["changedBy"].Str());
        var file = await admin.Get("/api/customers/C001/credit");
        Assert.Equal(90m, file["score"]!["score"].Dec());
        Assert.Equal("A", file["score"]!["grade"].Str());

        // A second admin still holding version 0 cannot overwrite unseen.
        Assert.Equal("conflict.concurrent_change", (await (await admin.PutAsJsonAsync("/api/credit/scorecard", new { value = Scorecard.Default, version = 0 })).Json(409))["code"].Str());
        await (await app.Client(asUser: "s.clerk", role: Roles.ArClerk).PutAsJsonAsync("/api/credit/scorecard", new { value = Scorecard.Default, version = 1 })).Json(403);

        // The policy: grade A now recommends what the admin says.
        var policy = CreditPolicy.Default with { Rows = [.. CreditPolicy.Default.Rows.Select(r => r.Grade == "A" ? r with { Terms = "net 20", ReviewMonths = 9 } : r)] };
        var wrong = await (await admin.PutAsJsonAsync("/api/credit/policy", new { value = policy with { Rows = [.. policy.Rows.Take(3)] }, version = 0 })).Json(400);
        Assert.Contains("value.rows[D]", wrong["errors"]!.AsObject().Select(e => e.Key));
        await (await admin.PutAsJsonAsync("/api/credit/policy", new { value = policy, version = 0 })).Json(200);
        var recommended = (await admin.Get("/api/customers/C001/credit"))["recommendation"]!;
        Assert.Equal("net 20", recommended["terms"].Str());
        Assert.Equal(9, recommended["reviewMonths"]!.GetValue<int>());

        var trail = await app.Client(asUser: "s.auditor", role: Roles.Auditor).Get("/api/audit?entity=setting");
        Assert.Equal(2, trail["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task AReview_IsApprovedByAnotherPerson_SetsGradeLimitTermsAndTheNextReview_AndIsKept()
    {
        await using var app = await TestApp.StartAsync(engine);
        var clerk = app.Client(asUser: "r.clerk", role: Roles.ArClerk);
        var manager = app.Client(asUser: "r.manager", role: Roles.FinanceManager);
        await clerk.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 1000m, owner = "r.sales" });
        await clerk.Post("/api/customers", new { code = "C002", name = "Reviewed later", creditLimit = 1000m });
        var due = (await clerk.Get("/api/credit/reviews/due")).AsArray();
        Assert.Equal(["C001", "C002"], due.Select(d => d!["customerCode"].Str()));
        Assert.All(due, d => Assert.Null(d!["nextReview"]?.GetValue<string>()));

        var bad = await clerk.Post("/api/customers/C001/credit/reviews", new { grade = "E", creditLimit = -1m, defaultTerms = "soon", reason = "annual" }, 400);
        Assert.Equal(["creditLimit", "defaultTerms", "grade"], bad["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var asked = await clerk.Post("/api/customers/C001/credit/reviews", new { grade = "B", creditLimit = 5000m, defaultTerms = "net 45", note = "statements 2025 seen", reason = "annual review" }, 202);
        var id = asked["id"]!.GetValue<long>();
        Assert.Equal("credit-review", asked["action"].Str());

        // Nothing changes until someone else approves; the requester cannot, through the API or by deciding twice.
        Assert.Equal("approval.own_request", (await clerk.Post($"/api/approvals/{id}/approve", new { }, 403))["code"].Str());
        Assert.Equal("approval.role_missing", (await app.Client(asUser: "r.sales", role: Roles.Sales).Post($"/api/approvals/{id}/approve", new { }, 403))["code"].Str());
        Assert.Null((await clerk.Get("/api/customers/C001"))["grade"]?.GetValue<string>());
        await manager.Post($"/api/approvals/{id}/approve", new { comment = "ok" }, 200);

        var customer = await clerk.Get("/api/customers/C001");
        Assert.Equal("B", customer["grade"].Str());
        Assert.Equal(5000m, customer["creditLimit"].Dec());
        Assert.Equal("net 45", customer["defaultTerms"].Str());
        var review = (await clerk.Get("/api/customers/C001/credit/reviews")).AsArray().Single()!;
        Assert.Equal("2026-06-30", review["reviewedOn"].Str());
        // Grade B is reviewed every 6 months under the default policy.
        Assert.Equal("2026-12-30", review["nextReview"].Str());
        Assert.Equal("r.clerk", review["requestedBy"].Str());
        Assert.Equal("r.manager", review["approvedBy"].Str());
        Assert.Equal(id, review["approvalId"]!.GetValue<long>());
        Assert.Equal("statements 2025 seen", review["note"].Str());
        Assert.True(review["inputs"]!.AsObject().ContainsKey(CreditFactors.OnTimeAmountShare));
        Assert.Equal("2026-12-30", (await clerk.Get("/api/customers/C001/credit"))["nextReview"].Str());

        // Within 30 days only C002 is due; within 200 days C001 too, after it.
        Assert.Equal(["C002"], (await clerk.Get("/api/credit/reviews/due")).AsArray().Select(d => d!["customerCode"].Str()));
        Assert.Equal(["C002", "C001"], (await clerk.Get("/api/credit/reviews/due?withinDays=200")).AsArray().Select(d => d!["customerCode"].Str()));

        // Past the review date, the credit check warns that the review has expired.
        app.Time.Advance(TimeSpan.FromDays(190));
        var check = await clerk.Post("/api/credit/check", new { customerCode = "C001", amount = 10m }, 200);
        Assert.Contains(check["reasons"]!.AsArray(), r => r!["code"].Str() == CreditCheck.ReviewExpired);
        var overdue = (await clerk.Get("/api/credit/reviews/due")).AsArray().Single(d => d!["customerCode"].Str() == "C001")!;
        Assert.Equal(7, overdue["daysOverdue"]!.GetValue<int>());
    }

    [Fact]
    public async Task ABlockedInvoiceOrContract_IsRefused_UntilAnotherPersonOverridesIt()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Settings["ArFlow:CreditCheckOnPosting"] = "true";
        var clerk = app.Client(asUser: "o.clerk", role: Roles.ArClerk);
        var manager = app.Client(asUser: "o.manager", role: Roles.FinanceManager);
        await clerk.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 1000m, grade = "B" });
        await clerk.Post("/api/invoices", new { customerCode = "C001", number = "INV-1", issueDate = "2026-06-30", amount = 900m });

        var invoice = new { customerCode = "C001", number = "INV-2", issueDate = "2026-06-30", amount = 200m };
        var refused = await app.Client("zh-CN", asUser: "o.clerk", role: Roles.ArClerk).Post("/api/invoices", invoice, 409);
        Assert.Equal("credit.refused", refused["code"].Str());
        Assert.Equal(["credit.check.over_limit"], refused["codes"]!["amount"]!.AsArray().Select(c => c.Str()));
        Assert.Contains("敞口 1,100.00 将超过信用额度 1,000.00", refused["detail"].Str(), StringComparison.Ordinal);
        // Charges (interest, fees) are not new credit: they are not checked.
        await clerk.Post("/api/charges", new { customerCode = "C001", number = "FEE-1", issueDate = "2026-06-30", amount = 50m });

        var asked = await clerk.Post("/api/invoices/credit-override", new { invoice, reason = "half paid in advance, rest on delivery" }, 202);
        Assert.Equal("credit-override", asked["action"].Str());
        Assert.Contains("1,000.00", asked["after"]!["blocks"].Str(), StringComparison.Ordinal);
        var id = asked["id"]!.GetValue<long>();
        Assert.Equal("approval.own_request", (await clerk.Post($"/api/approvals/{id}/approve", new { }, 403))["code"].Str());
        Assert.Empty((await clerk.Get("/api/invoices?search=INV-2"))["items"]!.AsArray());
        var approved = await manager.Post($"/api/approvals/{id}/approve", new { comment = "agreed" }, 200);
        var posted = await clerk.Get($"/api/documents/{approved["resultDocumentId"]!.GetValue<long>()}");
        Assert.Equal("INV-2", posted["number"].Str());

        // A contract: the same refusal, the same override.
        var contract = new { customerCode = "C001", number = "K-1", signedDate = "2026-06-30", total = 5000m, plan = new { kind = "equal", count = 2, firstDueDate = "2026-08-01" } };
        Assert.Equal("credit.refused", (await clerk.Post("/api/contracts", contract, 409))["code"].Str());
        var askedContract = await clerk.Post("/api/contracts/credit-override", new { contract, reason = "secured by a bank guarantee" }, 202);
        await manager.Post($"/api/approvals/{askedContract["id"]}/approve", new { }, 200);
        Assert.Equal("K-1", (await clerk.Get("/api/contracts?customer=C001"))["items"]![0]!["number"].Str());

        // Nothing to override when the check does not block: made at once.
        await clerk.Post("/api/customers", new { code = "C002", name = "Good", creditLimit = 1_000_000m, grade = "A" });
        await clerk.Post("/api/invoices/credit-override", new { invoice = new { customerCode = "C002", number = "G-1", issueDate = "2026-06-30", amount = 10m }, reason = "x" }, 201);
    }

    /// <summary>Maker-checker holds for every credit change, even when the requester holds the approving
    /// role: the API refuses their own approval (the console decides through the same handler).</summary>
    [Fact]
    public async Task ARequester_CannotApproveTheirOwnCreditRequest_OfAnyKind_EvenAsAnApprover()
    {
        await using var app = await TestApp.StartAsync(engine);
        app.Settings["ArFlow:CreditCheckOnPosting"] = "true";
        var maker = app.Client(asUser: "fm.maker", role: Roles.FinanceManager);
        var checker = app.Client(asUser: "fm.checker", role: Roles.FinanceManager);
        await maker.Post("/api/customers", new { code = "C001", name = "Customer", creditLimit = 100m, grade = "B" });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await maker.PostAsJsonAsync("/api/customers/C001/status", new { status = "on-hold", reason = "overdue" })).StatusCode);
        var asked = new[]
        {
            await maker.Post("/api/customers/C001/credit-terms", new { creditLimit = 5000m, reason = "growth" }, 202),
            await maker.Post("/api/customers/C001/credit/reviews", new { grade = "A", creditLimit = 9000m, defaultTerms = "net 60", reason = "review" }, 202),
            await maker.Post("/api/invoices/credit-override", new { invoice = new { customerCode = "C001", number = "I-1", issueDate = "2026-06-30", amount = 500m }, reason = "urgent" }, 202),
            await maker.Post("/api/customers/C001/status", new { status = "active", reason = "paid" }, 202),
        };
        Assert.Equal(["credit-terms", "credit-review", "credit-override", "credit-hold"], asked.Select(a => a["action"].Str()));
        foreach (var request in asked)
        {
            Assert.Equal("approval.own_request", (await maker.Post($"/api/approvals/{request["id"]}/approve", new { }, 403))["code"].Str());
            Assert.Equal("approval.own_request", (await maker.Post($"/api/approvals/{request["id"]}/reject", new { }, 403))["code"].Str());
            Assert.False((await maker.Get($"/api/approvals/{request["id"]}"))["canDecide"]!.GetValue<bool>());
            Assert.True((await checker.Get($"/api/approvals/{request["id"]}"))["canDecide"]!.GetValue<bool>());
        }
        Assert.Empty((await maker.Get("/api/approvals?toDecide=true"))["items"]!.AsArray());
        Assert.Equal(4, (await checker.Get("/api/approvals?toDecide=true"))["items"]!.AsArray().Count);
    }
}

public sealed class SqliteCreditReviewTests() : CreditReviewTests(Engine.Sqlite);

public sealed class PostgresCreditReviewTests() : CreditReviewTests(Engine.Postgres);
