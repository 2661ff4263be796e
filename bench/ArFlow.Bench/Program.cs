using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ArFlow.Bench;
using ArFlow.Data;
using ArFlow.Data.Entities;
using ArFlow.Domain.Ageing;
using ArFlow.Domain.Ledger;
using ArFlow.Features.Ageing;
using ArFlow.Features.Customers;
using ArFlow.Features.Demo;
using ArFlow.Features.Imports;
using ArFlow.Features.Ledger;
using ArFlow.Features.Users;
using ArFlow.Infrastructure;
using ArFlow.Infrastructure.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

// The ledger's benchmarks, each beside a bare baseline measured in the same run on the same engine.
//   dotnet run -c Release --project bench/ArFlow.Bench -- [--engine sqlite|postgres|both]
//       [--customers 100000] [--invoices 1000000] [--runs 5] [--history-years 5] [--smoke]
// PostgreSQL needs ARFLOW_BENCH_POSTGRES (bench/run.sh starts a server). Prints a Markdown report.
var options = Args.Parse(args);
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; {options.Customers:N0} customers, {options.Invoices:N0} invoices, medians of {options.Runs} runs.");
foreach (var engine in options.Engines)
{
    Console.Error.WriteLine($"== {engine}");
    report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {engine}").AppendLine();
    report.AppendLine("| benchmark | ArFlow | bare baseline | ratio | target |").AppendLine("|---|---|---|---|---|");
    await new Suite(engine, options, report).RunAsync();
}
Console.WriteLine(report);
return 0;

internal sealed record Args(string[] Engines, int Customers, int Invoices, int Runs, int HistoryYears, bool Smoke, string[] Only)
{
    /// <summary>--only ageing,statement,console,memory,history,import,credit,dunning,matching,kpi,forecast (with the monthly report) runs a part; the default runs all.</summary>
    public bool Includes(string part) => Only.Length == 0 || Only.Contains(part);

    public static Args Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var smoke = args.Contains("--smoke");
        var engine = Value("--engine") ?? (Environment.GetEnvironmentVariable("ARFLOW_BENCH_POSTGRES") is null ? "sqlite" : "both");
        return new Args(
            engine == "both" ? ["sqlite", "postgres"] : [engine],
            Int("--customers", smoke ? 50 : 100_000), Int("--invoices", smoke ? 600 : 1_000_000),
            Int("--runs", smoke ? 1 : 5), Int("--history-years", smoke ? 1 : 5), smoke,
            Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []);
    }
}

