using System.Globalization;
using System.Text.RegularExpressions;
using ArFlow.Domain.Errors;

namespace ArFlow.Domain.Reconciliation;

/// <summary>Which column of a bank's spreadsheet export holds what (columns named by their header).
/// The amount is either one signed column, or one unsigned column with a direction column (收/支),
/// or a credit and a debit column. <see cref="Details"/> are joined into the remittance text.
/// <see cref="Balance"/>: the running balance after each row, from which the opening and closing
/// balances are read. Rows whose <see cref="StatusColumn"/> holds one of <see cref="SkipStatuses"/>
/// (a payment that was closed) are left out. <see cref="SplitAccount"/>: the counterparty column
/// ends with the counterparty's account number (招商银行's 对手信息).</summary>
public sealed record TabularMapping(
    string Name, string Date, string? Amount = null, string? Credit = null, string? Debit = null, string? Direction = null,
    string? CurrencyColumn = null, string Currency = "CNY", string? Counterparty = null, string? Account = null,
    IReadOnlyList<string>? Details = null, string? Reference = null, string? Balance = null,
    string? StatusColumn = null, IReadOnlyList<string>? SkipStatuses = null, bool SplitAccount = false)
{
    /// <summary>The exports of the banks and wallets ArFlow knows: ICBC, CMB, BOC, ABC, Alipay, WeChat Pay.</summary>
    public static readonly IReadOnlyList<TabularMapping> Shipped =
    [
        new("icbc", "交易日期", Credit: "记账金额(收入)", Debit: "记账金额(支出)", CurrencyColumn: "记账币种", Counterparty: "对方户名", Account: "对方账户",
            Details: ["摘要", "交易详情", "交易场所"]),
        new("cmb", "记账日期", Amount: "交易金额", CurrencyColumn: "货币", Counterparty: "对手信息", Details: ["交易摘要", "客户摘要"], Balance: "联机余额", SplitAccount: true),
        new("boc", "记账日期", Amount: "金额", CurrencyColumn: "币别", Counterparty: "对方账户名", Account: "对方卡号/账号", Details: ["交易名称", "附言"], Balance: "余额"),
        new("abc", "交易日期", Amount: "交易金额", Counterparty: "对手信息", Details: ["交易摘要", "交易附言"], Reference: "日 志 号", Balance: "本次余额"),
        new("alipay", "交易时间", Amount: "金额", Direction: "收/支", Counterparty: "交易对方", Account: "对方账号", Details: ["商品说明"],
            StatusColumn: "交易状态", SkipStatuses: ["交易关闭"]),
        new("wechat", "交易时间", Amount: "金额(元)", Direction: "收/支", Counterparty: "交易对方", Details: ["商品", "备注"], Reference: "交易单号"),
    ];

    /// <summary>The mapping (of <paramref name="mappings"/>, else the shipped ones) whose columns a header row has: the one naming the most of them.</summary>
    public static TabularMapping? Detect(IEnumerable<IReadOnlyList<string>> rows, IEnumerable<TabularMapping>? mappings = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var candidates = (mappings ?? Shipped).ToList();
        foreach (var row in rows.Take(40))
        {
            var cells = row.Select(TabularStatement.Clean).ToHashSet(StringComparer.Ordinal);
            var found = candidates.Where(m => m.Columns().All(cells.Contains)).MaxBy(m => m.Columns().Count());
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>What a mapping a person defined must have: a name of its own, a date column, and either
    /// one amount column or a credit and a debit column. Fields named as the API spells them.</summary>
    public IReadOnlyList<DomainError> Problems(string at)
    {
        var problems = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 40) problems.Add(new DomainError(ErrorCodes.Required, at + ".name"));
        else if (Shipped.Any(m => string.Equals(m.Name, Name, StringComparison.OrdinalIgnoreCase))) problems.Add(new DomainError(ErrorCodes.Duplicate, at + ".name", Name));
        if (string.IsNullOrWhiteSpace(Date)) problems.Add(new DomainError(ErrorCodes.Required, at + ".date"));
        if (string.IsNullOrWhiteSpace(Amount) && (string.IsNullOrWhiteSpace(Credit) || string.IsNullOrWhiteSpace(Debit))) problems.Add(new DomainError(ErrorCodes.Required, at + ".amount"));
        if (!string.IsNullOrWhiteSpace(Currency) && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))) problems.Add(new DomainError(ErrorCodes.UnknownCurrency, at + ".currency", Currency));
        return problems;
    }

    internal IEnumerable<string> Columns() =>
        new[] { Date, Amount, Credit, Debit, Direction, CurrencyColumn, Counterparty, Account, Reference, Balance, StatusColumn }
            .Concat(Details ?? []).OfType<string>();
}

