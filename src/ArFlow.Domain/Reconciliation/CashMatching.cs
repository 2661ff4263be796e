using System.Text;
using System.Text.RegularExpressions;

namespace ArFlow.Domain.Reconciliation;

/// <summary>An open invoice as the matcher sees it: its customer, number, what is open, and the
/// early-payment discount a payment may take up to <see cref="DiscountUntil"/> (0 when none).</summary>
public sealed record OpenInvoice(long ItemId, long CustomerId, string Number, DateOnly DueDate, decimal Open, string Currency, decimal Discount = 0m, DateOnly? DiscountUntil = null)
{
    /// <summary>The discount a payment booked on <paramref name="paidOn"/> may take.</summary>
    public decimal DiscountOn(DateOnly paidOn) => DiscountUntil is null || paidOn <= DiscountUntil ? Discount : 0m;
}

/// <summary>A customer as payers name it: its names (Chinese, English, abbreviations) and the bank
/// accounts it has paid from before.</summary>
public sealed record KnownCustomer(long CustomerId, string Code, IReadOnlyList<string> Names, IReadOnlyList<string> Accounts);

public sealed record Allocation(long ItemId, decimal Amount);

/// <summary>What a credit on the bank statement pays: the customer (null: nobody found), the invoices
/// and amounts, what is left unapplied, how sure the matcher is (0–1) and why.</summary>
public sealed record MatchProposal(long? CustomerId, IReadOnlyList<Allocation> Allocations, decimal Unapplied, decimal Confidence, IReadOnlyList<string> Reasons)
{
    public static MatchProposal None(decimal amount) => new(null, [], amount, 0m, [MatchReasons.NoMatch]);
}

/// <summary>The reasons a proposal names, as codes (their words are the console's).</summary>
public static class MatchReasons
{
    public const string Reference = "reference";
    public const string ReferenceTypo = "reference-typo";
    public const string Account = "account";
    public const string Name = "name";
    public const string ExactAmount = "exact-amount";
    public const string Combination = "combination";
    public const string Discount = "discount";
    public const string Partial = "partial";
    public const string Overpayment = "overpayment";
    public const string NoMatch = "no-match";
}

/// <summary>Invoice numbers in remittance text as payers type them: with or without the prefix and
/// dashes (INV-2026-001, inv2026001, 发票号2026-001), and one digit wrong (2026010 for 2026001 is not
/// one digit; 2026007 is). <see cref="ReferenceIndex"/> does it for a whole book; these are the same
/// for a handful of numbers.</summary>
public static partial class RemittanceReferences
{
    public static string Normalize(string? text)
    {
        var b = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormKC))
            if (char.IsAsciiLetterOrDigit(c)) b.Append(char.ToUpperInvariant(c));
        return b.ToString();
    }

    /// <summary>Which of <paramref name="numbers"/> the text names, and whether exactly (false: by a one-digit typo).</summary>
    public static IReadOnlyList<(string Number, bool Exact)> Find(string? text, IEnumerable<string> numbers) => new ReferenceIndex(numbers).Find(text);

    /// <summary>The runs of digits in a text: dashes, slashes and dots join the parts of a number; spaces and commas separate numbers.</summary>
    /// <summary>Also consecutive runs with only spaces between them joined (INV 2026 001 is INV2026001).</summary>
    internal static List<string> Runs(string? text)
    {
        var runs = new List<string>();
        foreach (Match group in SpacedRuns().Matches(Joiners().Replace((text ?? "").Normalize(NormalizationForm.FormKC), "")))
        {
            var parts = group.Value.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
            for (var from = 0; from < parts.Length; from++)
                for (var to = from; to < parts.Length && to < from + 3; to++)
                    runs.Add(string.Concat(parts[from..(to + 1)]));
        }
        return runs.Distinct().ToList();
    }

    internal static string Digits(string number) => new(Normalize(number).Where(char.IsAsciiDigit).ToArray());

    [GeneratedRegex(@"\d+(?:[ \u3000]+\d+)*")]
    private static partial Regex SpacedRuns();

    [GeneratedRegex(@"(?<=\d)[-_/.](?=\d)")]
    private static partial Regex Joiners();
}

/// <summary>Invoice numbers indexed by their digits, so that finding the ones a text names costs a few
/// look-ups per number written in it, whatever the size of the book. Numbers with fewer than five
/// digits are looked for as whole (letters and digits) in the text.</summary>
public sealed class ReferenceIndex
{
    private const int MinDigits = 5;
    private readonly Dictionary<string, List<string>> _byDigits = new(StringComparer.Ordinal);
    private readonly List<(string Number, string Plain)> _short = [];

