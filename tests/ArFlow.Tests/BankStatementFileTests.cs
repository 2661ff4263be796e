using System.Globalization;
using System.Text;
using ArFlow.Domain.Reconciliation;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The real bank statements other projects publish (../shared/data/bank, described in its
/// README), read as they are: each file's movements, their sum, its accounts and balances, and which
/// statements add up — the anonymised ones do not, and are read anyway. Skipped, saying so, where
/// that folder is absent.</summary>
public class BankStatementFileTests
{
    private static readonly string Folder = Path.Combine(CliRunner.RepositoryRoot, "..", "shared", "data", "bank");

    /// <summary>UTF-8 when the bytes are UTF-8, else Latin-1 (the older European exports).</summary>
    private static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }

    public static TheoryData<string, int, string, string, string, string, int> Mt940Files => new()
    {
        // file, movements, their sum, an account, an opening and a closing balance among the statements, statements that do not add up
        { "abnamro.sta", 10, "-345.93", "517852257", "3236.28", "876.84", 2 },
        { "ing.sta", 7, "-45.59", "0001234567", "0.00", "3.47", 1 },
        { "knab.sta", 3, "-6260", "123456789", "3058.98", "798.98", 1 },
        { "rabobank.sta", 5, "-1589.09", "1526.89.184EUR", "4196.12", "4101.82", 2 },
        { "rabobank-iban.sta", 4, "-70.00", "NL71RABO0123456789", "965.00", "930.00", 0 },
        { "postfinance.sta", 4, "159.40", "123456789", "0", "159.6", 1 },
        { "triodos.sta", 2, "-715.70", "TRIODOSBANK/0390123456", "4975.09", "4370.79", 1 },
        { "sns.sta", 2, "-25.00", "", "1234.56", "1209.56", 0 },
        // wolph/mt940 sums −9,268,316.38: it counts the two RC entries (reversal of a credit) as credits. SWIFT makes them
        // debits, and only then do the statements add up (60F D 1,234,718.36 … 62F D 1,237,628.23), as all 26 do here.
        { "sepa_mt9401.sta", 97, "-9269135.90", "", "0", "50.05", 0 },
        { "sepa_snippet.sta", 11, "-2143323.39", "", "-1970431.87", "-4472049.09", 1 },
        { "with_binary_character.sta", 4, "-179066.75", "", "130073.19", "131193.19", 0 },
        { "cmxl_mt940.sta", 16, "12327.30", "BPHKPLPK/320000546101", "40000.00", "50040.00", 0 },
        { "mBank_mt940.sta", 3, "0.03", "PL29114010810000267002001002", "0.40", "0.43", 0 },
        { "raiffeisen-cmi.sta", 7, "-1012213.50", "", "25170637.10", "25281687.60", 1 },
        { "malformed_details.sta", 1, "-233.15", "", "12345.12", "12345.98", 1 },
        { "171011_01234945.sta", 3, "-9437.00", "", "627311.30", "617874.30", 0 },
    };

    [Theory]
    [MemberData(nameof(Mt940Files))]
    public void Mt940_FromOtherProjects_IsReadAsTheirTestsSay(string file, int movements, string sum, string account, string opening, string closing, int notAddingUp)
    {
        var path = Path.Combine(Folder, "mt940", file);
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var parsed = Mt940.Parse(Read(path));
        Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Errors));
        var statements = parsed.Value!;
        static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
        Assert.Equal((movements, D(sum)), (statements.Sum(s => s.Lines.Count), statements.Sum(s => s.Lines.Sum(l => l.Amount))));
        if (account.Length > 0) Assert.Contains(statements, s => s.Account == account);
        Assert.Contains(statements, s => s.Opening?.Amount == D(opening));
        Assert.Contains(statements, s => s.Closing?.Amount == D(closing));
        Assert.Equal(notAddingUp, statements.Count(s => !s.AddsUp));
    }

    [Theory]
    [InlineData("mBank_mt942.sta", 3, "0.03")]
    [InlineData("selfprovided_mt942.sta", 1, "-0.42")]
    public void Mt942_InterimReports_HaveMovementsWithoutBalances(string file, int movements, string sum)
    {
        var path = Path.Combine(Folder, "mt940", file);
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var parsed = Mt940.Parse(Read(path));
        Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Errors));
        var lines = parsed.Value!.SelectMany(s => s.Lines).ToList();
        Assert.Equal((movements, decimal.Parse(sum, CultureInfo.InvariantCulture)), (lines.Count, lines.Sum(l => l.Amount)));
        Assert.All(parsed.Value!, s => Assert.Equal("mt942", s.Format));
    }

    [Fact]
    public void Mt940_RemittanceFields_NameTheCounterpartyAndTheInvoices()
    {
        var path = Path.Combine(Folder, "mt940", "rabobank-iban.sta");
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var line = Mt940.Parse(Read(path)).Value!.SelectMany(s => s.Lines).First(l => l.CounterpartyName == "JOHN DOE");
        Assert.Equal(("Reference 201301234", -10.00m, "EUR"), (line.Details, line.Amount, line.Currency));
        var knab = Mt940.Parse(Read(Path.Combine(Folder, "mt940", "knab.sta"))).Value!.SelectMany(s => s.Lines).Single(l => l.Amount == -7260m);
        Assert.Contains("FACTUUR 201403110, 201403113", knab.Details, StringComparison.Ordinal);
        var sepa = Mt940.Parse(Read(Path.Combine(Folder, "mt940", "sepa_mt9401.sta"))).Value!.SelectMany(s => s.Lines).First();
        Assert.Equal(("TFNR 40005 00005", true), (sepa.EndToEndId, sepa.Details.Contains("Reject aus SEPA", StringComparison.Ordinal)));
    }

    private static IReadOnlyList<BankStatement> Camt(string file)
    {
        var path = Path.Combine(Folder, "camt", file);
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var parsed = Domain.Reconciliation.Camt.Parse(Read(path));
        Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Errors));
        return parsed.Value!;
    }

    [Theory]
    [InlineData("camt053.v2.minimal.xml")]
    [InlineData("camt053.v3.xml")]
    [InlineData("camt053.v4.xml")]
    [InlineData("camt053.v8.xml")]
    public void Camt053_EveryVersion_ReadsAlike(string file)
    {
        var statement = Assert.Single(Camt(file));
        Assert.Equal(("camt053", "253EURNL26VAYB8060476890", "12312", "NL26VAYB8060476890"), (statement.Format, statement.StatementId, statement.Sequence, statement.Account));
        Assert.Equal((18.15m, "EUR", -27.00m), (statement.Opening!.Amount, statement.Opening.Currency, statement.Closing!.Amount));
        var line = Assert.Single(statement.Lines);
        Assert.Equal((8.85m, "EUR", new DateOnly(2014, 12, 31), new DateOnly(2015, 1, 2)), (line.Amount, line.Currency, line.BookingDate, line.ValueDate));
        Assert.Contains("4654654654654654", line.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Camt053_SeveralStatements_BalancesOfEveryKind_AndBatches()
    {
        var multi = Camt("camt053.v2.multi.statement.xml");
        Assert.Equal([8.85m, -7.00m], multi.SelectMany(s => s.Lines).Select(l => l.Amount));
        Assert.All(multi, s => Assert.True(s.AddsUp));
        // More decimals than the currency has are read as they are.
        var five = Assert.Single(Camt("camt053.v2.five.decimals.xml"));
        Assert.Equal((18.150m, 27.050m, 8.850m), (five.Opening!.Amount, five.Closing!.Amount, five.Lines.Single().Amount));
        var kinds = Assert.Single(Camt("camt053.v2.all-balance-types.xml"));
        Assert.Equal((1.01m, 4.04m), (kinds.Opening!.Amount, kinds.Closing!.Amount));

        var german = Assert.Single(Camt("viafintech_053_valid_example.xml"));
        Assert.Equal(("0352C5320131227220503", "130000005", "DE14740618130000033626", 33.06m, 23.06m),
            (german.StatementId, german.Sequence, german.Account, german.Opening!.Amount, german.Closing!.Amount));
        Assert.True(german.AddsUp);
        Assert.Equal(-10.00m, german.Lines.Sum(l => l.Amount));
        var first = german.Lines[0];
        Assert.Equal((-2.00m, new DateOnly(2013, 12, 27), "Testkonto Nummer 2", "DE09300606010012345671", "EndToEndReference"),
            (first.Amount, first.BookingDate, first.CounterpartyName, first.CounterpartyAccount, first.EndToEndId));
        // The batch entry (a collective transfer) is split into its transactions, which add up to it.
        Assert.Contains(german.Lines, l => l.Amount == -3.50m);
        Assert.Contains(german.Lines, l => l.Amount == -2.50m);

        // A truncated example whose balances cannot add up: read, and flagged.
        var batch = Assert.Single(Camt("viafintech_053_valid_example_with_batch.xml"));
        Assert.False(batch.AddsUp);
    }

    [Theory]
    [InlineData("camt054.v2.xml", "camt054")]
    [InlineData("camt054.v4.xml", "camt054")]
    [InlineData("camt054.v8.xml", "camt054")]
    [InlineData("camt052.v2.xml", "camt052")]
    public void Camt054And052_NotificationsAndReports_HaveMovementsWithTheirRemittance(string file, string format)
    {
        var statement = Assert.Single(Camt(file));
        Assert.Equal(format, statement.Format);
        var line = Assert.Single(statement.Lines);
        Assert.Equal((-200000m, "SEK", new DateOnly(2007, 10, 18)), (line.Amount, line.Currency, line.BookingDate));
        if (format == "camt054")
        {
            Assert.Equal("CH2801234000123456789", statement.Account);
            Assert.Contains("Unstructured Remittance Information V1", line.Details, StringComparison.Ordinal);
            Assert.Contains("ISR ref number V1", line.Details, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string, int> ChineseExports => new()
    {
        // the export, the mapping found from its header, the source project's converted output, the export's rows
        { "dge_example-icbc-debit-v2-records.csv", "icbc", "dge_example-icbc-debit-v2-output.beancount", 11 },
        { "dge_cmb-debit_example-cmb-records.csv", "cmb", "dge_example-cmb-debit-output.beancount", 5 },
        { "dge_boc-debit_example-boc-records.csv", "boc", "dge_example-boc-debit-output.beancount", 17 },
        { "dge_example-abc_debit-records.csv", "abc", "dge_example-abc_debit-output.beancount", 5 },
        { "dge_example-wechat-records.csv", "wechat", "dge_example-wechat-output.beancount", 27 },
    };

    /// <summary>The source project's transactions: each one's day and the amounts it moved — each posting's, and all the
    /// money out of one side together (it books a withdrawal's fee apart: 100.10 as 100.00 and 0.10).</summary>
    private static List<(DateOnly Day, HashSet<decimal> Amounts)> Beancount(string path)
    {
        var transactions = new List<(DateOnly Day, List<decimal> Postings)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 12 && DateOnly.TryParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && line[11] == '*')
                transactions.Add((day, []));
            else if (transactions.Count > 0 && System.Text.RegularExpressions.Regex.Match(line, @"^\s+[A-Z][\w:-]+\s+(-?[\d.]+) [A-Z]{3}$") is { Success: true } posting)
                transactions[^1].Postings.Add(decimal.Parse(posting.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return transactions.Select(t => (t.Day, t.Postings.Select(Math.Abs).Append(-t.Postings.Where(p => p < 0).Sum()).ToHashSet())).ToList();
    }

    /// <summary>Every row of the export is read (the source project leaves out some on purpose: payments it books
    /// from the wallets' own bills), and every transaction it made is among them, on its day and for its amount.</summary>
    [Theory]
    [MemberData(nameof(ChineseExports))]
    public void ChineseBankExports_AreFoundByTheirHeaders_AndAgreeWithTheSourceProject(string file, string mapping, string output, int rows)
    {
        var path = Path.Combine(Folder, "china", file);
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var read = ArFlow.Features.Bank.BankFiles.Read(File.ReadAllBytes(path), file);
        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var statement = Assert.Single(read.Value!);
        Assert.Equal(("csv:" + mapping, rows), (statement.Format, statement.Lines.Count));
        Assert.All(statement.Lines, l => Assert.Equal("CNY", l.Currency));
        foreach (var (day, amounts) in Beancount(Path.Combine(Folder, "china", output)))
            Assert.Contains(statement.Lines, l => l.BookingDate == day && amounts.Contains(Math.Abs(l.Amount)));
    }

    [Fact]
    public void ChineseBankExports_NameTheCounterparty()
    {
        var icbc = Path.Combine(Folder, "china", "dge_example-icbc-debit-v2-records.csv");
        if (!File.Exists(icbc)) Assert.Skip($"Skipped: the shared bank statements are not at {icbc}.");
        var transfer = ArFlow.Features.Bank.BankFiles.Read(File.ReadAllBytes(icbc), "icbc.csv").Value!.Single().Lines.Single(l => l.BookingDate == new DateOnly(2023, 2, 20));
        Assert.Equal((-1234.56m, "张三"), (transfer.Amount, transfer.CounterpartyName));
        Assert.Contains("跨行汇款", transfer.Details, StringComparison.Ordinal);
        // 招商银行 writes the name and the account in one column.
        var cmb = ArFlow.Features.Bank.BankFiles.Read(File.ReadAllBytes(Path.Combine(Folder, "china", "dge_cmb-debit_example-cmb-records.csv")), "cmb.csv").Value!.Single();
        Assert.Contains(cmb.Lines, l => l.CounterpartyName == "北京住房公积金管理中心" && l.CounterpartyAccount == "1111111111" && l.Amount == 1234.00m);
    }

    [Fact]
    public void Alipay_GbkBill_IsReadWithoutItsClosedPayments()
    {
        var path = Path.Combine(Folder, "china", "dge_example-alipay-records.csv");
        if (!File.Exists(path)) Assert.Skip($"Skipped: the shared bank statements are not at {path}.");
        var read = ArFlow.Features.Bank.BankFiles.Read(File.ReadAllBytes(path), "alipay.csv");
        Assert.True(read.IsSuccess, string.Join("; ", read.Errors));
        var lines = read.Value!.Single().Lines;
        // The source project keeps 7 (2023-01-18 … 2023-07-10); it also drops the refund of a payment that was closed
        // (2023-01-09), which this reader keeps: a refund is money moved.
        Assert.Equal(8, lines.Count);
        Assert.Equal(new DateOnly(2023, 1, 9), lines.Min(l => l.BookingDate));
        Assert.Contains(lines, l => l.BookingDate == new DateOnly(2023, 1, 18) && l.Amount == 222228.50m && l.Details == "转账");
        Assert.Contains(lines, l => l.BookingDate == new DateOnly(2023, 2, 12) && l.Amount == -49.74m);
    }
}
