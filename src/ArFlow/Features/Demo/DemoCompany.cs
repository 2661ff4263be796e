using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Customers;
using ArFlow.Domain.Ledger;
using ArFlow.Domain.Money;
using ArFlow.Domain.Terms;
using ArFlow.Features.Contracts;
using ArFlow.Features.Users;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.EntityFrameworkCore;
using M = ArFlow.Domain.Money.Money;

namespace ArFlow.Features.Demo;

public sealed record DemoSize(int Customers, int Invoices, int Seed = 2026);

public sealed record DemoResult(int Customers, int Invoices, int Documents);

/// <summary>A realistic demo company, the same for the same seed: bilingual customers of four
/// grades who pay as their grade suggests, two years of invoices, receipts (some by acceptance
/// bill, some partial, some prepaid), credit notes, write-offs and a few contracts with payment
/// plans. Postings go through the domain's rules and the bulk path, customer by customer, so
/// memory stays flat however large the company.</summary>
public static class DemoCompany
{
    public static readonly DemoSize DefaultSize = new(60, 1500);

    private static readonly (string Zh, string En)[] Cities =
        [("上海", "Shanghai"), ("北京", "Beijing"), ("深圳", "Shenzhen"), ("杭州", "Hangzhou"), ("苏州", "Suzhou"), ("广州", "Guangzhou"), ("成都", "Chengdu"), ("武汉", "Wuhan"), ("宁波", "Ningbo"), ("天津", "Tianjin")];

    private static readonly (string Zh, string En)[] Brands =
        [("华东", "Huadong"), ("恒通", "Hengtong"), ("锦程", "Jincheng"), ("瑞丰", "Ruifeng"), ("宏达", "Hongda"), ("新源", "Xinyuan"), ("天成", "Tiancheng"), ("永信", "Yongxin"), ("嘉和", "Jiahe"), ("盛世", "Shengshi"), ("安泰", "Antai"), ("明德", "Mingde")];

    private static readonly (string Zh, string En)[] Trades =
        [("精密机械", "Precision Machinery"), ("电子科技", "Electronics"), ("食品", "Foods"), ("包装材料", "Packaging"), ("建材", "Building Materials"), ("医疗器械", "Medical Devices"), ("物流", "Logistics"), ("化工", "Chemicals")];

    // Owners and collectors are the user names of the demo's sales people and collectors, so each
    // of them signs in to their own customers.
    private static readonly string[] Owners = PeopleIn(Roles.Sales);
    private static readonly string[] Collectors = PeopleIn(Roles.Collector);

    private static string[] PeopleIn(string role) =>
        UserAccounts.DemoPeople.Where(p => p.Role == role).Select(p => p.UserName).ToArray();
    private static readonly string[] TermsChoices = ["net 30", "net 60", "eom 30", "2/10 net 30", "net 45", "eom 60"];

    public static async Task<DemoResult?> CreateIfEmptyAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, DemoSize size, CancellationToken ct,
        IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(size);
        if (await db.Customers.AnyAsync(ct)) return null;
        var today = clock.Today;
        var random = new Random(size.Seed);
        var baseCurrency = options.Base;

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            for (var day = today.AddDays(-800); day <= today; day = day.AddDays(1))
                db.ExchangeRates.Add(new ExchangeRate { Currency = "USD", Date = day, Rate = Math.Round(7.10m + (decimal)random.Next(0, 2000) / 10000m, 4) });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var usdRates = await db.ExchangeRates.AsNoTracking().Where(r => r.Currency == "USD").ToDictionaryAsync(r => r.Date, r => r.Rate, ct);

        var customers = Enumerable.Range(1, size.Customers).Select(i => NewCustomer(i, random, clock.Now)).ToList();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Customers.AddRange(customers);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();

        // Spread the invoices over the customers, the larger customers taking more.
        var weights = customers.Select(_ => 0.2 + random.NextDouble()).ToArray();
        var perCustomer = new M(size.Invoices, Currency.Parse("JPY")).Split(weights.Select(w => (decimal)w).ToArray()).Select(m => (int)m.Amount).ToArray();

