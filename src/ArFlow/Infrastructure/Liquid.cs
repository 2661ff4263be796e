using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;

namespace ArFlow.Infrastructure;

/// <summary>Liquid templates that people write (reminders, an SMS gateway's request body), through
/// Scriban's Liquid mode: a sandbox that sees only the values given (dictionaries, lists, text and
/// numbers — no .NET object, no include, nothing that reaches a file or the network), with loop,
/// recursion and output limits so a template cannot run away. Parsed templates are kept by their text.</summary>
public static class Liquid
{
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    /// <summary>Null when the text is a template, else the parser's messages.</summary>
    public static string? ParseError(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var template = Template.ParseLiquid(text);
        return template.HasErrors ? string.Join("; ", template.Messages.Select(m => m.ToString())) : null;
    }

    public static string Render(string? text, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrEmpty(text)) return "";
        var template = Parsed.GetOrAdd(text, t => Template.ParseLiquid(t) is { HasErrors: false } parsed
            ? parsed : throw new InvalidOperationException("A saved template does not parse: " + ParseError(t)));
        var globals = new ScriptObject();
        foreach (var (name, value) in values) globals[name] = value;
        var context = new LiquidTemplateContext { LoopLimit = 10_000, RecursiveLimit = 20, LimitToString = 100_000, EnableRelaxedMemberAccess = true };
        context.PushGlobal(globals);
        return template.Render(context);
    }
}
