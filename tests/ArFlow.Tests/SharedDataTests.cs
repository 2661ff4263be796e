using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ArFlow.Tests.Infrastructure;

namespace ArFlow.Tests;

/// <summary>The public IBM "Accounts Receivable" sample (2,466 invoices of 100 customers, all settled),
/// read from ../shared/data as it is, turned into ArFlow's import files and imported with the real
/// command: the invoices of 30 of its customers (receipts import row by row, so the whole file would
/// make this test slow). Skipped, saying so, where that folder is absent.</summary>
public class SharedDataTests
{
    private static readonly string Dataset = Path.Combine(CliRunner.RepositoryRoot, "..", "shared", "data", "ar-payment", "WA_Fn-UseC_-Accounts-Receivable.csv");

    private sealed record Row(string Customer, string Number, DateOnly Issued, DateOnly Due, decimal Amount, DateOnly Settled);

    private static DateOnly Us(string s) => DateOnly.ParseExact(s, "M/d/yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task IbmSample_ImportsEveryInvoiceAndPayment_AndAgesExactly()
    {
        if (!File.Exists(Dataset)) Assert.Skip($"Skipped: the shared dataset is not at {Dataset}.");
        var rows = File.ReadLines(Dataset).Skip(1).Select(l => l.Split(','))
            .Select(c => new Row(c[1], c[3], Us(c[4]), Us(c[5]), decimal.Parse(c[6], CultureInfo.InvariantCulture), Us(c[8]))).ToList();
        Assert.Equal((2466, 100), (rows.Count, rows.Select(r => r.Customer).Distinct().Count()));
        var sample = rows.Select(r => r.Customer).Distinct().Order(StringComparer.Ordinal).Take(30).ToHashSet();
        rows = rows.Where(r => sample.Contains(r.Customer)).ToList();

        await using var db = await TestDatabase.CreateAsync(Engine.Sqlite);
        var dir = Directory.CreateTempSubdirectory("arflow-ibm-").FullName;
        string Write(string name, IEnumerable<string> lines)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllLines(path, lines, new UTF8Encoding(false));
            return path;
        }
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string A(decimal a) => a.ToString(CultureInfo.InvariantCulture);
        var customers = Write("customers.csv", rows.Select(r => r.Customer).Distinct().Select(c => $"{c},IBM sample {c},USD,net 30").Prepend("code,name,currency,payment_terms"));
        var invoices = Write("invoices.csv", rows.Select(r => $"{r.Customer},{r.Number},{D(r.Issued)},{D(r.Due)},{A(r.Amount)},7").Prepend("customer_code,number,issue_date,due_date,amount,rate"));
        var receipts = Write("receipts.csv", rows.Select(r => $"{r.Customer},PAY-{r.Number},{D(r.Settled)},{A(r.Amount)},{r.Number},7").Prepend("customer_code,number,date,amount,invoice_number,rate"));
        foreach (var (kind, file) in new[] { ("customers", customers), ("invoices", invoices), ("receipts", receipts) })
        {
            var result = await CliRunner.RunAsync("import", kind, file, "--db", db.ConnectionString, "--format", "json");
            Assert.True(result.ExitCode == 0, kind + ": " + result.Stdout + result.Stderr);
        }

        async Task<JsonNode> Ageing(DateOnly asOf) =>
            JsonNode.Parse((await CliRunner.RunAsync("report", "ageing", "--db", db.ConnectionString, "--as-of", D(asOf), "--by", "currency", "--format", "json")).Stdout)!;

        // Every invoice was settled: nothing is open once the last payment is in.
        Assert.Empty((await Ageing(rows.Max(r => r.Settled)))["rows"]!.AsArray());
        // On any earlier date, what is open is exactly the invoices issued and not yet settled, aged by due date.
        foreach (var asOf in new[] { new DateOnly(2012, 6, 30), new DateOnly(2013, 3, 15), new DateOnly(2013, 11, 30) })
        {
            var open = rows.Where(r => r.Issued <= asOf && r.Settled > asOf).ToList();
            var row = (await Ageing(asOf))["rows"]![0]!;
            Assert.Equal(open.Sum(r => r.Amount), row["balance"]!.GetValue<decimal>());
            Assert.Equal(open.Where(r => r.Due >= asOf).Sum(r => r.Amount), row["buckets"]![0]!.GetValue<decimal>());
            Assert.Equal(open.Where(r => r.Due < asOf && r.Due >= asOf.AddDays(-30)).Sum(r => r.Amount), row["buckets"]![1]!.GetValue<decimal>());
            Assert.Equal(open.Sum(r => r.Amount) * 7, row["balanceBase"]!.GetValue<decimal>());
        }
    }

    /// <summary>The honest, time-ordered backtest on the whole sample with the real command: trained on
    /// what was settled before 2013-07-01, scored on the invoices issued after it. The model must beat
    /// the naive forecast (the customer's own record) on AUC and on days; docs/prediction.md has the figures.</summary>
    [Fact]
    public async Task IbmSample_Backtest_TheModelBeatsTheCustomersOwnRecord()
    {
        if (!File.Exists(Dataset)) Assert.Skip($"Skipped: the shared dataset is not at {Dataset}.");
        var scratch = Path.Combine(Path.GetTempPath(), $"arflow-backtest-{Guid.NewGuid():N}.db");
        var run = await CliRunner.RunAsync(["model", "backtest", "--cutoff", "2013-07-01", "--file", Dataset, "--late-days", "0", "--format", "json", "--db", scratch]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(1846, report["trainedOn"]!.GetValue<int>());
        Assert.Equal(536, report["naive"]!["invoices"]!.GetValue<int>());
        var (model, naive) = (report["model"]!, report["naive"]!);
        Assert.True(model["auc"]!.GetValue<double>() > naive["auc"]!.GetValue<double>(), run.Stdout);
        Assert.True(model["maeDays"]!.GetValue<double>() < naive["maeDays"]!.GetValue<double>(), run.Stdout);
    }
}