        var batch = new Batch(baseCurrency);
        var invoices = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            invoices += History(batch, customers[i], perCustomer[i], today, random, usdRates, clock.Now);
            if (batch.Documents.Count >= 20_000) await batch.FlushAsync(db, ct);
            progress?.Report(i + 1);
        }
        await batch.FlushAsync(db, ct);

        await ContractsAsync(db, options, clock, customers.Take(Math.Min(5, customers.Count)).ToList(), today, ct);
        return new DemoResult(customers.Count, invoices, batch.Written);
    }

    private static Customer NewCustomer(int i, Random random, DateTimeOffset now)
    {
        var city = Cities[random.Next(Cities.Length)];
        var brand = Brands[random.Next(Brands.Length)];
        var trade = Trades[random.Next(Trades.Length)];
        var grade = (CustomerGrade)Math.Min(3, (int)Math.Floor(random.NextDouble() * random.NextDouble() * 5));
        var usd = random.Next(10) == 0;
        return new Customer
        {
            Code = $"C{i:D5}",
            Name = $"{city.Zh}{brand.Zh}{trade.Zh}有限公司 {city.En} {brand.En} {trade.En} Co., Ltd.",
            TaxId = $"91{random.Next(110000, 659999)}{random.NextInt64(100_000_000, 999_999_999)}X",
            Owner = Owners[random.Next(Owners.Length)],
            Collector = Collectors[random.Next(Collectors.Length)],
            Grade = grade,
            CreditLimit = (grade switch { CustomerGrade.A => 2_000_000m, CustomerGrade.B => 1_000_000m, CustomerGrade.C => 300_000m, _ => 100_000m }) / (usd ? 7m : 1m),
            DefaultTerms = grade == CustomerGrade.D && random.Next(3) == 0 ? "prepaid" : TermsChoices[random.Next(TermsChoices.Length)],
            Currency = usd ? "USD" : "CNY",
            Status = grade == CustomerGrade.D && random.Next(4) == 0 ? CustomerStatus.OnHold : CustomerStatus.Active,
            CreatedAt = now,
            Contacts =
            [
                new CustomerContact
                {
                    Name = random.Next(2) == 0 ? "财务部 周经理" : "Accounts Payable",
                    Email = $"ap{i}@example.com",
                    Phone = $"+86 138{random.Next(10_000_000, 99_999_999)}",
                    Language = usd ? "en-US" : "zh-CN",
                },
            ],
        };
    }

    /// <summary>Two years of one customer's invoices and how they were paid.</summary>
    private static int History(Batch batch, Customer c, int count, DateOnly today, Random random, Dictionary<DateOnly, decimal> usdRates, DateTimeOffset now)
    {
        var currency = Currency.Parse(c.Currency);
        var terms = PaymentTerms.Parse(c.DefaultTerms).ValueOrThrow();
        decimal Rate(DateOnly d) => currency.Code == "USD" ? usdRates.GetValueOrDefault(d, 7.2m) : 1m;
        var invoiceDates = Enumerable.Range(0, count).Select(_ => today.AddDays(-random.Next(0, 730))).Order().ToList();
        var receiptNo = 0;
        for (var n = 0; n < invoiceDates.Count; n++)
        {
            var issued = invoiceDates[n];
            var amount = new M(random.Next(500, 200_000) + random.Next(0, 100) / 100m, currency).RoundToMinorUnit().Amount;
            var invoice = batch.Open(DocumentKind.Invoice, c.Id, $"INV-{c.Code[1..]}-{n + 1:D4}", issued, terms.DueDate(issued), currency.Code, amount, Rate(issued), terms.ToString(), now);
            var delay = c.Grade switch
            {
                CustomerGrade.A => random.Next(-10, 5),
                CustomerGrade.B => random.Next(-3, 20),
                CustomerGrade.C => random.Next(5, 90),
                _ => random.Next(30, 400),
            };
            var paidOn = terms.DueDate(issued).AddDays(delay);
            if (paidOn < issued) paidOn = issued;
            if (random.Next(25) == 0)
            {
                // A return or price dispute settled by a credit note.
                var credit = new M(amount * random.Next(5, 30) / 100m, currency).RoundToMinorUnit().Amount;
                var noteDate = issued.AddDays(random.Next(3, 20));
                if (noteDate <= today)
                {
                    var note = batch.Open(DocumentKind.CreditNote, c.Id, $"CN-{c.Code[1..]}-{n + 1:D4}", noteDate, noteDate, currency.Code, credit, Rate(noteDate), null, now);
                    batch.Allocate(note, invoice, noteDate, credit, now);
                }
            }
            if (paidOn > today) continue;
            var bill = random.Next(8) == 0;
            var left = batch.Item(invoice).AvailableFrom(paidOn);
            var pay = random.Next(6) == 0 ? new M(left * 0.5m, currency).RoundToMinorUnit().Amount : left;
            if (c.Grade == CustomerGrade.D && random.Next(3) == 0)
            {
                if (paidOn.AddDays(200) <= today && random.Next(2) == 0) batch.WriteOff(invoice, paidOn.AddDays(200), left, now);
                continue;
            }
            if (pay <= 0m) continue;
            var receipt = batch.Open(DocumentKind.Receipt, c.Id, $"RC-{c.Code[1..]}-{++receiptNo:D4}", paidOn, paidOn, currency.Code, pay, Rate(paidOn), null, now,
                bill ? (random.Next(2) == 0 ? ReceiptMethod.BankAcceptanceBill : ReceiptMethod.CommercialAcceptanceBill) : (ReceiptMethod)random.Next(0, 4),
                bill ? paidOn.AddMonths(6) : null, $"BANK{paidOn:yyyyMMdd}{random.Next(100000, 999999)}");
            batch.Allocate(receipt, invoice, paidOn, pay, now);
        }
        if (c.Grade == CustomerGrade.A && random.Next(4) == 0)
        {
            // A prepayment not yet applied: shows as unapplied credit.
            var d = today.AddDays(-random.Next(1, 20));
            batch.Open(DocumentKind.Receipt, c.Id, $"RC-{c.Code[1..]}-{++receiptNo:D4}", d, d, currency.Code, new M(random.Next(1000, 50_000), currency).Amount, Rate(d), null, now,
                ReceiptMethod.BankTransfer, null, $"BANK{d:yyyyMMdd}{random.Next(100000, 999999)}", "预付款 prepayment");
        }
        return invoiceDates.Count;
    }

    private static async Task ContractsAsync(ArFlowDbContext db, ArFlowOptions options, Clock clock, List<Customer> customers, DateOnly today, CancellationToken ct)
    {
        var n = 0;
        foreach (var c in customers)
        {
            var signed = today.AddMonths(-8);
            var contract = await CreateContract.Handle(db, new CreateContract.Request(c.Code, $"HT-{today.Year - 1}-{++n:D3}", signed, 360_000m,
                new CreateContract.Plan("equal", Count: 12, FirstDueDate: signed.AddMonths(1)), Title: "年度供货合同 Annual supply contract"), options, clock, ct);
            foreach (var i in contract.ValueOrThrow().Installments.Where(i => i.DueDate <= today.AddDays(30)))
                (await BillInstallment.Handle(db, contract.Value!.Id, i.Sequence, new BillInstallment.Request($"HT-INV-{n}-{i.Sequence:D2}", i.DueDate.AddDays(-30)), options, clock, ct)).ValueOrThrow();
        }
    }

    /// <summary>Documents built in memory under the domain's posting rules, written in bulk.</summary>
    private sealed class Batch(Currency baseCurrency)
    {
        public List<Document> Documents { get; } = [];
        private readonly List<LedgerEntryRow> _entries = [];
        private readonly Dictionary<Document, (OpenItem Row, ItemHistory History)> _items = [];
        private long _nextTemp = 1;
        public int Written { get; private set; }

        public ItemHistory Item(Document d) => _items[d].History;

        public Document Open(DocumentKind kind, long customerId, string number, DateOnly date, DateOnly due, string currency, decimal amount, decimal rate,
            string? terms, DateTimeOffset now, ReceiptMethod? method = null, DateOnly? maturity = null, string? reference = null, string? memo = null)
        {
            var doc = new Document
            {
                Id = _nextTemp++, Kind = kind, CustomerId = customerId, Number = number, DocumentDate = date, DueDate = due, Currency = currency,
                Amount = amount, RateToBase = rate, Terms = terms, Method = method, MaturityDate = maturity, Reference = reference, Memo = memo, CreatedAt = now,
            };
            Documents.Add(doc);
            var entry = Posting.Opening(kind, doc.Id, date, amount);
            var row = new OpenItem
            {
                ItemId = doc.Id, CustomerId = customerId, Kind = kind, Side = kind.OpensItem()!.Value, Currency = currency,
                DocumentDate = date, DueDate = due, Original = amount, RateToBase = rate,
            };
            _items[doc] = (row, new ItemHistory(new OpenItemFacts(doc.Id, kind, customerId, currency, date, due), []));
            Add(doc, doc, entry);
            return doc;
        }

        public void Allocate(Document credit, Document debit, DateOnly date, decimal amount, DateTimeOffset now)
        {
            var entries = Posting.Allocate(_items[credit].History, _items[debit].History, date, amount).ValueOrThrow();
            var doc = Post(DocumentKind.Allocation, credit, date, amount, now);
            doc.DebitItemId = debit.Id;
            doc.CreditItemId = credit.Id;
            Add(doc, debit, entries[0]);
            Add(doc, credit, entries[1]);
        }

        public void WriteOff(Document debit, DateOnly date, decimal amount, DateTimeOffset now)
        {
            if (amount <= 0m) return;
            var entries = Posting.WriteOff(_items[debit].History, date, amount).ValueOrThrow();
            var doc = Post(DocumentKind.WriteOff, debit, date, amount, now);
            doc.DebitItemId = debit.Id;
            doc.Memo = "坏账核销 bad debt";
            Add(doc, debit, entries[0]);
        }

        private Document Post(DocumentKind kind, Document like, DateOnly date, decimal amount, DateTimeOffset now)
        {
            var doc = new Document { Id = _nextTemp++, Kind = kind, CustomerId = like.CustomerId, DocumentDate = date, Currency = like.Currency, Amount = amount, CreatedAt = now };
            Documents.Add(doc);
            return doc;
        }

        private void Add(Document posting, Document item, LedgerEntry entry)
        {
            var (row, history) = _items[item];
            history.Add(entry);
            var baseAmount = new M(entry.Amount, Currency.Parse(row.Currency)).ConvertTo(baseCurrency, row.RateToBase).Amount;
            row.Open = history.Open;
            row.OpenBase += row.Side == ItemSide.Debit ? baseAmount : -baseAmount;
            if (posting == item) row.OriginalBase = Math.Abs(baseAmount);
            _entries.Add(new LedgerEntryRow
            {
                DocumentId = posting.Id, ItemId = item.Id, CustomerId = posting.CustomerId, PostedDate = entry.PostedDate,
                Currency = row.Currency, Amount = entry.Amount, BaseAmount = baseAmount,
            });
        }

        /// <summary>Swaps the temporary ids for reserved ones and writes everything in one transaction.</summary>
        public async Task FlushAsync(ArFlowDbContext db, CancellationToken ct)
        {
            if (Documents.Count == 0) return;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var ids = await BulkLedger.ReserveDocumentIdsAsync(db, Documents.Count, ct);
            long Real(long temp) => ids[temp - 1];
            foreach (var e in _entries) (e.DocumentId, e.ItemId) = (Real(e.DocumentId), Real(e.ItemId));
            foreach (var (row, _) in _items.Values) row.ItemId = Real(row.ItemId);
            foreach (var d in Documents)
            {
                if (d.DebitItemId is { } debit) d.DebitItemId = Real(debit);
                if (d.CreditItemId is { } credit) d.CreditItemId = Real(credit);
                d.Id = Real(d.Id);
            }
            await BulkLedger.WriteAsync(db, Documents, _entries, _items.Values.Select(i => i.Row).ToList(), ct);
            await tx.CommitAsync(ct);
            Written += Documents.Count;
            Documents.Clear();
            _entries.Clear();
            _items.Clear();
            _nextTemp = 1;
        }
    }
}