    public ReferenceIndex(IEnumerable<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        foreach (var number in numbers.Distinct())
        {
            var digits = RemittanceReferences.Digits(number);
            if (digits.Length >= MinDigits)
            {
                if (!_byDigits.TryGetValue(digits, out var list)) _byDigits[digits] = list = [];
                list.Add(number);
            }
            else if (RemittanceReferences.Normalize(number) is { Length: >= 4 } plain) _short.Add((number, plain));
        }
    }

    /// <summary>The numbers the text names, exactly; when none, the one number a single digit away from a number in it (a typo), if only one is.</summary>
    public IReadOnlyList<(string Number, bool Exact)> Find(string? text)
    {
        var runs = RemittanceReferences.Runs(text);
        var found = new List<string>();
        foreach (var run in runs)
            // The run itself, or its end when a longer prefix of digits came before (发票号2026001 written as 12026001 is not; 9912026001 ends in it).
            for (var start = 0; start <= run.Length - MinDigits; start++)
                if ((start == 0 || run.Length - start >= 6) && _byDigits.TryGetValue(run[start..], out var numbers)) found.AddRange(numbers);
        if (_short.Count > 0)
        {
            var plain = RemittanceReferences.Normalize(text);
            found.AddRange(_short.Where(s => plain.Contains(s.Plain, StringComparison.Ordinal)).Select(s => s.Number));
        }
        if (found.Count > 0) return found.Distinct().Select(n => (n, true)).ToList();
        var near = OneDigitAway(runs);
        return near.Count == 1 ? [(near[0], false)] : [];
    }

    /// <summary>The numbers one digit away from a number written in the text (what a typo of them would look like).</summary>
    public IReadOnlyList<string> OneDigitAway(string? text) => OneDigitAway(RemittanceReferences.Runs(text));

    private List<string> OneDigitAway(List<string> runs)
    {
        var near = new List<string>();
        foreach (var run in runs.Where(r => r.Length >= 6))
        {
            var chars = run.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                var original = chars[i];
                for (var d = '0'; d <= '9'; d++)
                {
                    if (d == original) continue;
                    chars[i] = d;
                    if (_byDigits.TryGetValue(new string(chars), out var numbers)) near.AddRange(numbers);
                }
                chars[i] = original;
            }
        }
        return near.Distinct().ToList();
    }
}

/// <summary>Which items add up to an amount exactly: a depth-first search in the items' order (oldest
/// due first), bounded in items and steps so a large book cannot make it run away.</summary>
public static class Combinations
{
    public static IReadOnlyList<int>? Find(IReadOnlyList<decimal> amounts, decimal target, int maxItems = 10, int maxSteps = 200_000)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        if (target <= 0m) return null;
        var chosen = new List<int>();
        var steps = 0;
        bool Search(int from, decimal left)
        {
            if (left == 0m) return true;
            if (chosen.Count == maxItems) return false;
            for (var i = from; i < amounts.Count; i++)
            {
                if (++steps > maxSteps) return false;
                if (amounts[i] <= 0m || amounts[i] > left) continue;
                chosen.Add(i);
                if (Search(i + 1, left - amounts[i])) return true;
                chosen.RemoveAt(chosen.Count - 1);
            }
            return false;
        }
        return Search(0, target) ? chosen.ToList() : null;
    }
}

/// <summary>Cash application (自动核销): which customer and invoices a credit on the bank statement
/// pays. The customer comes from invoice numbers in the remittance text, else from the payer's account
/// when a customer paid from it before, else from the payer's name. The invoices: those the text names,
/// else one whose open amount (or open amount less its early-payment discount) is the amount, else a
/// combination of the customer's open items adding up to it, else the oldest first with the rest left
/// unapplied. Each way of knowing has its confidence; the proposal takes the lowest that applies.</summary>
public sealed class CashMatcher
{
    private readonly ILookup<long, OpenInvoice> _byCustomer;
    private readonly ILookup<string, OpenInvoice> _byNumber;
    private readonly ILookup<(string Currency, decimal Open), OpenInvoice> _byAmount;
    private readonly ReferenceIndex _references;
    private readonly PayerIndex _names;
    private readonly Dictionary<string, long> _accounts;
    private readonly Dictionary<long, decimal> _taken = [];

