using ArFlow.Domain.Ageing;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>Drives random sequences of postings through the pure rules and checks the invariants
/// that every balance and ageing depends on.</summary>
public class LedgerPropertyTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    /// <summary>A tiny in-memory book: documents with their entries, and one history per open item.</summary>
    private sealed class Book
    {
        public Dictionary<long, ItemHistory> Items { get; } = [];
        public Dictionary<long, (DocumentKind Kind, DateOnly Date, LedgerEntry[] Entries, bool Reversed)> Documents { get; } = [];
        public Dictionary<long, decimal> Originals { get; } = [];
        private long _nextId = 1;

        public IEnumerable<LedgerEntry> AllEntries => Documents.Values.SelectMany(d => d.Entries);

        public void Open(DocumentKind kind, string currency, DateOnly date, int dueDays, decimal amount)
        {
            var id = _nextId++;
            var entry = Posting.Opening(kind, id, date, amount);
            Items[id] = new ItemHistory(new OpenItemFacts(id, kind, 1, currency, date, date.AddDays(dueDays)), [entry]);
            Documents[id] = (kind, date, [entry], false);
            Originals[id] = amount;
        }

        public bool Post(DocumentKind kind, DateOnly date, Result<LedgerEntry[]> result)
        {
            if (!result.IsSuccess) return false;
            var id = _nextId++;
            foreach (var e in result.Value!) Items[e.ItemId].Add(e);
            Documents[id] = (kind, date, result.Value!, false);
            return true;
        }

        public bool Reverse(long documentId, DateOnly date)
        {
            var doc = Documents[documentId];
            if (doc.Reversed || doc.Kind == DocumentKind.Reversal) return false;
            var result = Posting.Reverse(doc.Entries, doc.Date, Items, date);
            if (!Post(DocumentKind.Reversal, date, result)) return false;
            Documents[documentId] = doc with { Reversed = true };
            return true;
        }
    }

    private sealed record Op(int Kind, int A, int B, int Amount, int Days);

    private static Arbitrary<Op[]> Ops() =>
        (from kind in Gen.Choose(0, 8)
         from a in Gen.Choose(0, 40)
         from b in Gen.Choose(0, 40)
         from amount in Gen.Choose(1, 200_000)
         from days in Gen.Choose(-20, 60)
         select new Op(kind, a, b, amount, days)).ArrayOf().ToArbitrary();

    private static void Run(Book book, Op[] ops, Action<Book, DateOnly> check)
    {
        var today = Start;
        foreach (var op in ops)
        {
            today = today.AddDays(Math.Max(0, op.Days / 4)); // time mostly moves forward
            var date = today.AddDays(-Math.Abs(op.Days % 15)); // postings are sometimes back-dated
            var amount = op.Amount / 100m;
            var currency = op.A % 5 == 0 ? "USD" : "CNY";
            var debits = book.Items.Values.Where(i => i.Side == ItemSide.Debit).ToArray();
            var credits = book.Items.Values.Where(i => i.Side == ItemSide.Credit).ToArray();
            switch (op.Kind)
            {
                case 0 or 1: book.Open(DocumentKind.Invoice, currency, date, op.Days, amount); break;
                case 2: book.Open(DocumentKind.Receipt, currency, date, 0, amount); break;
                case 3: book.Open(op.A % 2 == 0 ? DocumentKind.CreditNote : DocumentKind.Charge, currency, date, 10, amount); break;
                case 4 or 5 when debits.Length > 0 && credits.Length > 0:
                    var credit = credits[op.A % credits.Length];
                    var debit = debits[op.B % debits.Length];
                    // Half the time try exactly what is available, to reach the boundary.
                    var wanted = op.Kind == 5 ? Math.Min(debit.AvailableFrom(date), credit.AvailableFrom(date)) : amount;
                    book.Post(DocumentKind.Allocation, date, Posting.Allocate(credit, debit, date, wanted));
                    break;
                case 6 when debits.Length > 0:
                    book.Post(DocumentKind.WriteOff, date, Posting.WriteOff(debits[op.A % debits.Length], date, amount));
                    break;
                case 7 when credits.Length > 0:
                    book.Post(DocumentKind.Refund, date, Posting.Refund(credits[op.A % credits.Length], date, amount));
                    break;
                case 8 when book.Documents.Count > 0:
                    book.Reverse(book.Documents.Keys.ElementAt(op.B % book.Documents.Count), date);
                    break;
            }
            check(book, today);
        }
    }

    private static IEnumerable<DateOnly> InterestingDates(Book book) =>
        book.AllEntries.Select(e => e.PostedDate).SelectMany(d => new[] { d.AddDays(-1), d }).Distinct();

    [Fact]
    public void Items_StayBetweenZeroAndTheirOriginal_OnEveryDate() =>
        Prop.ForAll(Ops(), ops =>
        {
            var book = new Book();
            Run(book, ops, (b, _) =>
            {
                foreach (var (id, item) in b.Items)
                foreach (var d in InterestingDates(b))
                {
                    var open = item.OpenAsOf(d);
                    Assert.InRange(open, 0m, b.Originals[id]);
                }
            });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AgeingBuckets_AddUpToTheBalance_ForAnyAsOfDate() =>
        Prop.ForAll(Ops(), Gen.Choose(-30, 400).ToArbitrary(), (ops, offset) =>
        {
            var book = new Book();
            Run(book, ops, (b, today) =>
            {
                var asOf = today.AddDays(-offset / 3);
                var ageing = AgeingCalculator.Compute(b.Items.Values, asOf, AgeingBuckets.Default);
                foreach (var currency in new[] { "CNY", "USD" })
                {
                    var balance = b.AllEntries
                        .Where(e => e.PostedDate <= asOf && b.Items[e.ItemId].Item.Currency == currency)
                        .Sum(e => e.Amount);
                    var line = ageing.SingleOrDefault(l => l.Currency == currency);
                    Assert.Equal(balance, line?.Balance ?? 0m);
                    if (line is not null) Assert.All(line.Buckets, x => Assert.True(x >= 0m));
                }
            });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void ReversingADocument_RestoresEveryBalanceFromItsDateOn() =>
        Prop.ForAll(Ops(), Gen.Choose(0, 1000).ToArbitrary(), (ops, pick) =>
        {
            var book = new Book();
            Run(book, ops, (_, _) => { });
            var candidates = book.Documents.Where(d => !d.Value.Reversed && d.Value.Kind != DocumentKind.Reversal).ToArray();
            if (candidates.Length == 0) return;
            var (id, doc) = candidates[pick % candidates.Length];
            var date = book.AllEntries.Max(e => e.PostedDate);
            var before = book.Items.ToDictionary(i => i.Key, i => i.Value.OpenAsOf(date));
            if (!book.Reverse(id, date)) return; // refused: something is still applied to it
            foreach (var (itemId, item) in book.Items)
            {
                var expected = before[itemId] - (item.Side == ItemSide.Debit ? 1 : -1) * doc.Entries.Where(e => e.ItemId == itemId).Sum(e => e.Amount);
                Assert.Equal(expected, item.OpenAsOf(date));
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void AllocationOverTheOpenAmount_IsRefused_WithTheAvailableAmount()
    {
        var book = new Book();
        book.Open(DocumentKind.Invoice, "CNY", Start, 30, 100m);
        book.Open(DocumentKind.Receipt, "CNY", Start, 0, 500m);
        var result = Posting.Allocate(book.Items[2], book.Items[1], Start, 100.01m);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorCodes.AllocationExceedsOpen, "amount", 100m), (error.Code, error.Field, (decimal)error.Args[1]));
    }

    [Fact]
    public void BackDatedAllocation_CannotOverdrawAnEarlierDate()
    {
        var book = new Book();
        book.Open(DocumentKind.Invoice, "CNY", Start, 30, 100m);
        book.Open(DocumentKind.Receipt, "CNY", Start, 0, 100m);
        book.Open(DocumentKind.Receipt, "CNY", Start, 0, 100m);
        Assert.True(book.Post(DocumentKind.Allocation, Start.AddDays(10), Posting.Allocate(book.Items[2], book.Items[1], Start.AddDays(10), 60m)));
        // 100 is open today, but only 40 between day 10 and today: a back-dated 100 would overdraw those days.
        var backDated = Posting.Allocate(book.Items[3], book.Items[1], Start.AddDays(5), 100m);
        Assert.Equal(ErrorCodes.AllocationExceedsOpen, Assert.Single(backDated.Errors).Code);
        Assert.True(Posting.Allocate(book.Items[3], book.Items[1], Start.AddDays(5), 40m).IsSuccess);
    }

    [Fact]
    public void NothingCanBeAppliedBeforeTheDocumentExists()
    {
        var book = new Book();
        book.Open(DocumentKind.Invoice, "CNY", Start.AddDays(5), 30, 100m);
        book.Open(DocumentKind.Receipt, "CNY", Start, 0, 100m);
        Assert.False(Posting.Allocate(book.Items[2], book.Items[1], Start.AddDays(4), 10m).IsSuccess);
    }

    [Fact]
    public void ReversingAnInvoiceWithAReceiptApplied_IsRefused()
    {
        var book = new Book();
        book.Open(DocumentKind.Invoice, "CNY", Start, 30, 100m);
        book.Open(DocumentKind.Receipt, "CNY", Start, 0, 100m);
        book.Post(DocumentKind.Allocation, Start, Posting.Allocate(book.Items[2], book.Items[1], Start, 50m));
        Assert.False(book.Reverse(1, Start.AddDays(1)));
        Assert.True(book.Reverse(3, Start.AddDays(1))); // undo the allocation first
        Assert.True(book.Reverse(1, Start.AddDays(1)));
        Assert.Equal(0m, book.Items[1].OpenAsOf(Start.AddDays(1)));
        Assert.Equal(50m, book.Items[1].OpenAsOf(Start)); // the allocation dated Start still stands for that day
    }
}