internal sealed class Suite(string engine, Args args, StringBuilder report)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);
    private readonly ArFlowOptions _options = new() { ImportBatchSize = 10_000 };
    private Clock Clock => new(new FakeTimeProvider(Now), _options);
    private DateOnly Today => Clock.Today;
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly List<string> _databases = [];

    public async Task RunAsync()
    {
        try
        {
            if (args.Includes("ageing") || args.Includes("statement") || args.Includes("console") || args.Includes("memory") || args.Includes("history") || args.Includes("credit")
                || args.Includes("dunning") || args.Includes("matching") || args.Includes("kpi") || args.Includes("forecast"))
            {
                var main = await GenerateAsync("main", args.Invoices);
                if (args.Includes("credit")) await CreditAsync(main);
                if (args.Includes("matching")) await MatchingAsync(main);
                if (args.Includes("kpi")) await KpiAsync(main);
                if (args.Includes("forecast")) await ForecastAsync(main);
                if (args.Includes("dunning")) await DunningAsync(main);
                if (args.Includes("ageing")) await AgeingAsync(main);
                if (args.Includes("statement")) await StatementApiAsync(main);
                if (args.Includes("console")) await ConsoleAsync(main);
                if (args.Includes("memory")) await MemoryAsync(await GenerateAsync("third", Math.Max(1, args.Invoices / 3)), main);
                if (args.Includes("history")) await HistoryAsync(main);
            }
            if (args.Includes("import")) await ImportAsync();
        }
        finally
        {
            foreach (var db in _databases) await DropAsync(db);
        }
    }

    private void Row(string name, string subject, string baseline, string ratio, string target)
    {
        var line = $"| {name} | {subject} | {baseline} | {ratio} | {target} |";
        report.AppendLine(line);
        Console.Error.WriteLine(line); // progress: the report itself comes at the end on stdout
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static ArFlowDbContext Context(string db) => new(DatabaseLocation.Parse(db).Options());

    private async Task<string> NewDatabaseAsync(string name)
    {
        string db;
        if (engine == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), $"arflow-bench-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{name}.db");
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            db = $"Data Source={file}";
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("ARFLOW_BENCH_POSTGRES") ?? throw new InvalidOperationException("Set ARFLOW_BENCH_POSTGRES (bench/run.sh does).");
            var database = $"arflow_bench_{name}";
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
            db = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
        }
        _databases.Add(db);
        await DatabaseLocation.Parse(db).MigrateAsync();
        return db;
    }

    private async Task DropAsync(string db)
    {
        if (engine == "sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("ARFLOW_BENCH_POSTGRES"));
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(db).Database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
    }

    /// <summary>The reference data: the demo company at scale, the same for the same seed.</summary>
    private async Task<string> GenerateAsync(string name, int invoices)
    {
        var db = await NewDatabaseAsync(name);
        var time = await Measure.TimeAsync(async () =>
        {
            await using var ctx = Context(db);
            await DemoCompany.CreateIfEmptyAsync(ctx, _options, Clock, new DemoSize(args.Customers, invoices, 1), _ct);
        });
        await AnalyzeAsync(db);
        var (docs, entries) = await CountAsync(db);
        Console.Error.WriteLine($"generated {name}: {docs:N0} documents, {entries:N0} ledger entries in {time.TotalSeconds:N0} s");
        report.AppendLine(CultureInfo.InvariantCulture, $"| generate {name} data: {docs:N0} documents, {entries:N0} ledger entries | {time.TotalSeconds:N0} s | | | |");
        return db;
    }

    private async Task AnalyzeAsync(string db)
    {
        await using var ctx = Context(db);
        await ctx.Database.ExecuteSqlRawAsync(engine == "sqlite" ? "ANALYZE" : "ANALYZE");
    }

    private async Task<(long Documents, long Entries)> CountAsync(string db)
    {
        await using var ctx = Context(db);
        return (await ctx.Documents.LongCountAsync(), await ctx.LedgerEntries.LongCountAsync());
    }

    private async Task<int> AgeingRowsAsync(string db, DateOnly asOf)
    {
        await using var ctx = Context(db);
        var n = 0;
        await foreach (var _ in AgeingQuery.RunAsync(ctx, asOf, AgeingGroup.Customer, AgeingBuckets.Default, AgeingBasis.DueDate, _ct)) n++;
        return n;
    }

    /// <summary>Streams a bare query through the same kind of connection and reads every column.</summary>
    private async Task<int> BareAsync(string db, string sql, DateOnly? asOf = null)
    {
        await using var ctx = Context(db);
        var connection = ctx.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (asOf is { } d) AgeingQuery.Add(cmd, "asOf", d);
        await using var reader = await cmd.ExecuteReaderAsync();
        var n = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
            n++;
        }
        return n;
    }

    private const string BareOpenItems = "SELECT customer_id, currency, SUM(open) FROM open_items WHERE open <> 0 GROUP BY customer_id, currency";
    /// <summary>The ageing's own arithmetic as bare SQL: bucket sums per customer and currency.</summary>
    private static string BareBucketed(DateOnly asOf)
    {
        var d = AgeingBuckets.Default.LowerDates(asOf).Select(x => "'" + x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'").ToArray();
        var buckets = string.Join(", ", Enumerable.Range(0, d.Length + 1).Select(i =>
            $"SUM(CASE WHEN side = 'Debit'{(i < d.Length ? $" AND due_date >= {d[i]}" : "")}{(i > 0 ? $" AND due_date < {d[i - 1]}" : "")} THEN open ELSE 0 END)"));
        return $"SELECT customer_id, currency, {buckets}, SUM(CASE WHEN side = 'Credit' THEN open ELSE 0 END), " +
               "SUM(CASE WHEN side = 'Debit' THEN open_base ELSE -open_base END) FROM open_items WHERE open <> 0 GROUP BY customer_id, currency";
    }

    private const string BareLedger = "SELECT item_id, SUM(amount) FROM ledger_entries WHERE posted_date <= @asOf GROUP BY item_id";

    private async Task AgeingAsync(string db)
    {
        await AgeingRowsAsync(db, Today); // warm caches for both
        await BareAsync(db, BareOpenItems);
        var (today, bareToday) = await Measure.PairAsync(args.Runs, () => AgeingRowsAsync(db, Today), () => BareAsync(db, BareOpenItems));
        Row("ageing as of today, all customers, streamed", Ms(today), Ms(bareToday) + " (SUM(open) … GROUP BY customer, currency)", Ratio(today, bareToday), "≤ 2×");
        var (today2, bucketed) = await Measure.PairAsync(args.Runs, () => AgeingRowsAsync(db, Today), () => BareAsync(db, BareBucketed(Today)));
        Row("ageing as of today, all customers, streamed", Ms(today2), Ms(bucketed) + " (the same buckets as one bare SQL aggregate, no names, no order)", Ratio(today2, bucketed), "≤ 2×");
        var past = Today.AddDays(-180);
        var (then, bareThen) = await Measure.PairAsync(args.Runs, () => AgeingRowsAsync(db, past), () => BareAsync(db, BareLedger, past));
        Row($"ageing as of {past:yyyy-MM-dd}", Ms(then), Ms(bareThen) + " (SUM … GROUP BY item over entries ≤ date)", Ratio(then, bareThen), "≤ 3×");
    }

    private static string Ratio(TimeSpan a, TimeSpan b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>p95 of a customer's statement and open items through the real HTTP server on loopback.</summary>
    private async Task StatementApiAsync(string db)
    {
        // Called as a signed-in auditor (reads everything), through an API key as a program would.
        var (app, http) = await ServeAsync(db, Roles.Auditor);
        try
        {
            var random = new Random(7);
            var requests = args.Smoke ? 40 : 1000;
            string Customer() => $"C{random.Next(1, args.Customers + 1):D5}";
            var from = Today.AddDays(-180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            async Task<List<double>> Time(Func<string> url)
            {
                var list = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var sw = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url());
                    await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                    list.Add(sw.Elapsed.TotalMilliseconds);
                }
                return list;
            }
            await Time(() => "/health"); // warm-up: JIT, pools, caches
            await Time(() => $"/api/statements?customer={Customer()}&from={from}&to={to}");
            var health = await Time(() => "/health");
            var statements = await Time(() => $"/api/statements?customer={Customer()}&from={from}&to={to}");
            var open = await Time(() => $"/api/customers/{Customer()}/open-items");
            string P(List<double> xs) => $"p50 {Measure.Percentile(xs, 50):0.0} ms, p95 {Measure.Percentile(xs, 95):0.0} ms";
            Row($"statement (6 months) over HTTP, {requests} random customers", P(statements), P(health) + " (GET /health)", "", "p95 ≤ 20 ms");
            Row($"open items over HTTP, {requests} random customers", P(open), P(health), "", "p95 ≤ 20 ms");
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The console on the reference data: the dashboard rendered by the real server (its
    /// figures are loaded while the page renders), and the queries behind a list's first page.</summary>
    private async Task ConsoleAsync(string db)
    {
        var (app, http) = await ServeAsync(db, Roles.FinanceManager);
        try
        {
            var requests = args.Smoke ? 3 : 20;
            async Task<List<double>> Get(string url)
            {
                var list = new List<double>();
                for (var i = 0; i < requests; i++)
                {
                    var sw = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                    list.Add(sw.Elapsed.TotalMilliseconds);
                }
                return list;
            }
            string P(List<double> xs) => $"p50 {Measure.Percentile(xs, 50):N0} ms, p95 {Measure.Percentile(xs, 95):N0} ms";
            await Get("/");
            var health = await Get("/health");
            var home = await Get("/");
            Row("dashboard page, rendered by the server with its figures", P(home), P(health) + " (GET /health)", "", "< 1 s");

            // A list page's first screen: its page of rows and their count, as the table asks for them.
            const string bareSql = "SELECT * FROM documents WHERE kind = 'Invoice' ORDER BY document_date DESC, id DESC LIMIT 25";
            var (customers, bare) = await Measure.PairAsync(args.Runs, async () =>
            {
                await using var ctx = Context(db);
                var page = await CustomerList.ListAsync(ctx, new CustomerFilter(PageSize: 25), _ct);
                await CustomerList.BalancesAsync(ctx, page.Items.Select(c => c.Code), Today, _ct);
            }, () => BareAsync(db, bareSql));
            Row("customers list, first page with balances and the total count", Ms(customers), Ms(bare) + " (25 newest invoices, bare SQL)", Ratio(customers, bare), "< 1 s");
            var (invoices, bare2) = await Measure.PairAsync(args.Runs, async () =>
            {
                await using var ctx = Context(db);
                await DocumentList.ListAsync(ctx, DocumentKind.Invoice, new DocumentFilter(PageSize: 25), Today, _ct);
            }, () => BareAsync(db, bareSql));
            Row("invoices list, first page and the total count", Ms(invoices), Ms(bare2), Ratio(invoices, bare2), "< 1 s");
            var (overdue, bare3) = await Measure.PairAsync(args.Runs, async () =>
            {
                await using var ctx = Context(db);
                await DocumentList.ListAsync(ctx, DocumentKind.Invoice, new DocumentFilter(Status: "overdue", PageSize: 25), Today, _ct);
            }, () => BareAsync(db, bareSql));
            Row("overdue invoices list, first page and the total count", Ms(overdue), Ms(bare3), Ratio(overdue, bare3), "< 1 s");
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The real server on a loopback port, and a client that calls it through an API key as
    /// a person with the given role.</summary>
    private static async Task<(WebApplication App, HttpClient Http)> ServeAsync(string db, string role)
    {
        var port = FreePort();
        // The limiter runs as in production, with limits no benchmark reaches (it fires thousands of requests a minute).
        var app = WebApp.Build([$"--urls=http://127.0.0.1:{port}", $"--ArFlow:Database={db}", "--Logging:LogLevel:Default=Warning",
            "--ArFlow:RateLimits:ApiPerKey=100000000", "--ArFlow:RateLimits:ApiPerAddress=100000000"]);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await using var scope = app.Services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        var user = $"bench-{role}-{Environment.ProcessId}";
        (await UserAccounts.AddAsync(scope.ServiceProvider, new UserAccounts.NewUser(user, "Bench-password-1", role), now)).ValueOrThrow();
        var issued = await ApiKeyAdmin.IssueAsync(scope.ServiceProvider.GetRequiredService<ArFlowDbContext>(), new ApiKeyAdmin.Request(user, "bench"), user,
            scope.ServiceProvider.GetRequiredService<Clock>(), CancellationToken.None);
        http.DefaultRequestHeaders.Add("X-Api-Key", issued.ValueOrThrow().Key);
        return (app, http);
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Peak memory of `arflow report ageing` streaming to a file, at two ledger sizes.</summary>
    private async Task MemoryAsync(string small, string main)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "arflow.dll");
        async Task<long> Peak(string db, DateOnly asOf)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { exe, "report", "ageing", "--db", db, "--as-of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--format", "json" })
                info.ArgumentList.Add(a);
            return (await Measure.PeakMemoryAsync(info)).PeakBytes;
        }
        var past = Today.AddDays(-180);
        var (_, smallEntries) = await CountAsync(small);
        var (_, mainEntries) = await CountAsync(main);
        string Mb(long b) => (b / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";
        var a = await Peak(small, past);
        var b = await Peak(main, past);
        Row($"peak memory of `arflow report ageing --as-of {past:yyyy-MM-dd}` (process RSS)",
            $"{Mb(b)} at {mainEntries:N0} entries", $"{Mb(a)} at {smallEntries:N0} entries",
            ((double)b / a).ToString("0.00", CultureInfo.InvariantCulture) + "×", "flat");
    }

    /// <summary>The dunning run over the whole book: a dry run (everything done, then undone), the
    /// first real run (every action written with its outbox message or task), and the run repeated the
    /// same day (every step found done); against one bare pass over the same candidate open items.</summary>
    private async Task DunningAsync(string db)
    {
        const string candidates = "SELECT item_id, customer_id, due_date, open FROM open_items WHERE side = 'Debit' AND open > 0 AND due_date <= @asOf";
        ArFlow.Features.Dunning.DunningRunResult? result = null;
        async Task Run(bool dry)
        {
            await using var ctx = Context(db);
            result = await ArFlow.Features.Dunning.DunningRun.RunAsync(ctx, Clock, _options, Today, dry, _ct);
        }
        var (dry, bare) = await Measure.PairAsync(1, () => Run(true), () => BareAsync(db, candidates, Today.AddDays(7)));
        Row($"dunning dry run, whole book ({result!.Items:N0} items, {result.Customers:N0} customers)", Ms(dry), Ms(bare) + " (the candidate open items, one bare pass)", Ratio(dry, bare), "≤ 60 s");
        var (first, bare2) = await Measure.PairAsync(1, () => Run(false), () => BareAsync(db, candidates, Today.AddDays(7)));
        Row($"dunning run, first ({result!.Messages:N0} messages, {result.Tasks:N0} tasks written)", Ms(first), Ms(bare2), Ratio(first, bare2), "≤ 60 s");
        var (again, bare3) = await Measure.PairAsync(1, () => Run(false), () => BareAsync(db, candidates, Today.AddDays(7)));
        Row($"dunning run, repeated the same day ({result!.Items:N0} items to do)", Ms(again), Ms(bare3), Ratio(again, bare3), "≤ 60 s");

        // The day's forecasts the worklist weighs (written once a day and after training), then the collector's worklist over the whole book.
        const string open = "SELECT item_id, customer_id, due_date, open FROM open_items WHERE side = 'Debit' AND open > 0";
        var customers = 0;
        async Task Refresh()
        {
            await using var ctx = Context(db);
            customers = await ArFlow.Features.Prediction.PaymentPredictions.RefreshForecastsAsync(ctx, _options, Clock, force: true, _ct);
        }
        var (refresh, bare4) = await Measure.PairAsync(1, Refresh, () => BareAsync(db, open));
        Row($"forecast lateness of every customer, whole book ({customers:N0} customers, daily)", Ms(refresh), Ms(bare4) + " (the open items, one bare pass)", Ratio(refresh, bare4), "daily");
        const string overdue = "SELECT customer_id, SUM(open_base), MIN(due_date), COUNT(*) FROM open_items WHERE side = 'Debit' AND open > 0 AND due_date < @asOf GROUP BY customer_id";
        var rows = 0;
        async Task Worklist()
        {
            await using var ctx = Context(db);
            rows = (await ArFlow.Features.Collections.Worklist.ListAsync(ctx, new ArFlow.Features.Collections.Worklist.Filter(), Today, _ct)).Total;
        }
        var (worklist, bare5) = await Measure.PairAsync(args.Runs, Worklist, () => BareAsync(db, overdue, Today));
        Row($"worklist, whole book ({rows:N0} customers overdue, scored)", Ms(worklist), Ms(bare5) + " (overdue items grouped by customer, bare)", Ratio(worklist, bare5), "< 1 s");
    }

    /// <summary>Credit management on the reference data: the credit check each new invoice passes
    /// (against reading the customer's open items bare), the full credit file (which a customer
    /// without a grade of its own costs the check), the nightly early-warning run over the whole book
    /// (against one bare pass over the ledger), and training the payment model (against reading its
    /// invoices from the ledger).</summary>
    /// <summary>Cash application: 10,000 credits (as a bank statement: half naming an invoice, a quarter
    /// only the payer, some partial payments, some unrelated) matched against every open invoice of the
    /// book; against one bare pass over the open items and the bank lines it reads.</summary>
    private async Task MatchingAsync(string db)
    {
        var count = args.Smoke ? 200 : 10_000;
        var random = new Random(7);
        List<(string Number, decimal Open, string Currency, string Name)> items;
        int open;
        await using (var ctx = Context(db))
        {
            var query = from o in ctx.OpenItems.IgnoreQueryFilters()
                        join d in ctx.Documents.IgnoreQueryFilters() on o.ItemId equals d.Id
                        join c in ctx.Customers.IgnoreQueryFilters() on o.CustomerId equals c.Id
                        where o.Side == ArFlow.Domain.Ledger.ItemSide.Debit && o.Open > 0m && d.Currency == "CNY"
                        select new { d.Number, o.Open, o.Currency, c.Name };
            open = await ctx.OpenItems.IgnoreQueryFilters().CountAsync(o => o.Side == ArFlow.Domain.Ledger.ItemSide.Debit && o.Open > 0m);
            items = (await query.ToListAsync()).OrderBy(_ => random.Next()).Take(count).Select(x => (x.Number ?? "", x.Open, x.Currency, x.Name)).ToList();
        }
        static string Swift(decimal a) => a.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
        var text = new StringBuilder(":20:BENCH\n:25:CN0000BENCH\n:60F:C260630CNY0,00\n");
        var total = 0m;
        foreach (var (number, amount, _, name) in items)
        {
            var roll = random.Next(100);
            var (paid, details) = roll switch
            {
                < 50 => (amount, $"/NAME/{name}/REMI/货款 {number}"),
                < 75 => (amount, $"/NAME/{name}/REMI/payment"),
                < 90 => (Math.Round(amount / 2m, 2), $"/NAME/{name}/REMI/{number}"),
                _ => (Math.Round(amount / 3m, 2) + 0.01m, "/REMI/interest"),
            };
            if (paid <= 0m) continue;
            total += paid;
            text.Append(CultureInfo.InvariantCulture, $":61:2607010701C{Swift(paid)}NTRFNONREF\n:86:{details}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $":62F:C260701CNY{Swift(total)}\n-\n");
        await using (var ctx = Context(db))
        {
            var imported = await ArFlow.Features.Bank.BankImport.ImportAsync(ctx, Encoding.UTF8.GetBytes(text.ToString()), "bench.sta", "mt940", null, true, "bench", Clock, _ct);
            if (!imported.IsSuccess) throw new InvalidOperationException(string.Join("; ", imported.Errors));
        }
        ArFlow.Features.Bank.MatchRunResult? result = null;
        async Task Match()
        {
            await using var ctx = Context(db);
            result = await ArFlow.Features.Bank.CashApplication.RunAsync(ctx, autoPost: false, "bench", _options, Clock, _ct);
        }
        async Task Bare()
        {
            await BareAsync(db, "SELECT o.item_id, o.customer_id, d.number, o.due_date, o.open, o.currency FROM open_items o JOIN documents d ON d.id = o.item_id WHERE o.side = 'Debit' AND o.open > 0");
            await BareAsync(db, "SELECT * FROM bank_lines WHERE amount > 0");
        }
        var (matching, bare) = await Measure.PairAsync(1, Match, Bare);
        Row($"cash application: {result!.Lines:N0} credits against {open:N0} open invoices ({result.Proposed:N0} matched, {result.Unmatched:N0} not)", Ms(matching),
            Ms(bare) + " (the open items with their numbers and the bank lines, bare)", Ratio(matching, bare), "≤ 30 s");
    }

    /// <summary>All KPIs of a month and of a year for the whole company and by customer, against one
    /// bare grouped pass over the ledger entries up to the period's end.</summary>
    private async Task KpiAsync(string db)
    {
        var month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
        foreach (var (from, to, label) in new[] { (month, month.AddMonths(1).AddDays(-1), "a month"), (month.AddMonths(-11), month.AddMonths(1).AddDays(-1), "twelve months") })
            foreach (var by in new[] { "company", "customer" })
            {
                ArFlow.Features.Analytics.KpiReportResult? report = null;
                async Task Kpi()
                {
                    await using var ctx = Context(db);
                    report = (await ArFlow.Features.Analytics.KpiReport.RunAsync(ctx, from, to, by == "company" ? null : by, _options, Clock, _ct)).Value;
                }
                await Kpi(); // warm caches for both
                var (kpi, bare) = await Measure.PairAsync(args.Runs, Kpi, () => BareAsync(db, BareLedger, to));
                Row($"all KPIs of {label} ({from:yyyy-MM-dd} – {to:yyyy-MM-dd}) by {by}: {report!.Rows.Count:N0} rows", Ms(kpi),
                    Ms(bare) + " (SUM … GROUP BY item over entries ≤ the end)", Ratio(kpi, bare), "≤ 5 s");
            }
        var end = month.AddMonths(1).AddDays(-1);
        async Task Trend()
        {
            await using var ctx = Context(db);
            await ArFlow.Features.Analytics.KpiTrend.RunAsync(ctx, end, _options, Clock, _ct);
        }
        await Trend();
        var (trend, bareTrend) = await Measure.PairAsync(args.Runs, Trend, () => BareAsync(db, BareLedger, end));
        Row($"all KPIs of each of the twelve months to {end:yyyy-MM} (the trend, company)", Ms(trend), Ms(bareTrend) + " (SUM … GROUP BY item over entries ≤ the end)", Ratio(trend, bareTrend), "≤ 5 s");
    }

    /// <summary>The 13-week cash-flow forecast as made today: the day's invoice predictions written first (the
    /// daily refresh, timed once), then the forecast read against one bare pass over the open items.</summary>
    private async Task ForecastAsync(string db)
    {
        await using (var ctx = Context(db))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var customers = await ArFlow.Features.Prediction.PaymentPredictions.RefreshForecastsAsync(ctx, _options, Clock, force: true, _ct);
            Row($"the day's predictions written ({customers:N0} customers' open invoices; daily, before the forecast)", Ms(watch.Elapsed), "—", "—", "daily");
        }
        ArFlow.Features.Analytics.CashForecastResult? forecast = null;
        async Task Forecast()
        {
            await using var ctx = Context(db);
            forecast = (await ArFlow.Features.Analytics.CashFlowForecast.RunAsync(ctx, null, 13, _options, Clock, _ct)).Value;
        }
        await Forecast();
        var (made, bare) = await Measure.PairAsync(args.Runs, Forecast, () => BareAsync(db, "SELECT item_id, customer_id, due_date, open_base FROM open_items WHERE open > 0"));
        Row($"13-week cash-flow forecast, whole book ({forecast!.Weeks.Sum(w => w.Total):N0} expected in the weeks)", Ms(made),
            Ms(bare) + " (the open items, one bare pass)", Ratio(made, bare), "≤ 5 s");

        // The monthly evaluation report of last month: four KPI reports, the ageing movement, the forecast and its months.
        var last = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
        async Task Monthly()
        {
            await using var ctx = Context(db);
            (await ArFlow.Features.Analytics.MonthlyReport.RunAsync(ctx, last.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), _options, Clock, _ct)).ValueOrThrow();
        }
        await Monthly();
        var end = last.AddMonths(1).AddDays(-1);
        var (monthly, bareMonthly) = await Measure.PairAsync(args.Runs, Monthly, () => BareAsync(db, BareLedger, end));
        Row($"the monthly evaluation report of {last:yyyy-MM} (KPIs of three months and by collector, ageing movement, forecast)", Ms(monthly),
            Ms(bareMonthly) + " (SUM … GROUP BY item over entries ≤ the end)", Ratio(monthly, bareMonthly), "monthly");
    }

    private async Task CreditAsync(string db)
    {
        var random = new Random(11);
        var samples = args.Smoke ? 5 : 200;
        string Customer() => $"C{random.Next(1, args.Customers + 1):D5}";
        async Task<List<double>> Each(Func<ArFlowDbContext, string, Task> work)
        {
            var list = new List<double>();
            for (var i = 0; i < samples; i++)
            {
                var code = Customer();
                await using var ctx = Context(db);
                var sw = Stopwatch.StartNew();
                await work(ctx, code);
                list.Add(sw.Elapsed.TotalMilliseconds);
            }
            return list;
        }
        string P(List<double> xs) => $"p50 {Measure.Percentile(xs, 50):0.0} ms, p95 {Measure.Percentile(xs, 95):0.0} ms";
        async Task<int> bare(ArFlowDbContext ctx, string code)
        {
            var id = await ctx.Customers.Where(c => c.Code == code).Select(c => c.Id).SingleAsync(_ct);
            return (await ctx.OpenItems.Where(o => o.CustomerId == id && o.Side == ItemSide.Debit).Select(o => new { o.DueDate, o.Open }).ToListAsync(_ct)).Count;
        }
        await Each(async (ctx, code) => await bare(ctx, code)); // warm-up
        await Each((ctx, code) => ArFlow.Features.Credit.RunCreditCheck.Handle(ctx, new ArFlow.Features.Credit.RunCreditCheck.Request(code, 1000m), Clock, _ct));
        var baseline = await Each(async (ctx, code) => await bare(ctx, code));
        var check = await Each((ctx, code) => ArFlow.Features.Credit.RunCreditCheck.Handle(ctx, new ArFlow.Features.Credit.RunCreditCheck.Request(code, 1000m), Clock, _ct));
        Row($"credit check, {samples} random customers", P(check), P(baseline) + " (the customer's open items, bare)", "", "p95 ≤ 50 ms");
        var file = await Each((ctx, code) => ArFlow.Features.Credit.CreditFile.GetAsync(ctx, code, Today, _ct));
        Row($"credit file with score, {samples} random customers", P(file), P(baseline), "", "p95 ≤ 100 ms");

        // The early-warning run reads the whole book twice (today and 30 days before), set-based.
        var (run, pass) = await Measure.PairAsync(args.Runs, async () =>
        {
            await using var ctx = Context(db);
            await ArFlow.Features.Credit.CreditWarnings.RunAsync(ctx, _options, Clock, _ct, force: true);
        }, () => BareAsync(db, BareLedger, Today));
        Row($"early-warning run, whole book ({args.Customers:N0} customers)", Ms(run), Ms(pass) + " (one bare pass: SUM … GROUP BY item over entries ≤ today)", Ratio(run, pass), "nightly, minutes");

        var (train, read) = await Measure.PairAsync(1, async () =>
        {
            await using var ctx = Context(db);
            await ArFlow.Features.Prediction.PaymentPredictions.TrainAsync(ctx, _options, Clock, _ct);
        }, async () =>
        {
            await using var ctx = Context(db);
            await ArFlow.Features.Prediction.PaymentData.FromLedgerAsync(ctx, Today.AddYears(-3), _ct);
        });
        Row("payment model: holdout and training on three years of invoices", Ms(train), Ms(read) + " (reading those invoices from the ledger)", Ratio(train, read), "weekly, minutes");
    }

    /// <summary>Adds years of fully settled history before the existing two and measures today's ageing again.</summary>
    private async Task HistoryAsync(string db)
    {
        var before = await AgeingMedianAsync(db);
        var (_, entriesBefore) = await CountAsync(db);
        var perYear = args.Invoices / 2;
        var random = new Random(99);
        var time = await Measure.TimeAsync(async () =>
        {
            for (var year = 0; year < args.HistoryYears; year++)
            {
                var chunk = new List<(Document, Document, Document)>();
                for (var i = 0; i < perYear; i++)
                {
                    var customer = random.Next(1, args.Customers + 1);
                    var issued = Today.AddYears(-3 - year).AddDays(-random.Next(0, 365));
                    var paid = issued.AddDays(random.Next(10, 80));
                    var amount = random.Next(500, 200_000);
                    chunk.Add((new Document { Kind = DocumentKind.Invoice, CustomerId = customer, Number = $"H{year}-{i}", DocumentDate = issued, DueDate = issued.AddDays(30), Currency = "CNY", Amount = amount, CreatedAt = Now },
                        new Document { Kind = DocumentKind.Receipt, CustomerId = customer, Number = $"HR{year}-{i}", DocumentDate = paid, DueDate = paid, Currency = "CNY", Amount = amount, CreatedAt = Now },
                        new Document { Kind = DocumentKind.Allocation, CustomerId = customer, DocumentDate = paid, Currency = "CNY", Amount = amount, CreatedAt = Now }));
                    if (chunk.Count == 50_000 || i == perYear - 1)
                    {
                        await WriteSettledAsync(db, chunk);
                        chunk.Clear();
                    }
                }
            }
        });
        await AnalyzeAsync(db);
        var (_, entriesAfter) = await CountAsync(db);
        var after = await AgeingMedianAsync(db);
        Row($"ageing as of today after adding {args.HistoryYears} years of settled history ({entriesBefore:N0} → {entriesAfter:N0} entries; added in {time.TotalSeconds:N0} s)",
            Ms(after), Ms(before) + " (same ageing before)", Ratio(after, before), "≤ 1.20×");
    }

    private async Task<TimeSpan> AgeingMedianAsync(string db)
    {
        await AgeingRowsAsync(db, Today);
        var runs = new List<TimeSpan>();
        for (var i = 0; i < args.Runs; i++) runs.Add(await Measure.TimeAsync(() => AgeingRowsAsync(db, Today)));
        return Measure.Median(runs);
    }

    private async Task WriteSettledAsync(string db, List<(Document Invoice, Document Receipt, Document Allocation)> chunk)
    {
        await using var ctx = Context(db);
        await using var tx = await ctx.Database.BeginTransactionAsync();
        var ids = await BulkLedger.ReserveDocumentIdsAsync(ctx, chunk.Count * 3, _ct);
        var docs = new List<Document>();
        var entries = new List<LedgerEntryRow>();
        var items = new List<OpenItem>();
        for (var i = 0; i < chunk.Count; i++)
        {
            var (inv, rc, al) = chunk[i];
            (inv.Id, rc.Id, al.Id) = (ids[3 * i], ids[3 * i + 1], ids[3 * i + 2]);
            (al.DebitItemId, al.CreditItemId) = (inv.Id, rc.Id);
            docs.AddRange([inv, rc, al]);
            LedgerEntryRow E(Document d, long item, DateOnly date, decimal a) =>
                new() { DocumentId = d.Id, ItemId = item, CustomerId = d.CustomerId, PostedDate = date, Currency = "CNY", Amount = a, BaseAmount = a };
            entries.AddRange([E(inv, inv.Id, inv.DocumentDate, inv.Amount), E(rc, rc.Id, rc.DocumentDate, -rc.Amount), E(al, inv.Id, al.DocumentDate, -al.Amount), E(al, rc.Id, al.DocumentDate, al.Amount)]);
            OpenItem I(Document d, ItemSide side) => new()
            {
                ItemId = d.Id, CustomerId = d.CustomerId, Kind = d.Kind, Side = side, Currency = "CNY", DocumentDate = d.DocumentDate,
                DueDate = d.DueDate!.Value, Original = d.Amount, Open = 0m, OpenBase = 0m, RateToBase = 1m,
            };
            items.AddRange([I(inv, ItemSide.Debit), I(rc, ItemSide.Credit)]);
        }
        await BulkLedger.WriteAsync(ctx, docs, entries, items, _ct);
        await tx.CommitAsync();
    }

    /// <summary>Imports invoices from CSV with full validation, against a bare insert of the same
    /// rows into the same tables, each into a ledger holding only the customers.</summary>
    private async Task ImportAsync()
    {
        var db = await NewDatabaseAsync("import");
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"arflow-bench-{Environment.ProcessId}")).FullName;
        var customersCsv = Path.Combine(dir, "customers.csv");
        var invoicesCsv = Path.Combine(dir, "invoices.csv");
        var random = new Random(5);
        await using (var w = new StreamWriter(customersCsv))
        {
            await w.WriteLineAsync("code,name,payment_terms");
            for (var c = 1; c <= args.Customers; c++) await w.WriteLineAsync($"C{c:D5},Customer {c},{(c % 3 == 0 ? "eom 30" : "net 30")}");
        }
        await using (var w = new StreamWriter(invoicesCsv))
        {
            await w.WriteLineAsync("customer_code,number,issue_date,amount");
            for (var i = 0; i < args.Invoices; i++)
                await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"C{random.Next(1, args.Customers + 1):D5},IMP-{i:D8},{Today.AddDays(-random.Next(0, 700)):yyyy-MM-dd},{random.Next(100, 1_000_000) / 100m}"));
        }
        await using (var ctx = Context(db))
            await ImportFile.RunAsync(ctx, ImportKind.Customers, customersCsv, ImportMode.AllOrNothing, _options, Clock, null, _ct);
        await AnalyzeAsync(db);

        // The bare baseline's rows, built before its clock starts: the same documents, entries and open items.
        var rows = new List<(Document, LedgerEntryRow, OpenItem)>();
        await using (var ctx = Context(db))
        {
            var customers = await ctx.Customers.ToDictionaryAsync(c => c.Code, c => c.Id);
            long id = 0;
            foreach (var line in File.ReadLines(invoicesCsv).Skip(1))
            {
                var p = line.Split(',');
                var date = DateOnly.ParseExact(p[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var amount = decimal.Parse(p[3], CultureInfo.InvariantCulture);
                var doc = new Document { Id = ++id, Kind = DocumentKind.Invoice, CustomerId = customers[p[0]], Number = p[1], DocumentDate = date, DueDate = date.AddDays(30), Currency = "CNY", Amount = amount, Terms = "net 30", CreatedAt = Now };
                rows.Add((doc,
                    new LedgerEntryRow { DocumentId = id, ItemId = id, CustomerId = doc.CustomerId, PostedDate = date, Currency = "CNY", Amount = amount, BaseAmount = amount },
                    new OpenItem { ItemId = id, CustomerId = doc.CustomerId, Kind = DocumentKind.Invoice, Side = ItemSide.Debit, Currency = "CNY", DocumentDate = date, DueDate = date.AddDays(30), Original = amount, Open = amount, OpenBase = amount, OriginalBase = amount, RateToBase = 1m }));
            }
        }
        int imported = 0;
        var (import, bare) = await Measure.PairAsync(args.Runs,
            async () =>
            {
                await using var ctx = Context(db);
                imported = (await ImportFile.RunAsync(ctx, ImportKind.Invoices, invoicesCsv, ImportMode.AllOrNothing, _options, Clock, null, _ct)).Imported;
            },
            async () =>
            {
                await using var ctx = Context(db);
                await using var tx = await ctx.Database.BeginTransactionAsync();
                await BulkLedger.WriteAsync(ctx, rows.Select(r => r.Item1).ToList(), rows.Select(r => r.Item2).ToList(), rows.Select(r => r.Item3).ToList(), _ct);
                await tx.CommitAsync();
            },
            between: () => ClearLedgerAsync(db));
        if (imported != args.Invoices) throw new InvalidOperationException($"imported {imported} of {args.Invoices}");
        string Rate(TimeSpan t) => (args.Invoices / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + " rows/s";
        Row($"import {args.Invoices:N0} invoices from CSV, validated ({Ms(import)} vs {Ms(bare)})", Rate(import),
            Rate(bare) + (engine == "sqlite" ? " (prepared INSERT)" : " (binary COPY)"),
            (100 * bare.TotalSeconds / import.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + "% of bare rate", "≥ 25% of bare rate");
    }

    /// <summary>Empties the ledger between runs. The ledger is append-only in the database, so the
    /// benchmark lifts its triggers for the reset and puts them back.</summary>
    private async Task ClearLedgerAsync(string db)
    {
        await using var ctx = Context(db);
        if (engine == "postgres")
        {
            await ctx.Database.ExecuteSqlRawAsync("""
                ALTER TABLE ledger_entries DISABLE TRIGGER USER;
                TRUNCATE ledger_entries, open_items, documents CASCADE;
                ALTER TABLE ledger_entries ENABLE TRIGGER USER;
                """);
            return;
        }
        var triggers = await ctx.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger_entries'").ToListAsync();
        var names = await ctx.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger_entries'").ToListAsync();
#pragma warning disable EF1003 // names read from sqlite_master, not from input
        foreach (var name in names) await ctx.Database.ExecuteSqlRawAsync("DROP TRIGGER " + name);
#pragma warning restore EF1003
        // Without foreign-key checks SQLite empties a table at once instead of row by row.
        await ctx.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF; DELETE FROM ledger_entries; DELETE FROM open_items; DELETE FROM documents; PRAGMA foreign_keys = ON;");
        foreach (var sql in triggers) await ctx.Database.ExecuteSqlRawAsync(sql);
    }
}