    public CashMatcher(IReadOnlyList<KnownCustomer> customers, IReadOnlyList<OpenInvoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(invoices);
        _byCustomer = invoices.OrderBy(i => i.DueDate).ThenBy(i => i.ItemId).ToLookup(i => i.CustomerId);
        _byNumber = invoices.ToLookup(i => i.Number, StringComparer.Ordinal);
        _byAmount = invoices.ToLookup(i => (i.Currency, i.Open));
        _references = new ReferenceIndex(invoices.Select(i => i.Number));
        _names = new PayerIndex(customers);
        _accounts = customers
            .SelectMany(c => c.Accounts.Select(a => (Account: RemittanceReferences.Normalize(a), c.CustomerId)))
            .Where(x => x.Account.Length > 0).GroupBy(x => x.Account).Where(g => g.Select(x => x.CustomerId).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().CustomerId, StringComparer.Ordinal);
    }

    /// <summary>What a proposal allocates is no longer open for the next credits of the same run: two
    /// payments of one invoice do not both propose to pay it.</summary>
    public void Take(MatchProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        foreach (var a in proposal.Allocations) _taken[a.ItemId] = _taken.GetValueOrDefault(a.ItemId) + a.Amount;
    }

    /// <summary>An invoice as the run has left it (a discount only while nothing of it was taken).</summary>
    private OpenInvoice Now(OpenInvoice i) => _taken.TryGetValue(i.ItemId, out var taken) ? i with { Open = i.Open - taken, Discount = 0m } : i;

    public MatchProposal Match(BankLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Amount <= 0m) return MatchProposal.None(line.Amount);
        var reasons = new List<string>();
        var text = string.Join(" ", line.Details, line.EndToEndId, line.BankReference);

        // 1. Invoice numbers in the text.
        var named = _references.Find(text);
        if (named.Count > 0)
        {
            var all = named.SelectMany(n => _byNumber[n.Number]).Where(i => i.Currency == line.Currency).Distinct().ToList();
            var items = all.Select(Now).Where(i => i.Open > 0m).ToList();
            // A typo can turn one invoice's number into another's: when the named invoices do not account for the
            // amount but exactly one invoice a digit away does, that one is meant.
            if (items.Sum(i => i.Open) != line.Amount && items.Sum(i => i.Open - i.DiscountOn(line.BookingDate)) != line.Amount)
            {
                var meant = _references.OneDigitAway(text).SelectMany(n => _byNumber[n]).Select(Now).Where(i => i.Currency == line.Currency && i.Open == line.Amount).ToList();
                if (meant.Count == 1)
                    return new MatchProposal(meant[0].CustomerId, [new Allocation(meant[0].ItemId, line.Amount)], 0m, 0.95m, [MatchReasons.ReferenceTypo, MatchReasons.ExactAmount]);
            }
            // The customer of the invoices named, even when earlier credits of the run paid them (then this is more than is open).
            var customer = all.Select(i => i.CustomerId).Distinct().ToList();
            if (customer.Count == 1)
            {
                reasons.Add(named.All(n => n.Exact) ? MatchReasons.Reference : MatchReasons.ReferenceTypo);
                var sure = named.All(n => n.Exact) ? 0.99m : 0.9m;
                return Apply(customer[0], items.OrderBy(i => i.DueDate).ThenBy(i => i.ItemId).ToList(), line, sure, reasons, alsoOthers: false);
            }
        }

        // 2. Who paid: a known account, else the name.
        long? who = null;
        var confidence = 0m;
        if (RemittanceReferences.Normalize(line.CounterpartyAccount) is { Length: > 0 } account && _accounts.TryGetValue(account, out var known))
            (who, confidence) = (known, 0.97m);
        else if (!string.IsNullOrWhiteSpace(line.CounterpartyName))
        {
            var best = _names.Candidates(line.CounterpartyName)
                .Select(c => (c.CustomerId, Score: c.Names.Max(n => PayerNames.Similarity(n, line.CounterpartyName)))).OrderByDescending(x => x.Score).Take(2).ToList();
            // A name is enough only when it points at one customer clearly.
            if (best.Count > 0 && best[0].Score >= 0.85m && (best.Count == 1 || best[1].Score < best[0].Score))
                (who, confidence) = (best[0].CustomerId, best[0].Score == 1m ? 0.95m : 0.85m);
        }
        if (who is { } customerId)
        {
            reasons.Add(confidence >= 0.97m ? MatchReasons.Account : MatchReasons.Name);
            return Apply(customerId, _byCustomer[customerId].Where(i => i.Currency == line.Currency).Select(Now).Where(i => i.Open > 0m).ToList(), line, confidence, reasons, alsoOthers: true);
        }

