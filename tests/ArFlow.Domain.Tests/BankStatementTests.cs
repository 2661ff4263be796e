using System.Globalization;
using System.Text;
using ArFlow.Domain.Errors;
using ArFlow.Domain.Reconciliation;
using FsCheck;
using FsCheck.Fluent;

namespace ArFlow.Domain.Tests;

/// <summary>The bank statement readers on small statements written here: what they read, and what
/// they refuse (naming the line and the field) — truncated, garbled and empty files.</summary>
public class BankStatementTests
{
    private const string Two = """
        {1:F01BANKCNSHAXXX0000000000}{2:O9401200260701BANKCNSHAXXX00000000002607011200N}{4:
        :20:STMT-1
        :25:CN1234567890
        :28C:1/1
        :60F:C261230CNY1000,00
        :61:2612301230C1500,00NTRFINV-2026-001//BR1
        :86:/NAME/上海华东贸易有限公司/REMI/货款 INV-2026-001
        :61:2612310102D200,NCHGNONREF
        :86:BANK CHARGES
        WITH A SECOND LINE
        :61:2612311231RD50,NTRFNONREF
        :62F:C261231CNY2350,00
        -
        :20:STMT-2
        :25:CN1234567890
        :28C:2/1
        :60F:C261231CNY2350,00
        :61:2701020102C10,NTRFNONREF
        :86:166?00GUTSCHRIFT?20EREF+E2E-77?21SVWZ+RECHNUNG 4711?22 UND 4712?32MUSTER GMBH?31DE02120300000000202051
        :62F:C270102CNY2370,00
        -}
        """;

