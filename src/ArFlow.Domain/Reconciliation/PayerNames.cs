using System.Text;

namespace ArFlow.Domain.Reconciliation;

/// <summary>Company names as payers write them on a transfer: 上海华东贸易有限公司, 华东贸易, 上海华东贸易有限公司北京分公司,
/// SHANGHAI EAST TRADING CO., LTD. — reduced to what identifies the company, and compared.</summary>
public static partial class PayerNames
{
    // Longest first: 股份有限公司 before 有限公司 before 公司.
    private static readonly string[] ChineseSuffixes =
        ["股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "股份公司", "集团", "公司", "商行", "厂", "店"];

    private static readonly string[] EnglishWords =
        ["CO", "COMPANY", "LTD", "LIMITED", "INC", "INCORPORATED", "CORP", "CORPORATION", "LLC", "PLC", "GMBH", "AG", "SA", "BV", "GROUP", "HOLDINGS", "THE", "AND"];

    /// <summary>A customer's name as payers may write it: the whole name, and its Chinese and its Latin
    /// part when it has both (上海华东贸易有限公司 Shanghai East Trading Co., Ltd.).</summary>
    public static IReadOnlyList<string> Variants(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = new List<string> { name };
        var chinese = string.Concat(CjkRuns().Matches(name).Select(m => m.Value));
        var latin = LatinPart().Match(name).Value.Trim();
        if (chinese.Length > 0 && chinese != name) names.Add(chinese);
        if (latin.Length >= 4 && latin != name) names.Add(latin);
        return names;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\u4E00-\u9FFF（）()]+")]
    private static partial System.Text.RegularExpressions.Regex CjkRuns();

    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z][A-Za-z0-9 .,&'()-]+$")]
    private static partial System.Text.RegularExpressions.Regex LatinPart();

    /// <summary>The part of a name that identifies the company: full-width forms folded, a branch
    /// (…分公司, …分行, …办事处) and what is in brackets dropped, the legal form dropped, spaces and
    /// punctuation gone, Latin letters upper-case.</summary>
    public static string Core(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var s = name.Normalize(NormalizationForm.FormKC).Trim();
        // A branch pays for its company: 上海华东贸易有限公司北京分公司 → 上海华东贸易有限公司.
        foreach (var branch in new[] { "分公司", "分行", "支行", "办事处", "分厂" })
        {
            var at = s.IndexOf(branch, StringComparison.Ordinal);
            var company = s.IndexOf("公司", StringComparison.Ordinal);
            if (at > 0 && company >= 0 && company + 2 < at) s = s[..(company + 2)];
        }
        s = Brackets(s);
        var b = new StringBuilder();
        foreach (var c in s)
            if (char.IsLetterOrDigit(c)) b.Append(char.ToUpperInvariant(c));
            else if (b.Length > 0 && b[^1] != ' ') b.Append(' ');
        var words = b.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !EnglishWords.Contains(w)).ToList();
        var joined = string.Concat(words);
        foreach (var suffix in ChineseSuffixes)
            if (joined.Length > suffix.Length + 1 && joined.EndsWith(suffix, StringComparison.Ordinal))
            {
                joined = joined[..^suffix.Length];
                break;
            }
        return joined;
    }

    /// <summary>How surely two names are the same company (0–1): 1 when their cores are equal; 0.85
    /// when one core holds the other and the shorter drops at most the place name in front (华东贸易 in
    /// 上海华东贸易); otherwise the share of the longer core's characters in a common run, halved.</summary>
    public static decimal Similarity(string? a, string? b)
    {
        var (x, y) = (Core(a), Core(b));
        if (x.Length == 0 || y.Length == 0) return 0m;
        if (x == y) return 1m;
        var (shorter, longer) = x.Length <= y.Length ? (x, y) : (y, x);
        var minimum = IsCjk(shorter) ? 2 : 4;
        if (shorter.Length >= minimum && longer.Contains(shorter, StringComparison.Ordinal)) return 0.85m;
        var run = LongestCommonRun(x, y);
        return run < minimum ? 0m : Math.Round((decimal)run / longer.Length / 2m, 3);
    }

    private static bool IsCjk(string s) => s.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    private static string Brackets(string s)
    {
        var b = new StringBuilder();
        var depth = 0;
        foreach (var c in s)
        {
            if (c is '(' or '（' or '[' or '【') depth++;
            else if (c is ')' or '）' or ']' or '】') depth = Math.Max(0, depth - 1);
            else if (depth == 0) b.Append(c);
        }
        return b.ToString();
    }

    private static int LongestCommonRun(string a, string b)
    {
        var best = 0;
        var previous = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            for (var j = 1; j <= b.Length; j++)
                if (a[i - 1] == b[j - 1]) best = Math.Max(best, current[j] = previous[j - 1] + 1);
            previous = current;
        }
        return best;
    }
}
