using System.Diagnostics;
using ArFlow.Domain.Ageing;
using ArFlow.Features.Ageing;
using ArFlow.Features.Demo;
using ArFlow.Features.Statements;
using ArFlow.Infrastructure;
using ArFlow.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace ArFlow.Tests;

/// <summary>Reports issue a fixed number of queries, whatever the size of the ledger: no N+1.</summary>
public abstract class QueryCountTests(Engine engine)
{
    /// <summary>Counts the SQL commands sent to one database: EF Core's (its diagnostic events) and
    /// the raw report queries (the ArFlow.Sql activity source).</summary>
    private sealed class SqlCounter : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly string _database;
        private readonly ActivityListener _activities;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public SqlCounter(string database)
        {
            _database = database;
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == "ArFlow.Sql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a => { if (Mine(a.GetTagItem("db.name") as string)) Interlocked.Increment(ref _count); },
            };
            ActivitySource.AddActivityListener(_activities);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        private bool Mine(string? name) => name is not null && (_database.Contains(name, StringComparison.Ordinal) || name.Contains(_database, StringComparison.Ordinal));

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) _subscriptions.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData e
                && Mine(Data.Telemetry.DatabaseName(e.Command.Connection)))
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _activities.Dispose();
            foreach (var s in _subscriptions) s.Dispose();
        }
    }

    private async Task<(int Ageing, int PastAgeing, int Statement)> CountAsync(int customers, int invoices)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var options = new ArFlowOptions();
        var clock = new Clock(new FakeTimeProvider(TestApp.Start), options);
        await using (var ctx = db.Context())
            await DemoCompany.CreateIfEmptyAsync(ctx, options, clock, new DemoSize(customers, invoices, 3), TestContext.Current.CancellationToken);
        var name = engine == Engine.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource
            : new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).Database!;

        async Task<int> Count(Func<Data.ArFlowDbContext, Task> report)
        {
            await using var ctx = db.Context();
            using var counter = new SqlCounter(name);
            await report(ctx);
            return counter.Count;
        }
        async Task Ageing(Data.ArFlowDbContext ctx, DateOnly asOf)
        {
            await foreach (var _ in AgeingQuery.RunAsync(ctx, asOf, AgeingGroup.Customer, AgeingBuckets.Default, AgeingBasis.DueDate, TestContext.Current.CancellationToken)) { }
        }
        return (
            await Count(ctx => Ageing(ctx, clock.Today)),
            await Count(ctx => Ageing(ctx, clock.Today.AddDays(-200))),
            await Count(ctx => StatementQuery.RunAsync(ctx, "C00001", clock.Today.AddYears(-2), clock.Today, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Reports_IssueTheSameNumberOfQueries_ForAnySize()
    {
        var small = await CountAsync(3, 30);
        var large = await CountAsync(25, 900);
        Assert.Equal(small, large);
        Assert.Equal((2, 2), (small.Ageing, small.PastAgeing));
        Assert.InRange(small.Statement, 3, 5);
    }
}

public sealed class SqliteQueryCountTests() : QueryCountTests(Engine.Sqlite);

public sealed class PostgresQueryCountTests() : QueryCountTests(Engine.Postgres);
