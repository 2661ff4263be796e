using System.Globalization;
using System.Text.Json;
using ArFlow.Infrastructure;
using ArFlow.Shell;

namespace ArFlow.Features.Approvals;

/// <summary>What a request would change, as rows an approver reads side by side: for a posting, the
/// document it posts and each item's open amount before and after; for other changes, each field.
/// The bookkeeping that makes a request go stale (versions, ids) is left out.</summary>
public static class ApprovalChangeRows
{
    public sealed record Row(string Label, string Before, string After)
    {
        public bool Changes => Before != After;
    }

    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "version", "itemId", "rateToBase", "currency", "taken", "installments" };

    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["creditLimit"] = "field.credit-limit", ["defaultTerms"] = "field.terms", ["user"] = "field.user", ["roles"] = "field.roles",
        ["status"] = "field.status", ["contract"] = "field.number", ["title"] = "contract.title", ["total"] = "contract.total",
        ["signedDate"] = "contract.signed", ["grade"] = "field.grade", ["nextReview"] = "field.next-review", ["score"] = "field.score",
        ["note"] = "field.note",
    };

    public static IReadOnlyList<Row> Of(ApprovalDto request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Before.TryGetProperty("items", out var before) && request.After.TryGetProperty("items", out var after)
            ? Posting(request.After, before, after)
            : Fields(request.Before, request.After);
    }

    private static List<Row> Posting(JsonElement whole, JsonElement before, JsonElement after)
    {
        var rows = new List<Row>();
        if (whole.TryGetProperty("document", out var doc))
        {
            var currency = doc.GetProperty("currency").GetString()!;
            var posts = Text.Ui("approval.posts", Text.Ui("kind." + doc.GetProperty("kind").GetString()),
                Fmt.Money(doc.GetProperty("amount").GetDecimal(), currency), doc.GetProperty("documentDate").GetString());
            rows.Add(new Row(Text.Ui("approval.document"), "", posts));
        }
        var opens = after.EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetInt64(), i => i.GetProperty("open").GetDecimal());
        foreach (var item in before.EnumerateArray())
        {
            var currency = item.GetProperty("currency").GetString()!;
            var id = item.GetProperty("itemId").GetInt64();
            var number = item.GetProperty("number").GetString() ?? $"#{id}";
            rows.Add(new Row(Text.Ui("approval.item-open", number), Fmt.Money(item.GetProperty("open").GetDecimal(), currency),
                opens.TryGetValue(id, out var open) ? Fmt.Money(open, currency) : ""));
        }
        return rows;
    }

    private static List<Row> Fields(JsonElement before, JsonElement after)
    {
        var names = Names(before).Concat(Names(after)).Distinct().Where(n => !Hidden.Contains(n));
        var currency = after.TryGetProperty("currency", out var c) ? c.GetString() : null;
        var rows = names.Select(n => new Row(
            FieldLabels.TryGetValue(n, out var key) ? Text.Ui(key) : n,
            Show(before, n, currency), Show(after, n, currency))).ToList();
        // A contract's plan: one row per installment.
        if (after.ValueKind == JsonValueKind.Object && after.TryGetProperty("installments", out var plan) && currency is not null)
            rows.AddRange(plan.EnumerateArray().Select(i => new Row(
                $"{Text.Ui("contract.installment")} {i.GetProperty("sequence").GetInt32()}", "",
                $"{i.GetProperty("dueDate").GetString()} · {Fmt.Money(i.GetProperty("amount").GetDecimal(), currency)}")));
        return rows;
    }

    private static IEnumerable<string> Names(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name) : [];

    private static string Show(JsonElement owner, string name, string? currency)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var v)) return "";
        return v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.Array => string.Join(", ", v.EnumerateArray().Select(x => x.ToString())),
            JsonValueKind.Number when currency is not null => Fmt.Money(v.GetDecimal(), currency),
            JsonValueKind.Number => v.GetDecimal().ToString("N2", CultureInfo.CurrentCulture),
            JsonValueKind.String when name == "status" => Text.Ui("status." + v.GetString()),
            _ => v.ToString(),
        };
    }
}
