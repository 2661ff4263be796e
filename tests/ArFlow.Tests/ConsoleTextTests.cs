using System.Text.RegularExpressions;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>No words written straight into a page: every label, title and message of the console
/// comes from the resource files, so it exists in both languages.</summary>
public sealed partial class ConsoleTextTests
{
    // Names, not words: the product's name and each language's own name in the language menu.
    private static readonly HashSet<string> Allowed = ["ArFlow", "简体中文", "English"];

    [Fact]
    public void Pages_HaveNoHardCodedText()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(CliRunner.RepositoryRoot, "src", "ArFlow"), "*.razor", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        var found = new List<string>();
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            var markup = text[..(text.IndexOf("@code {", StringComparison.Ordinal) is var i and >= 0 ? i : text.Length)];
            markup = Directive().Replace(Comment().Replace(markup, ""), "");
            foreach (Match m in TextAttribute().Matches(markup))
                if (!m.Groups["value"].Value.StartsWith('@') && Words(m.Groups["value"].Value).Any())
                    found.Add($"{Path.GetFileName(page)}: {m.Value}");
            foreach (var line in TextNodes(markup).Split('\n').Select(l => l.Trim()))
            {
                if (line.Length == 0 || CSharpLine().IsMatch(line)) continue;
                foreach (var word in Words(line)) found.Add($"{Path.GetFileName(page)}: \"{word}\" in \"{line}\"");
            }
        }
        Assert.True(found.Count == 0, "Text not from the resource files:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheCheck_FindsAHardCodedWord()
    {
        // The check itself can fail: a label and a text node written in the page are both caught.
        Assert.Equal(["Overdue"], Words(TextNodes("<MudText Label=\"@(x => x == \"a\" ? 1 : 2)\">Overdue @T[\"x\"] @Fmt.Money(a?.B, c)</MudText>")));
        Assert.Matches(TextAttribute(), "<MudTextField Label=\"Search\" />");
    }

    /// <summary>The page's text outside tags and outside Razor expressions (@x.y, @T[…], @(…), @if (…)).
    /// Tags are skipped with their quoted attribute values, including lambdas inside them.</summary>
    private static string TextNodes(string markup)
    {
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (i < markup.Length)
        {
            var c = markup[i];
            if (c == '<' && i + 1 < markup.Length && (char.IsLetter(markup[i + 1]) || markup[i + 1] is '/' or '!'))
                i = SkipTag(markup, i);
            else if (c == '@' && i + 1 < markup.Length && markup[i + 1] != '@')
                i = SkipExpression(markup, i + 1);
            else
            {
                text.Append(c);
                i++;
            }
        }
        return text.ToString();
    }

    private static int SkipTag(string s, int i)
    {
        char? quote = null;
        for (i++; i < s.Length; i++)
        {
            if (s[i] == '@' && i + 1 < s.Length && s[i + 1] == '(') i = SkipBalanced(s, i + 1) - 1;
            else if (quote is null && s[i] is '"' or '\'') quote = s[i];
            else if (s[i] == quote) quote = null;
            else if (quote is null && s[i] == '>') return i + 1;
        }
        return i;
    }

    private static int SkipExpression(string s, int i)
    {
        if (i < s.Length && s[i] is '(' or '{') return SkipBalanced(s, i);
        while (i < s.Length)
        {
            if (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '!') i++;
            else if (s[i] is '.' or '?' && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] == '.')) i++;
            else if (s[i] is '(' or '[') i = SkipBalanced(s, i);
            else if (s[i] == ' ' && i + 1 < s.Length && s[i + 1] == '(') i = SkipBalanced(s, i + 1); // @if (…), @foreach (…)
            else break;
        }
        return i;
    }

    /// <summary>Past the bracket that closes the one at <paramref name="i"/>, ignoring brackets in strings.</summary>
    private static int SkipBalanced(string s, int i)
    {
        var (open, close) = s[i] switch { '(' => ('(', ')'), '[' => ('[', ']'), _ => ('{', '}') };
        var depth = 0;
        var quote = false;
        for (; i < s.Length; i++)
        {
            if (s[i] == '"' && s[i - 1] != '\\') quote = !quote;
            else if (!quote && s[i] == open) depth++;
            else if (!quote && s[i] == close && --depth == 0) return i + 1;
        }
        return i;
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value).Where(w => !Allowed.Contains(w));

    [GeneratedRegex(@"^\s*@(page|using|inject|attribute|layout|inherits|rendermode|implements|namespace)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(@(page|using|inject|attribute|layout|inherits|rendermode|implements|namespace)\b|@?(if|else|foreach|for|switch|case|default|var|return|break)\b|[{}]|//)")]
    private static partial Regex CSharpLine();

    [GeneratedRegex(@"\b(?:Label|Title|Text|HelperText|Placeholder|placeholder|aria-label|AriaLabel|alt)=""(?<value>[^""]*)""")]
    private static partial Regex TextAttribute();

    [GeneratedRegex(@"[A-Za-z]{2,}|[\u4e00-\u9fff]+")]
    private static partial Regex WordPattern();
}
