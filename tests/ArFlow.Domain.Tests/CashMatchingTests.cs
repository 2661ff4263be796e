using ArFlow.Domain.Reconciliation;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>Cash application's parts: payer names, invoice numbers in remittance text, combinations
/// of open items, and the matcher's proposals with their confidence and reasons.</summary>
public class CashMatchingTests
{
    [Theory]
    [InlineData("上海华东贸易有限公司", "上海华东贸易")]
    [InlineData("上海华东贸易股份有限公司", "上海华东贸易")]
    [InlineData("上海华东贸易有限公司北京分公司", "上海华东贸易")]
    [InlineData("上海华东贸易（集团）有限公司", "上海华东贸易")]
    [InlineData("SHANGHAI EAST TRADING CO., LTD.", "SHANGHAIEASTTRADING")]
    [InlineData("Shanghai East Trading Company Limited", "SHANGHAIEASTTRADING")]
    public void PayerNames_KeepWhatIdentifiesTheCompany(string name, string core) => Assert.Equal(core, PayerNames.Core(name));

    [Fact]
    public void PayerNames_AbbreviationsAndBranchesAreTheSameCompany_OthersAreNot()
    {
        Assert.Equal(1m, PayerNames.Similarity("上海华东贸易有限公司", "上海华东贸易有限公司北京分公司"));
        Assert.Equal(0.85m, PayerNames.Similarity("上海华东贸易有限公司", "华东贸易"));
        Assert.True(PayerNames.Similarity("上海华东贸易有限公司", "上海华南实业有限公司") < 0.85m);
        Assert.Equal(0m, PayerNames.Similarity("华东贸易", ""));
    }

    [Fact]
    public void PayerNames_ACustomerNamedInBothLanguages_IsKnownByEach() =>
        Assert.Equal(["上海华东贸易有限公司 Shanghai East Trading Co., Ltd.", "上海华东贸易有限公司", "Shanghai East Trading Co., Ltd."],
            PayerNames.Variants("上海华东贸易有限公司 Shanghai East Trading Co., Ltd."));

    private static readonly string[] Numbers = ["INV-2026-001", "INV-2026-002", "INV-2026-017", "FP20260345"];

    [Theory]
    [InlineData("货款 INV-2026-001", "INV-2026-001", true)]
    [InlineData("inv 2026 001 payment", "INV-2026-001", true)]
    [InlineData("发票号2026-002", "INV-2026-002", true)]
    [InlineData("PAYMENT FP 20260345", "FP20260345", true)]
    [InlineData("INV-2026-091 货款", "INV-2026-001", false)] // one digit off, and only one invoice is that close
    public void References_AreFoundWithoutPrefixesDashesOrSpaces_AndOneTypo(string text, string number, bool exact) =>
        Assert.Equal([(number, exact)], RemittanceReferences.Find(text, Numbers));

    [Fact]
    public void References_SeveralAndNone()
    {
        Assert.Equal(["INV-2026-001", "INV-2026-002"], RemittanceReferences.Find("INV-2026-001, INV-2026-002", Numbers).Select(f => f.Number));
        Assert.Empty(RemittanceReferences.Find("货款 2026年7月", Numbers));
        // A typo close to two numbers says nothing.
        Assert.Empty(RemittanceReferences.Find("2026-000", ["INV-2026-001", "INV-2026-002"]));
    }

