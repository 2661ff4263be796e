using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ArFlow.Domain.Statements;

/// <summary>Everything a customer's answer to a statement consists of, as it is sealed.</summary>
public sealed record ReplyFacts(
    string StatementNumber, string PdfSha256, string Kind, string SignerName, string? SignerPosition, byte[]? Signature,
    string? DisputedDocument, decimal? DisputedAmount, string? Reason, string? Comment, byte[]? File,
    DateTimeOffset At, string Ip, string UserAgent);

/// <summary>The SHA-256 that seals a reply: over the PDF as sent (by its own hash), the signature and
/// attached file (by theirs) and every other fact, each field length-prefixed so that no two different
/// replies can spell the same input. Anyone holding the archive can recompute it.</summary>
public static class ReplySeal
{
    private const string Version = "arflow-statement-reply-v1";

    public static string Compute(ReplyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        string?[] fields =
        [
            Version, facts.StatementNumber, facts.PdfSha256, facts.Kind, facts.SignerName, facts.SignerPosition,
            facts.Signature is null ? null : Hex(facts.Signature), facts.DisputedDocument,
            facts.DisputedAmount?.ToString("0.00##", CultureInfo.InvariantCulture), facts.Reason, facts.Comment,
            facts.File is null ? null : Hex(facts.File),
            facts.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), facts.Ip, facts.UserAgent,
        ];
        var text = new StringBuilder();
        foreach (var f in fields)
            text.Append(f is null ? "-1:" : string.Create(CultureInfo.InvariantCulture, $"{f.Length}:{f}")).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
