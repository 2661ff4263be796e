using System.Globalization;
using ArFlow.Domain.Reconciliation;

namespace ArFlow.Domain.Tests;

/// <summary>A labelled set of bank credits, written by a generator (fixed seed): customers with Chinese
/// and English names and the accounts some of them paid from before, their open invoices, and credits
/// of every kind a receivables team sees — exact payments naming the invoice as people type it (with
/// and without prefixes, dashes, spaces, a typo), several invoices at once, partial payments and
/// overpayments, payments naming only the payer (abbreviated, a branch, in English) or coming from a
/// known account, combinations, unrelated credits and look-alike companies. Auto-posting must be
/// precise: at least 99.5% of what it posts right. The figures are in docs/reconciliation.md.</summary>
public class CashMatchingQualityTests(ITestOutputHelper output)
{
    private sealed record Labelled(BankLine Line, long? Customer, IReadOnlyList<Allocation> Allocations, string Kind);

    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳", "苏州", "杭州", "南京", "成都", "武汉", "天津"];
    private static readonly string[] Cores = ["华东", "华南", "新源", "恒通", "宏达", "金桥", "远航", "瑞丰", "安信", "博远", "晨光", "鼎盛", "富华", "国泰", "海川", "嘉禾", "锦程", "凯达", "联创", "明德"];
    private static readonly string[] Trades = ["贸易", "实业", "化工", "电子", "机械", "建材", "物流", "科技"];
    private static readonly string[] Latin = ["East", "South", "New Source", "Hengtong", "Hongda", "Golden Bridge", "Yuanhang", "Ruifeng", "Anxin", "Boyuan", "Chenguang", "Dingsheng", "Fuhua", "Guotai", "Haichuan", "Jiahe", "Jincheng", "Kaida", "Lianchuang", "Mingde"];
    private static readonly string[] LatinTrades = ["Trading", "Industrial", "Chemicals", "Electronics", "Machinery", "Building Materials", "Logistics", "Technology"];

