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
            markup = Comment().Replace(markup, "");
            foreach (Match m in TextAttribute().Matches(markup))
                if (!m.Groups["value"].Value.StartsWith('@') && Words(m.Groups["value"].Value).Any())
                    found.Add($"{Path.GetFileName(page)}: {m.Value}");
            var content = Tag().Replace(markup, " ");
            content = Expression().Replace(content, " ");
            foreach (var line in content.Split('\n').Select(l => l.Trim()))
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
        Assert.NotEmpty(Words(Expression().Replace(Tag().Replace("<MudText>Overdue @T[\"x\"]</MudText>", " "), " ")));
        Assert.Matches(TextAttribute(), "<MudTextField Label=\"Search\" />");
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value).Where(w => !Allowed.Contains(w));

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tag();

    // @T["…"], @Fmt.Money(…), @(…), @context.Code … (nested brackets one level deep)
    [GeneratedRegex(@"@(\((?:[^()]|\([^()]*\))*\)|[A-Za-z_][\w.]*(?:\[(?:[^\[\]]|\[[^\]]*\])*\]|\((?:[^()]|\([^()]*\))*\))*(?:\.[\w]+(?:\((?:[^()]|\([^()]*\))*\))?)*)")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^(@(page|using|inject|attribute|layout|inherits|rendermode|implements|namespace)\b|@?(if|else|foreach|for|switch|case|default|var|return|break)\b|[{}]|//)")]
    private static partial Regex CSharpLine();

    [GeneratedRegex(@"\b(?:Label|Title|Text|HelperText|Placeholder|placeholder|aria-label|AriaLabel|alt)=""(?<value>[^""]*)""")]
    private static partial Regex TextAttribute();

    [GeneratedRegex(@"[A-Za-z]{2,}|[\u4e00-\u9fff]+")]
    private static partial Regex WordPattern();
}