/// <summary>A bank's spreadsheet export (CSV, .xlsx, .xls — already read into rows of text) turned
/// into a statement by a <see cref="TabularMapping"/>: the header row is found wherever it is (banks
/// put a title, the card number and a period above it), padded cells are trimmed, "-" and "/" are
/// empty, amounts may carry ¥, thousands separators and a sign, dates come as 2026-07-01, 20260701
/// or 2026/7/1 with or without a time. A row with a date that cannot be read, or an amount that
/// cannot, is an error naming its line and column; rows without a date (totals, notes) end a block.</summary>
public static partial class TabularStatement
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d", "yyyy-M-d", "yyyy.MM.dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-dd HH:mm"];

    private static readonly Dictionary<string, string> Currencies = new(StringComparer.Ordinal)
    {
        ["人民币"] = "CNY", ["人民币元"] = "CNY", ["美元"] = "USD", ["欧元"] = "EUR", ["港币"] = "HKD", ["港元"] = "HKD", ["日元"] = "JPY", ["英镑"] = "GBP",
    };

    private static readonly HashSet<string> CreditWords = new(StringComparer.OrdinalIgnoreCase) { "收入", "收", "贷", "贷方", "入账", "C", "CR", "CRDT", "Credit" };
    private static readonly HashSet<string> DebitWords = new(StringComparer.OrdinalIgnoreCase) { "支出", "支", "借", "借方", "出账", "D", "DR", "DBIT", "Debit" };

    /// <summary>A cell as the person sees it: without padding (tabs, full-width spaces) and with the placeholders banks write for "nothing".</summary>
    public static string Clean(string? cell)
    {
        var s = (cell ?? "").Trim().Trim('\t', '\u3000', '"', '\'', '=').Trim();
        return s is "/" or "—" || s.Trim('-').Length == 0 ? "" : s;
    }

    public static Result<BankStatement> Parse(IReadOnlyList<IReadOnlyList<string>> rows, TabularMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(mapping);
        var header = -1;
        for (var i = 0; i < rows.Count && header < 0; i++)
            if (rows[i].Any(c => Clean(c) == mapping.Date)) header = i;
        if (header < 0) return new DomainError(ErrorCodes.BankMissingField, "line 1", mapping.Date);
        var names = rows[header].Select(Clean).ToList();
        var errors = new List<DomainError>();
        int? Column(string? name)
        {
            if (name is null) return null;
            var at = names.IndexOf(name);
            if (at < 0) errors.Add(new DomainError(ErrorCodes.BankMissingField, $"line {header + 1}", name));
            return at < 0 ? null : at;
        }
        var date = Column(mapping.Date)!.Value;
        var (amount, credit, debit, direction) = (Column(mapping.Amount), Column(mapping.Credit), Column(mapping.Debit), Column(mapping.Direction));
        var (currency, counterparty, account, reference, balance, status) =
            (Column(mapping.CurrencyColumn), Column(mapping.Counterparty), Column(mapping.Account), Column(mapping.Reference), Column(mapping.Balance), Column(mapping.StatusColumn));
        var details = (mapping.Details ?? []).Select(Column).ToList();
        if (mapping.Amount is null && (mapping.Credit is null || mapping.Debit is null)) errors.Add(new DomainError(ErrorCodes.Required, "amount"));
        if (errors.Count > 0) return Result<BankStatement>.Fail(errors);

        var lines = new List<(BankLine Line, decimal? Balance)>();
        string Cell(IReadOnlyList<string> row, int? at) => at is { } i && i < row.Count ? Clean(row[i]) : "";
        for (var i = header + 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"line {i + 1}";
            var day = Cell(row, date);
            if (day == mapping.Date) continue; // the header again, at the top of a second block
            var money = amount is not null ? Cell(row, amount) : Cell(row, credit) + Cell(row, debit);
            if (!DateTime.TryParseExact(day, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
            {
                // A row without a date and without an amount is a total, a note or a separator.
                if (day.Length == 0 || money.Length == 0 || ParseAmount(money) is null) continue;
                errors.Add(new DomainError(ErrorCodes.BankBadField, where, mapping.Date, day));
                continue;
            }
            if (status is not null && (mapping.SkipStatuses ?? []).Contains(Cell(row, status))) continue;
            decimal? value;
            if (amount is not null)
            {
                value = ParseAmount(Cell(row, amount));
                if (value is { } v && direction is not null)
                    value = DebitWords.Contains(Cell(row, direction)) ? -Math.Abs(v) : CreditWords.Contains(Cell(row, direction)) ? Math.Abs(v) : v;
            }
            else
            {
                var (c, d) = (Cell(row, credit), Cell(row, debit));
                value = c.Length > 0 && ParseAmount(c) is { } ca && ca != 0m ? ca : d.Length > 0 && ParseAmount(d) is { } da ? -Math.Abs(da) : c.Length > 0 ? ParseAmount(c) : null;
            }
            if (value is null)
            {
                errors.Add(new DomainError(ErrorCodes.BankBadField, where, mapping.Amount ?? mapping.Credit!, money));
                continue;
            }
            var ccy = currency is null ? mapping.Currency : Cell(row, currency) is { Length: > 0 } named ? Currencies.GetValueOrDefault(named, named) : mapping.Currency;
            var (name, number) = (Cell(row, counterparty), Cell(row, account));
            if (mapping.SplitAccount && AccountAtEnd().Match(name) is { Success: true } tail)
                (name, number) = (name[..tail.Index].Trim(), tail.Groups[1].Value);
            var text = string.Join(" ", details.Select(d => Cell(row, d)).Where(s => s.Length > 0).Distinct());
            var balanceText = Cell(row, balance);
            lines.Add((new BankLine(i + 1, DateOnly.FromDateTime(when), DateOnly.FromDateTime(when), value.Value, ccy, text,
                name.Length > 0 ? name : null, number.Length > 0 ? number : null, BankReference: Cell(row, reference) is { Length: > 0 } r ? r : null),
                balanceText.Length > 0 ? ParseAmount(balanceText) : null));
        }
        if (errors.Count > 0) return Result<BankStatement>.Fail(errors);
        if (lines.Count == 0) return new DomainError(ErrorCodes.BankNoStatement, $"line {header + 1}");

        // Exports list newest first or oldest first: the balances are read in the order of time.
        var ordered = lines[0].Line.BookingDate > lines[^1].Line.BookingDate ? Enumerable.Reverse(lines).ToList() : lines;
        BankBalance? opening = null, closing = null;
        if (balance is not null && lines.All(l => l.Balance is not null))
        {
            var (first, last) = (ordered[0], ordered[^1]);
            opening = new BankBalance(first.Line.BookingDate, first.Balance!.Value - first.Line.Amount, first.Line.Currency);
            closing = new BankBalance(last.Line.BookingDate, last.Balance!.Value, last.Line.Currency);
        }
        return new BankStatement("csv:" + mapping.Name, null, null, "", lines[0].Line.Currency, opening, closing, ordered.Select(l => l.Line).ToList());
    }

    /// <summary>An amount as exports write it: ¥1,234.50, +10000.00, -1,000.00, (12.00), 1 234,50 is not one.</summary>
    public static decimal? ParseAmount(string text)
    {
        var s = text.Replace("¥", "", StringComparison.Ordinal).Replace("￥", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)
            .Replace("元", "", StringComparison.Ordinal).Trim();
        var negative = s.StartsWith('(') && s.EndsWith(')');
        if (negative) s = s[1..^1];
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? negative ? -v : v : null;
    }

    [GeneratedRegex(@"\s*(\d{6,})$")]
    private static partial Regex AccountAtEnd();
}
