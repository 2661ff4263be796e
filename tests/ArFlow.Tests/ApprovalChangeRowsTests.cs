using System.Globalization;
using System.Text.Json;
using ArFlow.Features.Approvals;

namespace ArFlow.Tests;

/// <summary>What an approver reads: postings as items before and after, other changes field by field
/// in their language, bookkeeping (versions, ids) left out.</summary>
public sealed class ApprovalChangeRowsTests
{
    private static ApprovalDto Request(string action, string before, string after) => new(
        1, action, "pending", "a", DateTimeOffset.UnixEpoch, "why", "s", null, null, null,
        JsonDocument.Parse(before).RootElement, JsonDocument.Parse(after).RootElement, 1, ["FinanceManager"], [], [], null, null, false, false);

    private static IReadOnlyList<ApprovalChangeRows.Row> In(string culture, ApprovalDto r)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try { return ApprovalChangeRows.Of(r); }
        finally { CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public void APosting_ShowsTheDocument_AndEachItemsOpenAmount()
    {
        var rows = In("en-US", Request("write-off",
            """{ "items": [ { "itemId": 7, "number": "INV-1", "kind": "Invoice", "currency": "CNY", "open": 1000.00, "rateToBase": 1, "version": 3 } ] }""",
            """{ "document": { "kind": "write-off", "amount": 400.00, "currency": "CNY", "documentDate": "2026-06-30" }, "items": [ { "itemId": 7, "number": "INV-1", "open": 600.00 } ] }"""));
        Assert.Equal(("Document", "", "Posts a Write-off of ¥400.00 dated 2026-06-30"), (rows[0].Label, rows[0].Before, rows[0].After));
        Assert.Equal(("INV-1 open", "¥1,000.00", "¥600.00"), (rows[1].Label, rows[1].Before, rows[1].After));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void OtherChanges_AreFieldByField_InThePersonsLanguage_WithoutBookkeeping()
    {
        var hold = In("zh-CN", Request("credit-hold", """{ "status": "blocked", "version": 4 }""", """{ "status": "active" }"""));
        var row = Assert.Single(hold);
        Assert.Equal("状态", row.Label);
        Assert.True(row.Changes);

        var contract = In("en-US", Request("contract", """{ "contract": "K-1", "taken": false }""",
            """
            { "contract": "K-1", "title": null, "currency": "CNY", "total": 2400000, "signedDate": "2026-07-01",
              "installments": [ { "sequence": 1, "dueDate": "2026-08-01", "amount": 1200000, "milestone": null },
                                { "sequence": 2, "dueDate": "2026-09-01", "amount": 1200000, "milestone": null } ] }
            """));
        Assert.DoesNotContain(contract, r => r.Label is "taken" or "installments" or "currency");
        Assert.Contains(contract, r => r.After == "¥2,400,000.00");
        Assert.Equal(["2026-08-01 · ¥1,200,000.00", "2026-09-01 · ¥1,200,000.00"], contract.Where(r => r.Label.StartsWith("Installment", StringComparison.Ordinal)).Select(r => r.After));
    }
}