    [Fact]
    public void Combinations_AddUpExactly_OrAreNotFound() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(1, 50_000)).Select(l => l.Take(12).Select(c => c / 100m).ToList()).ToArbitrary(), Gen.Choose(0, 4095).ToArbitrary(),
            (amounts, mask) =>
            {
                var target = amounts.Where((_, i) => (mask & (1 << i)) != 0).Sum();
                var found = Combinations.Find(amounts, target, maxItems: 12);
                return target == 0m ? found is null : found is not null && found.Distinct().Count() == found.Count && found.Sum(i => amounts[i]) == target;
            }).QuickCheckThrowOnFailure();

    private static readonly KnownCustomer East = new(1, "C001", ["上海华东贸易有限公司", "SHANGHAI EAST TRADING CO., LTD."], ["6222 0000 1111 2222"]);
    private static readonly KnownCustomer South = new(2, "C002", ["广州华南实业有限公司"], []);

    private static readonly OpenInvoice[] Book =
    [
        new(11, 1, "INV-2026-001", new DateOnly(2026, 6, 1), 1000m, "CNY"),
        new(12, 1, "INV-2026-002", new DateOnly(2026, 6, 15), 2500m, "CNY", Discount: 50m, DiscountUntil: new DateOnly(2026, 7, 5)),
        new(13, 1, "INV-2026-003", new DateOnly(2026, 7, 1), 700m, "CNY"),
        new(21, 2, "INV-2026-101", new DateOnly(2026, 6, 10), 3300m, "CNY"),
    ];

    private static BankLine Credit(decimal amount, string details = "", string? name = null, string? account = null) =>
        new(1, new DateOnly(2026, 7, 2), new DateOnly(2026, 7, 2), amount, "CNY", details, name, account);

    private static readonly CashMatcher Matcher = new([East, South], Book);

    [Fact]
    public void AReference_NamesTheInvoices_AndTheAmountSaysHowMuchOfThem()
    {
        var full = Matcher.Match(Credit(3500m, "INV-2026-001 INV-2026-002"));
        Assert.Equal((1L, 0m, 0.99m), (full.CustomerId, full.Unapplied, full.Confidence));
        Assert.Equal([new Allocation(11, 1000m), new Allocation(12, 2500m)], full.Allocations);
        var partial = Matcher.Match(Credit(1200m, "INV-2026-001 INV-2026-002"));
        Assert.Equal([new Allocation(11, 1000m), new Allocation(12, 200m)], partial.Allocations);
        Assert.Contains(MatchReasons.Partial, partial.Reasons);
        var over = Matcher.Match(Credit(1100m, "付 INV-2026-001"));
        Assert.Equal((100m, MatchReasons.Overpayment), (over.Unapplied, over.Reasons[^1]));
        var discounted = Matcher.Match(Credit(2450m, "INV-2026-002"));
        Assert.Equal([new Allocation(12, 2450m)], discounted.Allocations);
        Assert.Contains(MatchReasons.Discount, discounted.Reasons);
        // After the discount period the same amount is a partial payment.
        var late = Matcher.Match(Credit(2450m, "INV-2026-002") with { BookingDate = new DateOnly(2026, 7, 10) });
        Assert.Equal((MatchReasons.Partial, 0.9m), (late.Reasons[^1], late.Confidence));
    }

    [Fact]
    public void WithoutAReference_ThePayerAndTheAmountDecide()
    {
        var byAccount = Matcher.Match(Credit(700m, "货款", "某某", "6222000011112222"));
        Assert.Equal((1L, 0.97m), (byAccount.CustomerId, byAccount.Confidence));
        Assert.Equal([new Allocation(13, 700m)], byAccount.Allocations);
        var combination = Matcher.Match(Credit(1700m, "", "上海华东贸易有限公司"));
        Assert.Equal([new Allocation(11, 1000m), new Allocation(13, 700m)], combination.Allocations);
        Assert.Equal([MatchReasons.Name, MatchReasons.Combination], combination.Reasons);
        var english = Matcher.Match(Credit(1000m, "", "Shanghai East Trading Company Limited"));
        Assert.Equal((1L, 0.95m), (english.CustomerId, english.Confidence));
        var guess = Matcher.Match(Credit(500m, "", "华东贸易"));
        Assert.Equal((0.7m, 500m), (guess.Confidence, guess.Allocations.Single().Amount));
        var amountOnly = Matcher.Match(Credit(3300m, "transfer", "UNKNOWN PAYER LTD"));
        Assert.Equal((2L, 0.6m), (amountOnly.CustomerId, amountOnly.Confidence));
        Assert.Equal((null, 0m), (Matcher.Match(Credit(12.34m, "interest")).CustomerId, Matcher.Match(Credit(12.34m, "interest")).Confidence));
        Assert.Equal(MatchReasons.NoMatch, Matcher.Match(Credit(-50m, "fee")).Reasons.Single());
    }

    [Fact]
    public void AProposal_NeverAllocatesMoreThanArrivedOrThanIsOpen() =>
        Prop.ForAll(
            Gen.Choose(1, 1_000_000).ToArbitrary(), Gen.Elements("", "INV-2026-001", "INV-2026-002 INV-2026-003", "INV-2026-101").ToArbitrary(),
            Gen.Elements<string?>(null, "上海华东贸易有限公司", "华东贸易", "广州华南实业有限公司").ToArbitrary(),
            (cents, text, name) =>
            {
                var amount = cents / 100m;
                var p = Matcher.Match(Credit(amount, text, name));
                var open = Book.ToDictionary(i => i.ItemId);
                return p.Allocations.Sum(a => a.Amount) + p.Unapplied == amount && p.Unapplied >= 0m
                    && p.Allocations.All(a => a.Amount > 0m && a.Amount <= open[a.ItemId].Open && open[a.ItemId].CustomerId == p.CustomerId)
                    && p.Confidence is >= 0m and <= 1m;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void TwoPaymentsOfOneInvoiceInARun_DoNotBothPayIt()
    {
        var run = new CashMatcher([East, South], Book);
        var first = run.Match(Credit(1000m, "INV-2026-001"));
        run.Take(first);
        Assert.Equal([new Allocation(11, 1000m)], first.Allocations);
        Assert.Equal(0.99m, first.Confidence);
        // The same invoice paid again: the customer's, but nothing of it is open any more — all unapplied, for a person to look at.
        var again = run.Match(Credit(1000m, "INV-2026-001"));
        run.Take(again);
        Assert.Equal((1L, 1000m, MatchReasons.Overpayment), (again.CustomerId, again.Unapplied, again.Reasons[^1]));
        Assert.Empty(again.Allocations);
        Assert.True(again.Confidence < 0.95m);
        // The amount alone no longer points at an invoice another credit of the run took.
        var south = run.Match(Credit(3300m, "transfer", "UNKNOWN PAYER LTD"));
        run.Take(south);
        Assert.Equal(2L, south.CustomerId);
        Assert.Null(run.Match(Credit(3300m, "transfer", "ANOTHER PAYER LTD")).CustomerId);
    }

    [Fact]
    public void ARunOfCredits_NeverAllocatesAnInvoiceMoreThanIsOpen() =>
        Prop.ForAll(
            (from cents in Gen.Choose(1, 500_000)
             from text in Gen.Elements("", "INV-2026-001", "INV-2026-002 INV-2026-003", "INV-2026-101", "inv 2026 002")
             from name in Gen.Elements<string?>(null, "上海华东贸易有限公司", "华东贸易", "广州华南实业有限公司")
             select (Amount: cents / 100m, Text: text, Name: name)).ListOf().ToArbitrary(),
            credits =>
            {
                var run = new CashMatcher([East, South], Book);
                var taken = new Dictionary<long, decimal>();
                foreach (var c in credits)
                {
                    var p = run.Match(Credit(c.Amount, c.Text, c.Name));
                    run.Take(p);
                    foreach (var a in p.Allocations) taken[a.ItemId] = taken.GetValueOrDefault(a.ItemId) + a.Amount;
                    if (p.Allocations.Sum(a => a.Amount) + p.Unapplied != c.Amount) return false;
                }
                return Book.All(i => taken.GetValueOrDefault(i.ItemId) <= i.Open);
            }).QuickCheckThrowOnFailure();
}
