using ArFlow.Domain.Ageing;
using ArFlow.Domain.Ledger;

namespace ArFlow.Domain.Tests;

public class AgeingTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(365, 5)]
    [InlineData(366, 6)]
    public void DefaultBuckets_PlaceEachAgeOnce(int age, int bucket) =>
        Assert.Equal(bucket, AgeingBuckets.Default.IndexOf(age));

    [Fact]
    public void Labels_NameEveryBucket() =>
        Assert.Equal(["current", "1-30", "31-60", "61-90", "91-180", "181-365", "over-365"], AgeingBuckets.Default.Labels());

    [Fact]
    public void LowerDates_AgreeWithIndexOf()
    {
        var lower = AgeingBuckets.Default.LowerDates(AsOf);
        for (var age = -10; age < 500; age++)
        {
            var due = AsOf.AddDays(-age);
            var bySql = lower.Count(d => due < d); // what the set-based query does
            Assert.Equal(AgeingBuckets.Default.IndexOf(age), bySql);
        }
    }

    [Fact]
    public void ReceiptPostedAfterTheAsOfDate_DoesNotShrinkThatAgeing()
    {
        var invoice = new ItemHistory(new OpenItemFacts(1, DocumentKind.Invoice, 1, "CNY", AsOf.AddDays(-100), AsOf.AddDays(-70)),
            [Posting.Opening(DocumentKind.Invoice, 1, AsOf.AddDays(-100), 500m)]);
        var receipt = new ItemHistory(new OpenItemFacts(2, DocumentKind.Receipt, 1, "CNY", AsOf.AddDays(5), AsOf.AddDays(5)),
            [Posting.Opening(DocumentKind.Receipt, 2, AsOf.AddDays(5), 500m)]);
        foreach (var e in Posting.Allocate(receipt, invoice, AsOf.AddDays(5), 500m).ValueOrThrow())
            (e.ItemId == 1 ? invoice : receipt).Add(e);

        var then = Assert.Single(AgeingCalculator.Compute([invoice, receipt], AsOf, AgeingBuckets.Default));
        Assert.Equal(500m, then.Buckets[3]);
        Assert.Empty(AgeingCalculator.Compute([invoice, receipt], AsOf.AddDays(5), AgeingBuckets.Default));
    }

    [Fact]
    public void DocumentDateBasis_AgesFromTheInvoiceDate()
    {
        var invoice = new ItemHistory(new OpenItemFacts(1, DocumentKind.Invoice, 1, "CNY", AsOf.AddDays(-40), AsOf.AddDays(20)),
            [Posting.Opening(DocumentKind.Invoice, 1, AsOf.AddDays(-40), 10m)]);
        Assert.Equal(10m, AgeingCalculator.Compute([invoice], AsOf, AgeingBuckets.Default, AgeingBasis.DocumentDate)[0].Buckets[2]);
        Assert.Equal(10m, AgeingCalculator.Compute([invoice], AsOf, AgeingBuckets.Default)[0].Buckets[0]);
    }
}
