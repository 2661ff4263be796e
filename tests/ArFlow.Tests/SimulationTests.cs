using ArFlow.Data;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Adjustments;
using ArFlow.Features.Ageing;
using ArFlow.Features.Allocations;
using ArFlow.Features.Customers;
using ArFlow.Features.Invoices;
using ArFlow.Features.Ledger;
using ArFlow.Features.Receipts;
using ArFlow.Infrastructure;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ArFlow.Tests;

/// <summary>Drives random sequences of invoices, receipts, allocations, credit notes, charges,
/// write-offs, refunds, reversals and date jumps through the real use cases and database, and checks
/// the ledger's invariants after every step. A failure names its seed; rerun that seed alone.</summary>
public abstract class SimulationTests(Engine engine)
{
    private const int Steps = 70;

    public static TheoryData<int> Seeds(int count) => [.. Enumerable.Range(1, count)];

    protected async Task RunAsync(int seed)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero));
        var options = new ArFlowOptions { AllocationOrder = (AllocationOrder)(seed % 5) };
        var clock = new Clock(time, options);
        var random = new Random(seed);
        var ct = TestContext.Current.CancellationToken;
        string[] customers = ["A", "B", "C"];
        await using (var db = database.Context())
        {
            foreach (var c in customers)
                (await SaveCustomer.Handle(db, new SaveCustomer.Request(c, "Customer " + c, DefaultTerms: c == "B" ? "eom 30" : "net 30"), SaveCustomer.Mode.Create, options, clock, ct)).ValueOrThrow();
            db.ExchangeRates.Add(new Data.Entities.ExchangeRate { Currency = "USD", Date = new DateOnly(2020, 1, 1), Rate = 7.13m });
            await db.SaveChangesAsync(ct);
        }
        var log = new List<string>();
        try
        {
            for (var step = 0; step < Steps; step++)
            {
                await using var db = database.Context();
                var op = await StepAsync(db, random, customers, options, clock, time, ct);
                log.Add(op);
                await using var check = database.Context();
                await CheckInvariantsAsync(check, clock.Today, random, options, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Simulation failed with seed {seed} ({engine}) after: {string.Join(" | ", log.TakeLast(8))}", e);
        }
    }

    private static async Task<string> StepAsync(ArFlowDbContext db, Random r, string[] customers, ArFlowOptions options, Clock clock, FakeTimeProvider time, CancellationToken ct)
    {
        var customer = customers[r.Next(customers.Length)];
        var currency = r.Next(6) == 0 ? "USD" : "CNY";
        var today = clock.Today;
        var date = today.AddDays(-r.Next(0, 12)); // postings are often back-dated
        var amount = r.Next(1, 50_000) / 100m;
        string Number(string prefix) => $"{prefix}-{r.Next(100_000)}";
        async Task<string?> AnyNumber(params DocumentKind[] kinds)
        {
            var numbers = await db.Documents.Where(d => kinds.Contains(d.Kind) && db.Customers.Any(c => c.Id == d.CustomerId && c.Code == customer))
                .Select(d => d.Number).ToListAsync(ct);
            return numbers.Count == 0 ? null : numbers[r.Next(numbers.Count)];
        }
        switch (r.Next(10))
        {
            case 0 or 1:
                var inv = await IssueInvoice.Handle(db, new IssueInvoice.Request(customer, Number("INV"), date, amount, Currency: currency), options, clock, ct);
                return $"invoice {customer} {amount} {currency} {date}: {Outcome(inv.Errors)}";
            case 2:
                var rc = await RecordReceipt.Handle(db, new RecordReceipt.Request(customer, Number("RC"), date, amount, currency,
                    InvoiceNumber: r.Next(3) == 0 ? await AnyNumber(DocumentKind.Invoice) : null, AutoAllocate: r.Next(4) > 0), options, clock, ct);
                return $"receipt {customer} {amount} {date}: {Outcome(rc.Errors)}";
            case 3:
                var cn = await RecordReceipt.Handle(db, new RecordReceipt.Request(customer, Number("CN"), date, amount, currency), options, clock, ct, DocumentKind.CreditNote);
                return $"credit note {customer} {amount}: {Outcome(cn.Errors)}";
            case 4:
                var ch = await IssueInvoice.Handle(db, new IssueInvoice.Request(customer, Number("FEE"), date, amount, Currency: currency), options, clock, ct, DocumentKind.Charge);
                return $"charge {customer} {amount}: {Outcome(ch.Errors)}";
            case 5:
                var from = await AnyNumber(DocumentKind.Receipt, DocumentKind.CreditNote);
                var to = await AnyNumber(DocumentKind.Invoice, DocumentKind.Charge);
                if (from is null || to is null) return "allocation skipped";
                var lines = r.Next(2) == 0 ? null : new[] { new Allocate.Line(to, r.Next(3) == 0 ? null : amount) };
                var al = await Allocate.Handle(db, new Allocate.Request(customer, from, date, lines), options, clock, ct);
                return $"allocate {from}->{to} {amount} {date}: {Outcome(al.Errors)}";
            case 6:
                var wo = await AnyNumber(DocumentKind.Invoice);
                if (wo is null) return "write-off skipped";
                var w = await WriteOff.HandleWriteOff(db, new WriteOff.Request(customer, wo, date, r.Next(2) == 0 ? null : amount), options, clock, ct);
                return $"write-off {wo}: {Outcome(w.Errors)}";
            case 7:
                var rf = await AnyNumber(DocumentKind.Receipt);
                if (rf is null) return "refund skipped";
                var f = await WriteOff.HandleRefund(db, new WriteOff.Request(customer, rf, date, amount), options, clock, ct);
                return $"refund {rf} {amount}: {Outcome(f.Errors)}";
            case 8:
                var ids = await db.Documents.Select(d => d.Id).ToListAsync(ct);
                if (ids.Count == 0) return "reversal skipped";
                var id = ids[r.Next(ids.Count)];
                var rv = await ReverseDocument.Handle(db, id, new ReverseDocument.Request(date), options, clock, ct);
                return $"reverse {id} {date}: {Outcome(rv.Errors)}";
            default:
                time.Advance(TimeSpan.FromDays(r.Next(1, 40)));
                return $"time -> {clock.Today}";
        }
    }

    private static string Outcome(IReadOnlyList<Domain.Errors.DomainError> errors) => errors.Count == 0 ? "ok" : string.Join(",", errors.Select(e => e.Code));

    private static async Task CheckInvariantsAsync(ArFlowDbContext db, DateOnly today, Random r, ArFlowOptions options, CancellationToken ct)
    {
        var items = await db.OpenItems.AsNoTracking().ToListAsync(ct);
        var entries = await db.LedgerEntries.AsNoTracking().ToListAsync(ct);
        var byItem = entries.ToLookup(e => e.ItemId);
        var histories = new List<ItemHistory>();
        foreach (var item in items)
        {
            var sign = item.Side == ItemSide.Debit ? 1m : -1m;
            var history = new ItemHistory(LedgerWrites.Facts(item), byItem[item.ItemId].Select(e => new LedgerEntry(e.ItemId, e.PostedDate, e.Amount)));
            histories.Add(history);
            Assert.Equal(sign * byItem[item.ItemId].Sum(e => e.Amount), item.Open);
            Assert.Equal(sign * byItem[item.ItemId].Sum(e => e.BaseAmount), item.OpenBase);
            foreach (var d in byItem[item.ItemId].Select(e => e.PostedDate).Distinct())
                Assert.InRange(history.OpenAsOf(d), 0m, item.Original);
        }
        // Entries of every document but an opening one sum to zero per customer: allocations move
        // nothing; the others only reduce or restore items.
        Assert.Equal(entries.Where(e => e.ItemId == e.DocumentId).Sum(e => e.Amount) + entries.Where(e => e.ItemId != e.DocumentId).Sum(e => e.Amount), entries.Sum(e => e.Amount));

        foreach (var asOf in new[] { today, today.AddDays(-r.Next(1, 60)) })
        {
            var expected = AgeingCalculator.Compute(histories, asOf, options.Buckets);
            var actual = new List<AgeingRow>();
            await foreach (var row in AgeingQuery.RunAsync(db, asOf, AgeingGroup.Currency, options.Buckets, AgeingBasis.DueDate, ct)) actual.Add(row);
            static string Amounts(IEnumerable<decimal> xs) => string.Join("/", xs.Select(x => x.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(expected.Select(l => (l.Currency, Amounts([.. l.Buckets, l.UnappliedCredit]))),
                actual.Select(a => (a.Currency, Amounts([.. a.Buckets, a.Unapplied]))));
            foreach (var line in expected)
                Assert.Equal(entries.Where(e => e.PostedDate <= asOf && e.Currency == line.Currency).Sum(e => e.Amount), line.Balance);
        }
    }
}

public sealed class SqliteSimulationTests() : SimulationTests(Engine.Sqlite)
{
    [Theory]
    [MemberData(nameof(Seeds), 16)]
    public Task Invariants_HoldAfterEveryStep(int seed) => RunAsync(seed);
}

public sealed class PostgresSimulationTests() : SimulationTests(Engine.Postgres)
{
    [Theory]
    [MemberData(nameof(Seeds), 6)]
    public Task Invariants_HoldAfterEveryStep(int seed) => RunAsync(seed);
}
