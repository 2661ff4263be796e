using ArFlow.Domain.Errors;
using ArFlow.Domain.Terms;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

public class PaymentTermsTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("net 30", "net 30")]
    [InlineData("NET30", "net 30")]
    [InlineData("30天", "net 30")]
    [InlineData("eom 30", "eom 30")]
    [InlineData("月结30天", "eom 30")]
    [InlineData("月结 60", "eom 60")]
    [InlineData("eom+2 15", "eom+2 15")]
    [InlineData("2/10 net 30", "2/10 net 30")]
    [InlineData("1.5/10, net 45", "1.5/10 net 45")]
    [InlineData("prepaid", "prepaid")]
    [InlineData("预付", "prepaid")]
    public void Parse_AcceptsTheDocumentedForms(string text, string canonical) =>
        Assert.Equal(canonical, PaymentTerms.Parse(text).ValueOrThrow().ToString());

    [Theory]
    [InlineData("net thirty")]
    [InlineData("10/30 net 20")]
    [InlineData("net 99999")]
    [InlineData("eom+13 30")]
    public void Parse_RefusesNonsense_WithACode(string text)
    {
        var result = PaymentTerms.Parse(text);
        Assert.Equal(ErrorCodes.InvalidTerms, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("net 30", "2026-01-31", "2026-03-02")]
    [InlineData("eom 30", "2026-01-15", "2026-03-02")] // 31 Jan + 30
    [InlineData("eom 30", "2028-01-15", "2028-03-01")] // leap year: 31 Jan + 30 = 1 Mar
    [InlineData("eom 0", "2028-02-10", "2028-02-29")]
    [InlineData("eom 30", "2026-12-31", "2027-01-30")]
    [InlineData("eom+1 15", "2026-01-31", "2026-03-15")] // end of February + 15
    [InlineData("eom+2 15", "2026-12-05", "2027-03-15")] // end of February 2027 + 15
    [InlineData("prepaid", "2026-06-30", "2026-06-30")]
    [InlineData("2/10 net 30", "2026-06-30", "2026-07-30")]
    public void DueDate_FollowsTheTerms(string terms, string issued, string due) =>
        Assert.Equal(D(due), PaymentTerms.Parse(terms).ValueOrThrow().DueDate(D(issued)));

    [Fact]
    public void Discount_DeadlineCountsFromTheInvoiceDate()
    {
        var terms = PaymentTerms.Parse("2/10 net 30").ValueOrThrow();
        Assert.Equal(D("2026-07-10"), terms.DiscountDeadline(D("2026-06-30")));
        Assert.Null(PaymentTerms.Net(30).DiscountDeadline(D("2026-06-30")));
    }

    [Fact]
    public void TextForm_RoundTrips() =>
        Prop.ForAll(
            Gen.OneOf(
                Gen.Choose(0, 3650).Select(PaymentTerms.Net),
                Gen.Choose(0, 3650).Zip(Gen.Choose(0, 12)).Select(t => PaymentTerms.EndOfMonth(t.Item1, t.Item2)),
                Gen.Choose(1, 99).Zip(Gen.Choose(0, 60)).Select(t => PaymentTerms.NetWithDiscount(t.Item1, t.Item2, t.Item2 + 30)),
                Gen.Constant(PaymentTerms.Prepaid)).ToArbitrary(),
            terms => PaymentTerms.Parse(terms.ToString()).ValueOrThrow() == terms).QuickCheckThrowOnFailure();

    [Fact]
    public void DueDate_NeverPrecedesTheInvoiceDate() =>
        Prop.ForAll(
            Gen.Choose(0, 3650).Zip(Gen.Choose(0, 12)).ToArbitrary(),
            Gen.Choose(700_000, 760_000).Select(DateOnly.FromDayNumber).ToArbitrary(),
            (t, issued) => PaymentTerms.EndOfMonth(t.Item1, t.Item2).DueDate(issued) >= issued
                           && PaymentTerms.Net(t.Item1).DueDate(issued) >= issued).QuickCheckThrowOnFailure();
}

public class EarlyPaymentDiscountTests
{
    private static readonly ArFlow.Domain.Terms.PaymentTerms TwoTen = ArFlow.Domain.Terms.PaymentTerms.NetWithDiscount(2m, 10, 30);
    private static readonly DateOnly Issued = new(2026, 2, 19);

    [Fact]
    public void TheDiscount_IsGranted_WhenTheInvoiceIsPaidLessItWithinThePeriod()
    {
        Assert.Equal(200m, TwoTen.DiscountFor(Issued, Issued.AddDays(10), 10_000m, 200m, 2));  // paid 9,800 on the last day (1 March)
        Assert.Equal(0m, TwoTen.DiscountFor(Issued, Issued.AddDays(11), 10_000m, 200m, 2));    // a day late
        Assert.Equal(0m, TwoTen.DiscountFor(Issued, Issued.AddDays(5), 10_000m, 5_000m, 2));   // half paid: no discount
        Assert.Equal(150m, TwoTen.DiscountFor(Issued, Issued.AddDays(5), 10_000m, 150m, 2));   // paid a little more than needed
        Assert.Equal(0m, TwoTen.DiscountFor(Issued, Issued.AddDays(5), 10_000m, 0m, 2));       // paid in full anyway
        Assert.Equal(0m, ArFlow.Domain.Terms.PaymentTerms.Net(30).DiscountFor(Issued, Issued, 10_000m, 200m, 2));
        Assert.Equal(0.67m, ArFlow.Domain.Terms.PaymentTerms.NetWithDiscount(2m, 10, 30).DiscountAmount(33.33m, 2));
    }

    [Fact]
    public void TheDiscount_NeverExceedsWhatIsLeftOrThePercentage() =>
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Gen.Choose(1, 10_000_000).Zip(FsCheck.Fluent.Gen.Choose(0, 10_000_000)).ToArbitrary(), FsCheck.Fluent.Gen.Choose(0, 40).ToArbitrary(),
            (amounts, day) =>
            {
                var (invoice, left) = (amounts.Item1 / 100m, Math.Min(amounts.Item1, amounts.Item2) / 100m);
                var granted = TwoTen.DiscountFor(Issued, Issued.AddDays(day), invoice, left, 2);
                return granted >= 0m && granted <= left && granted <= TwoTen.DiscountAmount(invoice, 2) && (day <= 10 || granted == 0m);
            }).QuickCheckThrowOnFailure();
}