    [Fact]
    public void Mt940_ReadsBalances_Movements_ReversalsAndBothStructuredForms()
    {
        var statements = Mt940.Parse(Two).Value!;
        Assert.Equal(2, statements.Count);
        var first = statements[0];
        Assert.Equal(("STMT-1", "1/1", "CN1234567890", "CNY", 1000m, 2350m, true), (first.StatementId, first.Sequence, first.Account, first.Currency, first.Opening!.Amount, first.Closing!.Amount, first.AddsUp));
        Assert.Equal([1500m, -200m, 50m], first.Lines.Select(l => l.Amount));
        var paid = first.Lines[0];
        Assert.Equal(("上海华东贸易有限公司", "货款 INV-2026-001", "INV-2026-001", "BR1", "NTRF"), (paid.CounterpartyName, paid.Details, paid.EndToEndId, paid.BankReference, paid.TypeCode));
        // Booked on 2 January for a value of 31 December: the entry date runs into the next year.
        Assert.Equal((new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 2)), (first.Lines[1].ValueDate, first.Lines[1].BookingDate));
        Assert.Equal("BANK CHARGES\nWITH A SECOND LINE", first.Lines[1].Details);
        Assert.True(first.Lines[2].Reversal);
        var german = statements[1].Lines.Single();
        Assert.Equal(("MUSTER GMBH", "DE02120300000000202051", "E2E-77", "RECHNUNG 4711 UND 4712"), (german.CounterpartyName, german.CounterpartyAccount, german.EndToEndId, german.Details));
    }

    [Theory]
    [InlineData(":61:2612301230C15O0,00NTRFNONREF", "line 6", "bank.bad_field")]     // a letter O in the amount
    [InlineData(":60F:C261330CNY1000,00", "line 5", "bank.bad_field")]               // month 13
    public void Mt940_AGarbledField_IsNamedByLineAndTag(string replacement, string line, string code)
    {
        var lines = Two.Split('\n');
        var at = int.Parse(line[5..], CultureInfo.InvariantCulture) - 1;
        lines[at] = replacement;
        var parsed = Mt940.Parse(string.Join('\n', lines));
        Assert.False(parsed.IsSuccess);
        Assert.Contains(parsed.Errors, e => e.Field == line && e.Code == code);
    }

    [Fact]
    public void Mt940_TruncatedOrEmpty_IsRefused()
    {
        var cut = Two[..Two.IndexOf(":62F:C261231", StringComparison.Ordinal)];
        var truncated = Mt940.Parse(cut);
        Assert.Equal((ErrorCodes.BankMissingField, "end", ":62F:"), (truncated.Errors[0].Code, truncated.Errors[0].Field, truncated.Errors[0].Args[0]));
        Assert.Equal(ErrorCodes.BankNoStatement, Mt940.Parse("").Errors.Single().Code);
        Assert.Equal(ErrorCodes.BankNoStatement, Mt940.Parse("Date,Amount\n2026-01-01,100").Errors.Single().Code);
        var headless = Mt940.Parse(":25:CN1\n:60F:C261230CNY1,00\n:62F:C261230CNY1,00\n");
        Assert.Contains(headless.Errors, e => e.Code == ErrorCodes.BankMissingField && Equals(e.Args[0], ":20:"));
    }

    [Fact]
    public void Mt940_AnyMovements_AddUpExactlyWhenTheClosingBalanceDoes() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(-9_999_999, 9_999_999)).ToArbitrary(), Gen.Choose(-1, 1).ToArbitrary(),
            (cents, off) =>
            {
                var amounts = cents.Select(c => c / 100m).ToList();
                var opening = 1234.56m;
                var closing = opening + amounts.Sum() + off / 100m;
                static string Dc(decimal a) => a < 0 ? "D" : "C";
                static string Swift(decimal a) => Math.Abs(a).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
                var text = new StringBuilder(":20:P\n:25:ACC\n:60F:" + Dc(opening) + "260701EUR" + Swift(opening) + "\n");
                foreach (var a in amounts) text.Append(":61:260701" + Dc(a) + Swift(a) + "NTRFNONREF\n:86:x\n");
                text.Append(":62F:" + Dc(closing) + "260701EUR" + Swift(closing) + "\n-\n");
                var statement = Mt940.Parse(text.ToString()).Value!.Single();
                return statement.Lines.Select(l => l.Amount).SequenceEqual(amounts) && statement.Discrepancy == -off / 100m && statement.AddsUp == (off == 0);
            }).QuickCheckThrowOnFailure();

    private const string Camt053 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
          <BkToCstmrStmt>
            <Stmt>
              <Id>S1</Id>
              <Acct><Id><IBAN>CN00TEST0001</IBAN></Id><Ccy>CNY</Ccy></Acct>
              <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-07-01</Dt></Dt></Bal>
              <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">1100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-07-01</Dt></Dt></Bal>
              <Ntry>
                <Amt Ccy="CNY">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-07-01</Dt></BookgDt><ValDt><DtTm>2026-07-01T10:00:00+08:00</DtTm></ValDt>
                <NtryDtls><TxDtls>
                  <Refs><EndToEndId>E2E-1</EndToEndId></Refs>
                  <RltdPties><Dbtr><Nm>华东贸易</Nm></Dbtr><DbtrAcct><Id><Othr><Id>6222000011112222</Id></Othr></Id></DbtrAcct></RltdPties>
                  <RmtInf><Ustrd>INV-7 INV-8</Ustrd></RmtInf>
                </TxDtls></NtryDtls>
              </Ntry>
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """;

    [Fact]
    public void Camt_ReadsTheDebtorOfACredit_AndNamesWhatItCannotRead()
    {
        var line = Camt.Parse(Camt053).Value!.Single().Lines.Single();
        Assert.Equal((1000m, "华东贸易", "6222000011112222", "E2E-1", "INV-7 INV-8"), (line.Amount, line.CounterpartyName, line.CounterpartyAccount, line.EndToEndId, line.Details));

        var garbled = Camt.Parse(Camt053.Replace("1000.00", "1,000.00", StringComparison.Ordinal));
        Assert.Equal((ErrorCodes.BankBadField, "line 10"), (garbled.Errors[0].Code, garbled.Errors[0].Field));
        var truncated = Camt.Parse(Camt053[..(Camt053.Length / 2)]);
        Assert.Equal(ErrorCodes.BankBadField, truncated.Errors.Single().Code);
        Assert.StartsWith("line ", truncated.Errors.Single().Field, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.BankNoStatement, Camt.Parse("<Document><Other/></Document>").Errors.Single().Code);
    }

    private static List<IReadOnlyList<string>> Rows(string csv) =>
        csv.Split('\n').Select(l => (IReadOnlyList<string>)l.TrimEnd('\r').Split(',')).ToList();

    private const string Export = """
        某某银行账户明细
        账号：6222 0000 1111
        交易日期,摘要,收入金额,支出金额,余额,对方户名,对方账号,附言
        2026-07-03,转账,"-",500.00,1500.00,房东,6222111,房租
        2026-07-02,货款,2000.00,-,2000.00,上海华东贸易有限公司,31001234,INV-2026-001 INV-2026-002
        本页合计,,2000.00,500.00,,,,
        """;

    private static readonly TabularMapping Mapping =
        new("my-bank", "交易日期", Credit: "收入金额", Debit: "支出金额", Counterparty: "对方户名", Account: "对方账号", Details: ["摘要", "附言"], Balance: "余额");

    [Fact]
    public void Spreadsheet_FindsTheHeaderUnderATitle_ReadsSplitColumns_AndItsBalances()
    {
        var statement = TabularStatement.Parse(Rows(Export.Replace("\"-\"", "-", StringComparison.Ordinal)), Mapping).Value!;
        // Newest first in the file, oldest first here; the total row at the bottom is not a movement.
        Assert.Equal([2000m, -500m], statement.Lines.Select(l => l.Amount));
        var receipt = statement.Lines[0];
        Assert.Equal(("上海华东贸易有限公司", "31001234", "货款 INV-2026-001 INV-2026-002", 5), (receipt.CounterpartyName, receipt.CounterpartyAccount, receipt.Details, receipt.SourceLine));
        Assert.Equal((0m, 1500m, true), (statement.Opening!.Amount, statement.Closing!.Amount, statement.AddsUp));
    }

    [Fact]
    public void Spreadsheet_BadCells_AreNamedByLineAndColumn()
    {
        var badDate = TabularStatement.Parse(Rows(Export.Replace("2026-07-02", "2026-02-30", StringComparison.Ordinal)), Mapping);
        Assert.Equal(("line 5", "交易日期"), (badDate.Errors.Single().Field, badDate.Errors.Single().Args[0]));
        var badAmount = TabularStatement.Parse(Rows(Export.Replace("2000.00,-", "2O00.00,-", StringComparison.Ordinal)), Mapping);
        Assert.Equal(("line 5", "收入金额"), (badAmount.Errors.Single().Field, badAmount.Errors.Single().Args[0]));
        var noColumn = TabularStatement.Parse(Rows(Export.Replace("对方户名", "户名", StringComparison.Ordinal)), Mapping);
        Assert.Equal((ErrorCodes.BankMissingField, "对方户名"), (noColumn.Errors.Single().Code, noColumn.Errors.Single().Args[0]));
        Assert.Equal(ErrorCodes.BankMissingField, TabularStatement.Parse(Rows("a,b\n1,2"), Mapping).Errors.Single().Code);
    }

    [Theory]
    [InlineData("¥1,234.50", "1234.50")]
    [InlineData("+10000.00", "10000.00")]
    [InlineData("-1,000.00", "-1000.00")]
    [InlineData("(12.00)", "-12.00")]
    [InlineData("88元", "88")]
    public void Spreadsheet_AmountsAsBanksWriteThem(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), TabularStatement.ParseAmount(text));
}