    private static (List<KnownCustomer> Customers, List<OpenInvoice> Invoices, List<Labelled> Lines) Generate(int seed, int count)
    {
        var random = new Random(seed);
        var customers = new List<KnownCustomer>();
        var english = new Dictionary<long, string>();
        var invoices = new List<OpenInvoice>();
        long item = 0;
        var number = 0;
        var used = new HashSet<string>();
        for (long id = 1; customers.Count < 300; id++)
        {
            var (city, core, trade) = (random.Next(Cities.Length), random.Next(Cores.Length), random.Next(Trades.Length));
            var name = $"{Cities[city]}{Cores[core]}{Trades[trade]}有限公司";
            if (!used.Add(name)) continue;
            english[id] = $"{(city == 0 ? "Shanghai" : city == 1 ? "Beijing" : city == 2 ? "Guangzhou" : city == 3 ? "Shenzhen" : city == 4 ? "Suzhou" : city == 5 ? "Hangzhou" : city == 6 ? "Nanjing" : city == 7 ? "Chengdu" : city == 8 ? "Wuhan" : "Tianjin")} {Latin[core]} {LatinTrades[trade]} Co., Ltd.";
            var accounts = random.NextDouble() < 0.4 ? new List<string> { $"6222{random.Next(10_000_000, 99_999_999)}{random.Next(1000, 9999)}" } : [];
            customers.Add(new KnownCustomer(id, $"C{id:D4}", [name, english[id]], accounts));
            for (var k = random.Next(2, 12); k > 0; k--)
                invoices.Add(new OpenInvoice(++item, id, $"INV-2026-{++number:D5}", new DateOnly(2026, 1, 1).AddDays(random.Next(0, 180)),
                    Math.Round((decimal)random.Next(10_000, 20_000_000) / 100m, 2), "CNY"));
        }
        var byCustomer = invoices.ToLookup(i => i.CustomerId);
        string Reference(string n) => random.Next(6) switch
        {
            0 => n,
            1 => n.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(),
            2 => "发票号" + n[4..],
            3 => n.Replace("-", " ", StringComparison.Ordinal),
            4 => "货款 " + n,
            _ => "INV" + n[4..].Replace("-", "", StringComparison.Ordinal),
        };
        string Payer(KnownCustomer c) => random.Next(5) switch
        {
            0 => c.Names[0],
            1 => c.Names[0].Replace("有限公司", "", StringComparison.Ordinal)[2..], // 华东贸易: the city left out
            2 => c.Names[0] + Cities[random.Next(Cities.Length)] + "分公司",
            3 => english[c.CustomerId].ToUpperInvariant(),
            _ => c.Names[0].Replace("有限公司", "股份有限公司", StringComparison.Ordinal),
        };
        var lines = new List<Labelled>();
        BankLine Line(decimal amount, string details, string? name = null, string? account = null) =>
            new(lines.Count + 1, new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 1), amount, "CNY", details, name, account);
        while (lines.Count < count)
        {
            var c = customers[random.Next(customers.Count)];
            var open = byCustomer[c.CustomerId].ToList();
            var one = open[random.Next(open.Count)];
            var roll = random.Next(100);
            if (roll < 30)
                lines.Add(new(Line(one.Open, Reference(one.Number), random.Next(3) == 0 ? null : Payer(c)), c.CustomerId, [new(one.ItemId, one.Open)], "reference"));
            else if (roll < 40 && open.Count >= 2)
            {
                var two = open.OrderBy(_ => random.Next()).Take(2).OrderBy(i => i.DueDate).ThenBy(i => i.ItemId).ToList();
                lines.Add(new(Line(two.Sum(i => i.Open), string.Join(", ", two.Select(i => Reference(i.Number))), Payer(c)), c.CustomerId,
                    two.Select(i => new Allocation(i.ItemId, i.Open)).ToList(), "references"));
            }
            else if (roll < 45)
            {
                // A typo: one digit of the number's last three changed.
                var digits = one.Number.ToCharArray();
                var at = digits.Length - 1 - random.Next(3);
                digits[at] = (char)('0' + (digits[at] - '0' + 1 + random.Next(8)) % 10);
                lines.Add(new(Line(one.Open, "货款 " + new string(digits), Payer(c)), c.CustomerId, [new(one.ItemId, one.Open)], "typo"));
            }
            else if (roll < 50)
            {
                var part = Math.Round(one.Open * (decimal)(0.2 + random.NextDouble() * 0.6), 2);
                lines.Add(new(Line(part, "部分付款 " + Reference(one.Number), Payer(c)), c.CustomerId, [new(one.ItemId, part)], "partial"));
            }
            else if (roll < 53)
                lines.Add(new(Line(one.Open + 100m, Reference(one.Number), Payer(c)), c.CustomerId, [new(one.ItemId, one.Open)], "overpayment"));
            else if (roll < 68)
                lines.Add(new(Line(one.Open, random.Next(2) == 0 ? "货款" : "payment", Payer(c)), c.CustomerId, [new(one.ItemId, one.Open)], "name-amount"));
            else if (roll < 78 && c.Accounts.Count > 0 && open.Count >= 3)
            {
                var some = open.Take(2).ToList();
                lines.Add(new(Line(some.Sum(i => i.Open), "转账", "某某", c.Accounts[0]), c.CustomerId, some.Select(i => new Allocation(i.ItemId, i.Open)).ToList(), "account-combination"));
            }
            else if (roll < 88)
            {
                // Not a customer's payment: interest, a supplier's refund, a look-alike company.
                var lookalike = $"{Cities[random.Next(Cities.Length)]}{Cores[random.Next(Cores.Length)]}{(random.Next(2) == 0 ? "投资" : "咨询")}有限公司";
                lines.Add(new(Line(Math.Round((decimal)random.Next(100, 5_000_000) / 100m, 2), random.Next(2) == 0 ? "利息" : "退款", random.Next(2) == 0 ? lookalike : null), null, [], "unrelated"));
            }
            else
                lines.Add(new(Line(one.Open, "transfer"), c.CustomerId, [new(one.ItemId, one.Open)], "amount-only"));
        }
        return (customers, invoices, lines);
    }

    private static bool Right(MatchProposal p, Labelled l) =>
        p.CustomerId == l.Customer && p.Allocations.OrderBy(a => a.ItemId).SequenceEqual(l.Allocations.OrderBy(a => a.ItemId));

    [Fact]
    public void AutoPosting_IsPrecise_OnTwoThousandLabelledCredits()
    {
        var (customers, invoices, lines) = Generate(seed: 20261123, count: 2_000);
        var matcher = new CashMatcher(customers, invoices);
        var results = lines.Select(l => (Label: l, Proposal: matcher.Match(l.Line))).ToList();
        var auto = results.Where(r => r.Proposal.CustomerId is not null && r.Proposal.Confidence >= 0.95m).ToList();
        var payable = results.Where(r => r.Label.Customer is not null).ToList();
        var precision = (decimal)auto.Count(r => Right(r.Proposal, r.Label)) / auto.Count;
        var recall = (decimal)auto.Count(r => Right(r.Proposal, r.Label)) / payable.Count;
        var fully = (decimal)payable.Count(r => Right(r.Proposal, r.Label)) / payable.Count;
        var wrongCustomer = results.Count(r => r.Proposal.CustomerId is not null && r.Proposal.CustomerId != r.Label.Customer);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines {results.Count}, customers' payments {payable.Count}, auto-posted {auto.Count}, precision {precision:P2}, recall {recall:P2}, fully matched (any confidence) {fully:P2}, proposals naming the wrong customer {wrongCustomer}"));
        foreach (var kind in results.GroupBy(r => r.Label.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind.Key,-20} {kind.Count(),5} auto {kind.Count(r => r.Proposal.CustomerId is not null && r.Proposal.Confidence >= 0.95m),5} right {kind.Count(r => Right(r.Proposal, r.Label)),5}"));
        foreach (var wrong in auto.Where(r => !Right(r.Proposal, r.Label)).Take(5))
            output.WriteLine($"  wrong: {wrong.Label.Kind} {wrong.Label.Line.Details} / {wrong.Label.Line.CounterpartyName} → {string.Join(",", wrong.Proposal.Reasons)}");
        Assert.True(precision >= 0.995m, $"auto-posting precision {precision:P2}");
        Assert.True(recall >= 0.5m, $"auto-posting recall {recall:P2}");
    }
}
