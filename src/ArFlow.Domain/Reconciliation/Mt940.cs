using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Reconciliation;

/// <summary>SWIFT MT940 statements and MT942 interim reports, as banks really write them: header
/// lines and control characters before the first field, fields running over several lines, statements
/// ended by "-" or by the next :20:, balances 60F/60M and 62F/62M, entries (:61:) with their
/// supplementary line and details (:86:) in free text, SWIFT structured (/NAME/…/REMI/…) or German
/// ?20–?33 sub-fields. Anything unreadable is an error naming the line and the field; nothing is
/// half-read.</summary>
public static partial class Mt940
{
    private sealed class Field(string tag, int line)
    {
        public string Tag { get; } = tag;
        public int Line { get; } = line;
        public List<string> Lines { get; } = [];
        public string Text => string.Join("\n", Lines);
    }

    private sealed class Draft
    {
        public string? Id, Sequence, Account, Currency;
        public BankBalance? Opening, Closing;
        public bool Interim;
        public int FirstLine;
        public List<BankLine> Lines { get; } = [];
        public (Field Entry, List<Field> Details)? Pending;
    }

    public static Result<IReadOnlyList<BankStatement>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<DomainError>();
        var statements = new List<BankStatement>();
        Draft? draft = null;
        foreach (var field in Fields(text))
        {
            switch (field.Tag)
            {
                case "20":
                    if (draft is not null) Close(draft, statements, errors, field.Line);
                    draft = new Draft { Id = field.Text.Trim(), FirstLine = field.Line };
                    break;
                case "-":
                    if (draft is not null) Close(draft, statements, errors, field.Line);
                    draft = null;
                    break;
                default:
                    if (draft is null)
                    {
                        // Fields before the first :20: are a header (940, the sender's BIC…) unless they are the statement's own.
                        if (field.Tag is "25" or "60F" or "60M" or "61" or "62F" or "62M") errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(field.Line), ":20:"));
                        continue;
                    }
                    Apply(draft, field, errors);
                    break;
            }
        }
        if (draft is not null) Close(draft, statements, errors, int.MaxValue);
        if (errors.Count == 0 && statements.Count == 0) errors.Add(new DomainError(ErrorCodes.BankNoStatement, Where(1)));
        return errors.Count > 0 ? Result<IReadOnlyList<BankStatement>>.Fail(errors) : statements;
    }

    private static string Where(int line) => line == int.MaxValue ? "end" : $"line {line}";

    /// <summary>The file cut into fields: a line starting ":tag:" opens one, every other line continues it, "-" closes a statement.</summary>
    private static IEnumerable<Field> Fields(string text)
    {
        Field? current = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripControl(lines[i]);
            var tag = TagPattern().Match(line);
            if (tag.Success)
            {
                if (current is not null) yield return current;
                current = new Field(tag.Groups[1].Value, i + 1);
                current.Lines.Add(line[tag.Length..]);
            }
            else if (line.Trim() is "-" or "-}" || line.StartsWith("-}", StringComparison.Ordinal))
            {
                if (current is not null) yield return current;
                current = null;
                yield return new Field("-", i + 1);
            }
            else if (current is not null && line.Length > 0) current.Lines.Add(line);
        }
        if (current is not null) yield return current;
    }

    private static string StripControl(string line)
    {
        var b = new StringBuilder(line.Length);
        foreach (var c in line)
            if (!char.IsControl(c)) b.Append(c);
        // SWIFT blocks: "{4:" opens the text block on a line of its own or before the first field.
        var s = b.ToString();
        var block = s.IndexOf("{4:", StringComparison.Ordinal);
        return block >= 0 ? s[(block + 3)..] : s;
    }

    private static void Apply(Draft d, Field f, List<DomainError> errors)
    {
        switch (f.Tag)
        {
            case "25":
                d.Account = f.Text.Trim();
                break;
            case "28" or "28C":
                d.Sequence = f.Text.Trim();
                break;
            case "60F" or "60M":
                d.Opening = Balance(f, errors);
                d.Currency ??= d.Opening?.Currency;
                break;
            case "62F" or "62M":
                d.Closing = Balance(f, errors);
                break;
            case "34F" or "13D" or "90C" or "90D":
                d.Interim = true;
                if (f.Tag == "34F" && f.Text.Length >= 3) d.Currency ??= f.Text[..3];
                break;
            case "61":
                Flush(d, errors);
                d.Pending = (f, []);
                break;
            case "86":
                // Some banks write the details as several :86: fields.
                d.Pending?.Details.Add(f);
                break;
        }
    }

    private static void Close(Draft d, List<BankStatement> statements, List<DomainError> errors, int line)
    {
        Flush(d, errors);
        if (d.Account is null) errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(d.FirstLine), ":25:"));
        // A statement that opens with a balance must close with one; one that ends early was cut off.
        if (d.Opening is not null && d.Closing is null) errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(line), ":62F:"));
        if (d.Opening is null && !d.Interim && (d.Closing is not null || d.Lines.Count > 0)) errors.Add(new DomainError(ErrorCodes.BankMissingField, Where(d.FirstLine), ":60F:"));
        var currency = d.Currency ?? d.Closing?.Currency ?? d.Lines.FirstOrDefault()?.Currency ?? "";
        statements.Add(new BankStatement(d.Interim ? "mt942" : "mt940", d.Id, d.Sequence, d.Account ?? "", currency, d.Opening, d.Closing,
            d.Lines.Select(l => l with { Currency = currency }).ToList()));
    }

    private static BankBalance? Balance(Field f, List<DomainError> errors)
    {
        var m = BalancePattern().Match(f.Text.Trim());
        if (m.Success && Date(m.Groups["date"].Value) is { } date && Amount(m.Groups["amount"].Value) is { } amount)
            return new BankBalance(date, m.Groups["dc"].Value == "D" ? -amount : amount, m.Groups["ccy"].Value);
        errors.Add(new DomainError(ErrorCodes.BankBadField, Where(f.Line), ":" + f.Tag + ":", f.Text.Trim()));
        return null;
    }

    private static void Flush(Draft d, List<DomainError> errors)
    {
        if (d.Pending is not { } p) return;
        d.Pending = null;
        var first = p.Entry.Lines[0].Trim();
        var m = EntryPattern().Match(first);
        if (!m.Success || Date(m.Groups["value"].Value) is not { } value || Amount(m.Groups["amount"].Value) is not { } amount)
        {
            errors.Add(new DomainError(ErrorCodes.BankBadField, Where(p.Entry.Line), ":61:", first));
            return;
        }
        var booking = value;
        if (m.Groups["entry"].Success)
        {
            var month = int.Parse(m.Groups["entry"].Value[..2], CultureInfo.InvariantCulture);
            var day = int.Parse(m.Groups["entry"].Value[2..], CultureInfo.InvariantCulture);
            // The entry date has no year: the value date's, across a new year either way.
            var year = value.Year + (month == 1 && value.Month == 12 ? 1 : month == 12 && value.Month == 1 ? -1 : 0);
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                errors.Add(new DomainError(ErrorCodes.BankBadField, Where(p.Entry.Line), ":61:", first));
                return;
            }
            booking = new DateOnly(year, month, day);
        }
        var mark = m.Groups["mark"].Value;
        var signed = mark is "D" or "RC" ? -amount : amount;
        var rest = m.Groups["rest"].Value;
        var references = rest.Split("//", 2);
        var supplementary = p.Entry.Lines.Count > 1 ? string.Join(" ", p.Entry.Lines.Skip(1).Select(l => l.Trim())) : null;
        var details = string.Join("\n", p.Details.Select(x => x.Text));
        var (name, account, endToEnd, remittance) = Structured(details);
        d.Lines.Add(new BankLine(p.Entry.Line, value, booking, signed, "", remittance ?? details.Trim(),
            name, account, endToEnd ?? NullIfNone(references[0].Trim()), references.Length > 1 ? NullIfNone(references[1].Trim()) : NullIfNone(supplementary),
            m.Groups["type"].Value, mark.StartsWith('R')));
    }

    private static string? NullIfNone(string? s) => string.IsNullOrWhiteSpace(s) || s == "NONREF" ? null : s;

    /// <summary>The counterparty and references in the two structured forms of :86: (else none): SWIFT's
    /// /CODE/value segments and the German ?nn sub-fields. Lines of 65 characters break words, so they
    /// are joined without a separator first.</summary>
    private static (string? Name, string? Account, string? EndToEnd, string? Remittance) Structured(string details)
    {
        var joined = details.Replace("\n", "", StringComparison.Ordinal);
        if (GermanPattern().IsMatch(joined))
        {
            var parts = GermanPattern().Matches(joined).GroupBy(x => int.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture))
                .ToDictionary(g => g.Key, g => string.Concat(g.Select(x => x.Groups[2].Value)));
            string Sub(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(k => parts.GetValueOrDefault(k, "")));
            // The purpose (?20–?29) carries SEPA keys (EREF+, SVWZ+, MTLG: …), each running on until the next key.
            var keyed = new Dictionary<string, string>(StringComparer.Ordinal);
            var key = "";
            foreach (var k in Enumerable.Range(20, 10).Where(parts.ContainsKey))
            {
                var part = parts[k];
                if (SepaKeyPattern().Match(part) is { Success: true } found) (key, part) = (found.Groups[1].Value, part[found.Length..]);
                keyed[key] = keyed.GetValueOrDefault(key, "") + part;
            }
            var purpose = Sub(20, 29).Trim();
            return (NullIfNone(Sub(32, 33).Trim()), NullIfNone(parts.GetValueOrDefault(31)?.Trim()), keyed.TryGetValue("EREF", out var end) ? NullIfNone(end.Trim()) : null,
                keyed.TryGetValue("SVWZ", out var svwz) ? svwz.Trim() : purpose.Length > 0 ? purpose : null);
        }
        if (joined.StartsWith('/') && SwiftPattern().IsMatch(joined))
        {
            var segments = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match s in SwiftPattern().Matches(joined)) segments.TryAdd(s.Groups[1].Value, s.Groups[2].Value.Trim());
            return (NullIfNone(segments.GetValueOrDefault("NAME")), NullIfNone(segments.GetValueOrDefault("IBAN") ?? segments.GetValueOrDefault("ACCW")),
                NullIfNone(segments.GetValueOrDefault("EREF")), NullIfNone(segments.GetValueOrDefault("REMI")?.Trim('/')));
        }
        return (null, null, null, null);
    }

    private static DateOnly? Date(string yymmdd)
    {
        if (yymmdd.Length != 6 || !int.TryParse(yymmdd, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return null;
        var yy = int.Parse(yymmdd[..2], CultureInfo.InvariantCulture);
        var year = yy > 79 ? 1900 + yy : 2000 + yy;
        return DateOnly.TryParseExact($"{year}{yymmdd[2..]}", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>SWIFT amounts: digits with a decimal comma (which may end the number: "500,"; some banks leave it out).</summary>
    private static decimal? Amount(string s) =>
        s.Count(c => c == ',') <= 1 && decimal.TryParse(s.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a) ? a : null;

    [GeneratedRegex(@"^:(\d{2}[A-Z]?|NS):")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?<dc>[CD])(?<date>\d{6})(?<ccy>[A-Z]{3})(?<amount>[\d,]{1,20})$")]
    private static partial Regex BalancePattern();

    /// <summary>:61: value date, optional entry date (MMDD), mark (C, D, RC, RD), optional funds code, amount, type (e.g. NTRF), references.</summary>
    [GeneratedRegex(@"^(?<value>\d{6})(?<entry>\d{4})?(?<mark>RC|RD|C|D)(?<funds>[A-Z])?(?<amount>\d[\d,]{0,19})(?<type>[A-Z][A-Z0-9 ]{3})(?<rest>.*)$")]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"\?(\d{2})([^?]*)")]
    private static partial Regex GermanPattern();

    [GeneratedRegex(@"^([A-Z]{4})[+:]")]
    private static partial Regex SepaKeyPattern();

    [GeneratedRegex(@"/([A-Z]{4})/(.*?)(?=/[A-Z]{4}/|$)")]
    private static partial Regex SwiftPattern();
}
