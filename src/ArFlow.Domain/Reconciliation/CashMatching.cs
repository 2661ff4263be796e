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
/// one digit; 2026007 is).</summary>
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
    public static IReadOnlyList<(string Number, bool Exact)> Find(string? text, IEnumerable<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var plain = Normalize(text);
        // Dashes, slashes and dots join the parts of a number; spaces and commas separate numbers.
        var runs = DigitRuns().Matches(Joiners().Replace((text ?? "").Normalize(NormalizationForm.FormKC), "")).Select(m => m.Value).Distinct().ToList();
        var found = new List<(string, bool)>();
        var fuzzy = new List<string>();
        foreach (var number in numbers.Distinct())
        {
            var n = Normalize(number);
            var digits = new string(n.Where(char.IsAsciiDigit).ToArray());
            if (n.Length >= 4 && plain.Contains(n, StringComparison.Ordinal) || digits.Length >= 5 && runs.Any(r => r == digits || r.Length > digits.Length && r.EndsWith(digits, StringComparison.Ordinal) && digits.Length >= 6))
                found.Add((number, true));
            else if (digits.Length >= 6 && runs.Any(r => r.Length == digits.Length && OneDigitApart(r, digits)))
                fuzzy.Add(number);
        }
        // A typo counts only when the text names no number exactly and the typo fits one number alone.
        if (found.Count == 0 && fuzzy.Count == 1) found.Add((fuzzy[0], false));
        return found;
    }

    /// <summary>The numbers one digit away from a number written in the text (what a typo of them would look like).</summary>
    public static IReadOnlyList<string> OneDigitAway(string? text, IEnumerable<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var runs = DigitRuns().Matches(Joiners().Replace((text ?? "").Normalize(NormalizationForm.FormKC), "")).Select(m => m.Value).Distinct().ToList();
        return numbers.Where(n => new string(Normalize(n).Where(char.IsAsciiDigit).ToArray()) is { Length: >= 6 } digits
            && runs.Any(r => r.Length == digits.Length && OneDigitApart(r, digits))).Distinct().ToList();
    }

    private static bool OneDigitApart(string a, string b) => a.Zip(b).Count(p => p.First != p.Second) == 1;

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRuns();

    [GeneratedRegex(@"(?<=\d)[-_/.](?=\d)")]
    private static partial Regex Joiners();
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
public sealed class CashMatcher(IReadOnlyList<KnownCustomer> customers, IReadOnlyList<OpenInvoice> invoices)
{
    private readonly ILookup<long, OpenInvoice> _byCustomer = invoices.OrderBy(i => i.DueDate).ThenBy(i => i.ItemId).ToLookup(i => i.CustomerId);
    private readonly Dictionary<string, long> _accounts = customers
        .SelectMany(c => c.Accounts.Select(a => (Account: RemittanceReferences.Normalize(a), c.CustomerId)))
        .Where(x => x.Account.Length > 0).GroupBy(x => x.Account).Where(g => g.Select(x => x.CustomerId).Distinct().Count() == 1)
        .ToDictionary(g => g.Key, g => g.First().CustomerId, StringComparer.Ordinal);

    public MatchProposal Match(BankLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Amount <= 0m) return MatchProposal.None(line.Amount);
        var reasons = new List<string>();
        var text = string.Join(" ", line.Details, line.EndToEndId, line.BankReference);

        // 1. Invoice numbers in the text.
        var named = RemittanceReferences.Find(text, invoices.Where(i => i.Currency == line.Currency).Select(i => i.Number));
        if (named.Count > 0)
        {
            var items = invoices.Where(i => i.Currency == line.Currency && named.Any(n => n.Number == i.Number)).ToList();
            // A typo can turn one invoice's number into another's: when the named invoices do not account for the
            // amount but exactly one invoice a digit away does, that one is meant.
            if (items.Sum(i => i.Open) != line.Amount && items.Sum(i => i.Open - i.DiscountOn(line.BookingDate)) != line.Amount)
            {
                var near = RemittanceReferences.OneDigitAway(text, invoices.Where(i => i.Currency == line.Currency).Select(i => i.Number)).ToHashSet(StringComparer.Ordinal);
                var meant = invoices.Where(i => i.Currency == line.Currency && near.Contains(i.Number) && i.Open == line.Amount).ToList();
                if (meant.Count == 1)
                    return new MatchProposal(meant[0].CustomerId, [new Allocation(meant[0].ItemId, line.Amount)], 0m, 0.95m, [MatchReasons.ReferenceTypo, MatchReasons.ExactAmount]);
            }
            var customer = items.Select(i => i.CustomerId).Distinct().ToList();
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
            var best = customers.Select(c => (c.CustomerId, Score: c.Names.Max(n => PayerNames.Similarity(n, line.CounterpartyName)))).OrderByDescending(x => x.Score).Take(2).ToList();
            // A name is enough only when it points at one customer clearly.
            if (best.Count > 0 && best[0].Score >= 0.85m && (best.Count == 1 || best[1].Score < best[0].Score))
                (who, confidence) = (best[0].CustomerId, best[0].Score == 1m ? 0.95m : 0.85m);
        }
        if (who is { } customerId)
        {
            reasons.Add(confidence >= 0.97m ? MatchReasons.Account : MatchReasons.Name);
            return Apply(customerId, _byCustomer[customerId].Where(i => i.Currency == line.Currency).ToList(), line, confidence, reasons, alsoOthers: true);
        }

        // 3. The amount alone: one open invoice in the whole book for exactly this amount.
        var exact = invoices.Where(i => i.Currency == line.Currency && i.Open == line.Amount).ToList();
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