        // 3. The amount alone: one open invoice in the whole book for exactly this amount.
        var exact = _byAmount[(line.Currency, line.Amount)].Select(Now).Where(i => i.Open == line.Amount).ToList();
        if (exact.Count == 1)
            return new MatchProposal(exact[0].CustomerId, [new Allocation(exact[0].ItemId, line.Amount)], 0m, 0.6m, [MatchReasons.ExactAmount]);
        return MatchProposal.None(line.Amount);
    }

    /// <summary>The customer's items (<paramref name="items"/>, oldest due first) against the amount:
    /// all of them exactly, one exactly, one less its discount, a combination, else oldest first.</summary>
    private static MatchProposal Apply(long customer, List<OpenInvoice> items, BankLine line, decimal confidence, List<string> reasons, bool alsoOthers)
    {
        var amount = line.Amount;
        decimal Discount(OpenInvoice i) => i.DiscountOn(line.BookingDate);
        var total = items.Sum(i => i.Open);
        if (!alsoOthers && total == amount) return Proposal(customer, items.Select(i => new Allocation(i.ItemId, i.Open)), amount, confidence, reasons);
        if (!alsoOthers && items.Sum(i => i.Open - Discount(i)) == amount && items.Any(i => Discount(i) > 0m))
            return Proposal(customer, items.Select(i => new Allocation(i.ItemId, i.Open - Discount(i))), amount, confidence, [.. reasons, MatchReasons.Discount]);
        if (alsoOthers)
        {
            var one = items.Where(i => i.Open == amount).ToList();
            if (one.Count >= 1) return Proposal(customer, [new Allocation(one[0].ItemId, amount)], amount, Math.Min(confidence, one.Count == 1 ? 0.97m : 0.9m), [.. reasons, MatchReasons.ExactAmount]);
            var discounted = items.Where(i => Discount(i) > 0m && i.Open - Discount(i) == amount).ToList();
            if (discounted.Count == 1) return Proposal(customer, [new Allocation(discounted[0].ItemId, amount)], amount, Math.Min(confidence, 0.95m), [.. reasons, MatchReasons.Discount]);
            if (Combinations.Find(items.Select(i => i.Open).ToList(), amount) is { } combination)
                return Proposal(customer, combination.Select(k => new Allocation(items[k].ItemId, items[k].Open)), amount, Math.Min(confidence, 0.9m), [.. reasons, MatchReasons.Combination]);
        }
        // Oldest first; what is more than all of it stays on the customer's account.
        var left = amount;
        var allocations = new List<Allocation>();
        foreach (var item in items)
        {
            if (left <= 0m) break;
            var take = Math.Min(item.Open, left);
            allocations.Add(new Allocation(item.ItemId, take));
            left -= take;
        }
        var why = left > 0m ? MatchReasons.Overpayment : MatchReasons.Partial;
        return new MatchProposal(customer, allocations, left, Math.Min(confidence, alsoOthers ? 0.7m : 0.9m), [.. reasons, why]);
    }

    private static MatchProposal Proposal(long customer, IEnumerable<Allocation> allocations, decimal amount, decimal confidence, IReadOnlyList<string> reasons)
    {
        var list = allocations.ToList();
        return new MatchProposal(customer, list, amount - list.Sum(a => a.Amount), confidence, reasons);
    }
}

/// <summary>Customers by the short pieces of their names' cores — pairs of Chinese characters, triples
/// of Latin letters — so that a payer's name is compared only with the customers that share some of it
/// (a few, not the whole book). A piece that many customers share (上海, TRA) tells nothing and is not kept.</summary>
public sealed class PayerIndex
{
    private const int Common = 300;
    private readonly Dictionary<string, List<KnownCustomer>> _byPiece = new(StringComparer.Ordinal);

    public PayerIndex(IEnumerable<KnownCustomer> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        foreach (var c in customers)
            foreach (var piece in c.Names.SelectMany(n => Pieces(PayerNames.Core(n))).Distinct())
            {
                if (!_byPiece.TryGetValue(piece, out var list)) _byPiece[piece] = list = [];
                list.Add(c);
            }
        foreach (var common in _byPiece.Where(p => p.Value.Count > Common).Select(p => p.Key).ToList()) _byPiece.Remove(common);
    }

    /// <summary>The customers sharing the most pieces with the name, at most 50.</summary>
    public IReadOnlyList<KnownCustomer> Candidates(string? name) =>
        Pieces(PayerNames.Core(name)).Distinct().SelectMany(p => _byPiece.TryGetValue(p, out var list) ? list : [])
            .GroupBy(c => c.CustomerId).OrderByDescending(g => g.Count()).Take(50).Select(g => g.First()).ToList();

    private static IEnumerable<string> Pieces(string core)
    {
        for (var i = 0; i + 2 <= core.Length; i++)
        {
            var pair = core.Substring(i, 2);
            if (pair.Any(c => c is >= '\u4E00' and <= '\u9FFF')) yield return pair;
            else if (i + 3 <= core.Length) yield return core.Substring(i, 3);
        }
    }
}
